package org.postern.console.tlsa;

import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import org.postern.console.common.ClipboardService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.console.destinations.DestinationLabels;
import org.postern.console.destinations.ProbeModel;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.api.ProbeReportText;

/**
 * Security › DANE / TLSA Inspector (DANE-7, CON-10): a domain, the probe delivery would make for it
 * (MX, addresses, TLSA with their DNSSEC status, STARTTLS, chain, TLSA matches, verdict) as a
 * cancellable background task, and the report as text — the same text {@code postern daneverify}
 * prints, from the engine's one formatter. The probe runs under the settings of the destination
 * entry that applies, as delivery would, or under another DANE setting ({@code daneverify --dane}).
 */
public final class DaneInspectorViewModel {

    private final ProbeModel probe;
    private final ClipboardService clipboard;
    private final StringBinding reportText;

    public DaneInspectorViewModel(DestinationApi api, TaskExecutor executor, ClipboardService clipboard) {
        this.probe = new ProbeModel(Objects.requireNonNull(api), Objects.requireNonNull(executor), "");
        this.clipboard = Objects.requireNonNull(clipboard);
        this.reportText = Bindings.createStringBinding(() -> {
            ProbeReport r = probe.probe().getResult();
            return r == null ? "" : ProbeReportText.format(r);
        }, probe.probe().resultProperty());
    }

    /** Why the domain cannot be inspected, or null. */
    public String domainProblem() {
        return probe.domainProblem();
    }

    /** Starts the inspection (a running one is cancelled first); does nothing while the domain has a problem. */
    public void inspect() {
        probe.run();
    }

    public void cancel() {
        probe.cancel();
    }

    /** Copies the whole report, as {@code postern daneverify} prints it. */
    public void copyReport() {
        if (!reportText.get().isEmpty()) {
            clipboard.copy(reportText.get());
        }
    }

    /** Copies one piece of the report (an RRset, a record). */
    public void copy(String text) {
        if (text != null && !text.isEmpty()) {
            clipboard.copy(text);
        }
    }

    /** The DANE settings to judge under: the entry's, or what Opportunistic or Mandatory would do. */
    public static java.util.List<DaneSetting> daneChoices() {
        return java.util.List.of(DaneSetting.DEFAULT, DaneSetting.OPPORTUNISTIC, DaneSetting.MANDATORY);
    }

    public static String daneChoiceLabel(DaneSetting d) {
        return d == DaneSetting.DEFAULT ? "The destination entry's setting" : DestinationLabels.label(d);
    }

    public javafx.beans.property.StringProperty domainProperty() { return probe.domainProperty(); }
    public javafx.beans.property.ObjectProperty<DaneSetting> daneProperty() { return probe.daneProperty(); }
    public Operation<ProbeReport> operation() { return probe.probe(); }
    public StringBinding reportTextBinding() { return reportText; }
}

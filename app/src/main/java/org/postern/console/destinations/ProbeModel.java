package org.postern.console.destinations;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReport;

/**
 * "Test this destination" (CON-10 for outbound, like posttls-finger): the domain, the TLS setting to
 * probe with ({@link OutboundTls#DEFAULT} = the setting of the entry that applies), and the probe
 * itself as a cancellable background task. No mail is sent.
 */
public final class ProbeModel {

    private final DestinationApi api;
    private final TaskExecutor executor;
    private final StringProperty domain = new SimpleStringProperty(this, "domain", "");
    private final ObjectProperty<OutboundTls> setting = new SimpleObjectProperty<>(this, "setting", OutboundTls.DEFAULT);
    private final ObjectProperty<DaneSetting> dane = new SimpleObjectProperty<>(this, "dane", DaneSetting.DEFAULT);
    private final Operation<ProbeReport> probe = new Operation<>();

    public ProbeModel(DestinationApi api, TaskExecutor executor, String domain) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.domain.set(domain == null ? "" : domain);
    }

    /** The domain to probe for an entry: a parent-domain entry needs a name under it, the default entry any domain. */
    public static String domainFor(String entryDomain) {
        if (entryDomain == null || entryDomain.equals(org.postern.engine.api.DestinationEntry.DEFAULT_DOMAIN)) {
            return "";
        }
        return entryDomain.startsWith(".") ? entryDomain.substring(1) : entryDomain;
    }

    /** DEFAULT first: "the entry's setting". */
    public static List<OutboundTls> settings() {
        return List.of(OutboundTls.values());
    }

    public static String settingLabel(OutboundTls tls) {
        return tls == OutboundTls.DEFAULT ? "The setting of the entry that applies" : DestinationLabels.label(tls);
    }

    public String domainProblem() {
        String d = domain.get();
        if (d == null || d.isBlank()) {
            return "Enter a recipient domain to test, e.g. example.com";
        }
        return InputRules.recipientDomainProblem(d);
    }

    /** Starts the probe; a running one is cancelled first. */
    public void run() {
        if (domainProblem() != null) {
            return;
        }
        String d = DestinationEntryModel.normalize(domain.get());
        OutboundTls s = setting.get() == null || setting.get() == OutboundTls.DEFAULT ? null : setting.get();
        DaneSetting dn = dane.get() == null || dane.get() == DaneSetting.DEFAULT ? null : dane.get();
        probe.start(executor, "Testing " + d + (s == null ? "" : " with " + DestinationLabels.label(s))
                        + (dn == null ? "" : ", DANE " + DestinationLabels.label(dn))
                        + ": connecting, STARTTLS, checking the certificate… (no mail is sent)",
                p -> {
                    ProbeReport report = api.probe(d, s, dn);
                    p.checkCancelled();
                    return report;
                });
    }

    public void cancel() {
        probe.cancel();
    }

    public StringProperty domainProperty() { return domain; }
    public ObjectProperty<OutboundTls> settingProperty() { return setting; }
    /** The DANE setting to judge under ({@link DaneSetting#DEFAULT} = the entry's), like {@code daneverify --dane}. */
    public ObjectProperty<DaneSetting> daneProperty() { return dane; }
    public Operation<ProbeReport> probe() { return probe; }
}

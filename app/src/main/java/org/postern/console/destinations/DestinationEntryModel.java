package org.postern.console.destinations;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.OutboundTls;

/**
 * The add/edit dialog of a destination entry (DLV-1, DLV-2, DLV-9, DANE-1): fields, checks as you
 * type, and the save. DANE is refused where the entry's TLS setting is (or inherits) None: the DANE
 * choice is then None and cannot be changed; an earlier choice comes back when TLS does.
 */
public final class DestinationEntryModel {

    private final DestinationApi api;
    private final TaskExecutor executor;
    private final DestinationEntry original;
    private final DestinationEntry defaultEntry;
    private final List<String> existingDomains;

    private final StringProperty domain = new SimpleStringProperty(this, "domain", "");
    private final ObjectProperty<OutboundTls> tls = new SimpleObjectProperty<>(this, "tls");
    private final ObjectProperty<DaneSetting> dane = new SimpleObjectProperty<>(this, "dane");
    private final IntegerProperty maxConnections = new SimpleIntegerProperty(this, "maxConnections");
    private final StringProperty route = new SimpleStringProperty(this, "route", "");
    private final BooleanProperty reconnectInClear = new SimpleBooleanProperty(this, "reconnectInClear");
    private final BooleanBinding daneAllowed;
    private final BooleanBinding reconnectApplies;
    private final Operation<DestinationEntry> saving = new Operation<>();
    private DaneSetting daneBeforeNone;

    /**
     * @param original       the entry edited, or null to add one
     * @param defaultEntry   the default entry as stored (what "Default" settings resolve to)
     * @param existingDomains domains that have an entry already (an added entry may not replace one)
     */
    public DestinationEntryModel(DestinationApi api, TaskExecutor executor, DestinationEntry original,
                                 DestinationEntry defaultEntry, List<String> existingDomains) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.original = original;
        this.defaultEntry = defaultEntry == null ? DestinationEntry.defaults() : defaultEntry;
        this.existingDomains = List.copyOf(existingDomains);
        DestinationEntry start = original != null ? original : new DestinationEntry("", OutboundTls.DEFAULT,
                DaneSetting.DEFAULT, DestinationEntry.DEFAULT_MAX_CONNECTIONS, null, false);
        domain.set(original == null ? "" : original.domain());
        tls.set(start.tls());
        dane.set(start.dane());
        maxConnections.set(start.maxConnections());
        route.set(start.route() == null ? "" : start.route());
        reconnectInClear.set(start.reconnectInClear());

        daneAllowed = Bindings.createBooleanBinding(() -> DestinationEntry.daneApplies(effectiveTls()), tls);
        reconnectApplies = Bindings.createBooleanBinding(() -> effectiveTls() == OutboundTls.PREFERRED
                || effectiveTls() == OutboundTls.PREFERRED_VERIFY, tls);
        daneAllowed.addListener((o, was, allowed) -> {
            if (!allowed && dane.get() != DaneSetting.NONE) {
                daneBeforeNone = dane.get();
                dane.set(DaneSetting.NONE);
            } else if (allowed && daneBeforeNone != null) {
                dane.set(daneBeforeNone);
                daneBeforeNone = null;
            }
        });
        if (!daneAllowed.get() && effectiveDane() != DaneSetting.NONE) {
            daneBeforeNone = dane.get();
            dane.set(DaneSetting.NONE);
        }
    }

    public boolean isNew() {
        return original == null;
    }

    public boolean isDefaultEntry() {
        return original != null && original.isDefault();
    }

    /** The TLS choices: the default entry cannot inherit. */
    public List<OutboundTls> tlsChoices() {
        return Arrays.stream(OutboundTls.values()).filter(t -> !(isDefaultEntry() && t == OutboundTls.DEFAULT)).toList();
    }

    public List<DaneSetting> daneChoices() {
        return Arrays.stream(DaneSetting.values()).filter(d -> !(isDefaultEntry() && d == DaneSetting.DEFAULT)).toList();
    }

    /** The TLS setting this entry ends up with ("Default" resolved through the default entry, as the engine does). */
    public OutboundTls effectiveTls() {
        return resolved().tls();
    }

    public DaneSetting effectiveDane() {
        return resolved().dane();
    }

    private DestinationEntry resolved() {
        DestinationEntry e = new DestinationEntry(domain.get(), tls.get() == null ? OutboundTls.DEFAULT : tls.get(),
                dane.get() == null ? DaneSetting.DEFAULT : dane.get(), maxConnections.get(), null, false);
        return isDefaultEntry() ? e : e.resolvedWith(defaultEntry);
    }

    public DestinationEntry defaultEntry() {
        return defaultEntry;
    }

    // ------------------------------------------------------------------ checks

    public String domainProblem() {
        if (isDefaultEntry()) {
            return null;
        }
        return domainProblem(domain.get(), isNew() ? existingDomains : List.of());
    }

    /**
     * Null when {@code text} is a domain ({@code example.com}) or a parent-domain entry
     * ({@code .example.com}) that is not {@code taken}; the domain rules are the engine's.
     */
    static String domainProblem(String text, List<String> taken) {
        if (text == null || text.isBlank()) {
            return "Enter the destination domain, e.g. example.com, or .example.com for all its subdomains";
        }
        String problem = InputRules.destinationDomainProblem(text);
        if (problem != null) {
            return problem;
        }
        String d = normalize(text);
        if (d.equals(DestinationEntry.DEFAULT_DOMAIN)) {
            return "\"default\" is the default entry; edit that entry instead";
        }
        if (taken.stream().anyMatch(t -> t.equalsIgnoreCase(d))) {
            return "There is already an entry for " + d + "; edit it instead";
        }
        return null;
    }

    /** Null when the route is empty (MX routing) or {@code host[:port]}, {@code [IPv6]:port}: the engine's rule. */
    public String routeProblem() {
        return InputRules.routeProblem(route.get());
    }

    public String maxConnectionsProblem() {
        return InputRules.destinationMaxConnectionsProblem(maxConnections.get());
    }

    /** DANE-1, the engine's rule: DANE applies only where the TLS setting is Preferred or Required (any variant). */
    public String daneProblem() {
        String problem = DestinationEntry.daneProblem(effectiveTls(), effectiveDane());
        return problem == null ? null : DestinationLabels.sentence(problem)
                + (tls.get() == OutboundTls.DEFAULT ? " (TLS none is inherited from the default entry)" : "");
    }

    /** The first problem of the form, or null. */
    public String problem() {
        for (String p : new String[] {domainProblem(), maxConnectionsProblem(), routeProblem(), daneProblem()}) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    // -------------------------------------------------------------------- save

    public DestinationEntry entry() {
        String d = isDefaultEntry() ? DestinationEntry.DEFAULT_DOMAIN : normalize(domain.get());
        String r = route.get() == null || route.get().isBlank() ? null : route.get().strip();
        return new DestinationEntry(d, tls.get(), dane.get(), maxConnections.get(), r, reconnectInClear.get());
    }

    /** Saves in the background; the engine has the last word and its refusal is shown as it is. */
    public void save(Consumer<DestinationEntry> onSaved) {
        DestinationEntry entry = entry();
        saving.start(executor, "Saving " + DestinationLabels.domain(entry) + "…", p -> {
            api.save(entry);
            return api.get(entry.domain());
        }, onSaved);
    }

    static String normalize(String text) {
        String d = text.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") && d.length() > 1 ? d.substring(0, d.length() - 1) : d;
    }

    public StringProperty domainProperty() { return domain; }
    public ObjectProperty<OutboundTls> tlsProperty() { return tls; }
    public ObjectProperty<DaneSetting> daneProperty() { return dane; }
    public IntegerProperty maxConnectionsProperty() { return maxConnections; }
    public StringProperty routeProperty() { return route; }
    public BooleanProperty reconnectInClearProperty() { return reconnectInClear; }
    public BooleanBinding daneAllowedBinding() { return daneAllowed; }
    public BooleanBinding reconnectAppliesBinding() { return reconnectApplies; }
    public Operation<DestinationEntry> saving() { return saving; }
}

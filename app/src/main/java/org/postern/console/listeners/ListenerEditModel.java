package org.postern.console.listeners;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postern.console.certificates.RolloverConfirmation;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.ListenerApi;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.SenderGroup;

/**
 * The add/edit listener dialog (LIS-1, LIS-7): fields, checks as you type, the warnings the engine
 * would give for the listener as entered (CERT-9, RFC 3207 §4), and the save itself.
 *
 * <p>A new listener gets a small host access table: a public one accepts mail for its accepted
 * domains by default (policy ACCEPTED) and has an empty BLOCKLIST; a private one relays for
 * RELAYLIST (loopback) and refuses everyone else by default (BLOCKED). The TLS choice is given to
 * every policy created with it. When editing, the TLS choice is the default policy's; the other
 * policies keep theirs (Mail Policies › Mail Flow Policies).
 */
public final class ListenerEditModel {

    private final ListenerApi api;
    private final TaskExecutor executor;
    private final ListenerSpec original;
    private final List<ListenerSpec> others;

    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ObjectProperty<ListenerKind> kind = new SimpleObjectProperty<>(this, "kind", ListenerKind.PUBLIC);
    private final StringProperty address = new SimpleStringProperty(this, "address", "127.0.0.1");
    private final StringProperty port = new SimpleStringProperty(this, "port", "25");
    private final StringProperty defaultDomain = new SimpleStringProperty(this, "defaultDomain", "localhost");
    private final StringProperty acceptedDomains = new SimpleStringProperty(this, "acceptedDomains", "localhost");
    private final IntegerProperty maxConnections =
            new SimpleIntegerProperty(this, "maxConnections", ListenerSpec.DEFAULT_MAX_CONNECTIONS);
    private final IntegerProperty acceptQueue =
            new SimpleIntegerProperty(this, "acceptQueue", ListenerSpec.DEFAULT_ACCEPT_QUEUE);
    private final ObjectProperty<CertificateChoice> certificate =
            new SimpleObjectProperty<>(this, "certificate", CertificateChoice.DEMO);
    private final ObjectProperty<InboundTls> tls = new SimpleObjectProperty<>(this, "tls", InboundTls.NO);
    private final ObservableList<CertificateChoice> certificates;
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final Operation<List<String>> save = new Operation<>();
    private long warningRequest;

    public ListenerEditModel(ListenerApi api, TaskExecutor executor, ListenerSpec original, List<ListenerSpec> existing,
                             List<CertificateChoice> certificateChoices) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.original = original;
        this.others = existing.stream()
                .filter(s -> original == null || !s.name().equalsIgnoreCase(original.name())).toList();
        this.certificates = FXCollections.observableArrayList(certificateChoices.isEmpty()
                ? List.of(CertificateChoice.DEMO) : certificateChoices);
        if (original != null) {
            name.set(original.name());
            kind.set(original.kind());
            address.set(original.address());
            port.set(Integer.toString(original.port()));
            defaultDomain.set(original.defaultDomain() == null ? "" : original.defaultDomain());
            acceptedDomains.set(String.join(", ", original.acceptedDomains()));
            maxConnections.set(original.maxConnections());
            acceptQueue.set(original.acceptQueue());
            certificate.set(this.certificates.stream()
                    .filter(c -> !c.demo() && c.name().equalsIgnoreCase(String.valueOf(original.certificate())))
                    .findFirst().orElse(CertificateChoice.DEMO));
            original.policies().stream().filter(p -> p.name().equalsIgnoreCase(original.defaultPolicy()))
                    .findFirst().ifPresent(p -> tls.set(p.tls()));
        } else {
            port.set(Integer.toString(freePortSuggestion()));
        }
        kind.addListener((o, a, b) -> {
            // a private listener relays for internal hosts: it accepts mail for any domain
            if (this.original == null && b == ListenerKind.PRIVATE && acceptedDomains.get().equals("localhost")) {
                acceptedDomains.set("");
            }
        });
    }

    private int freePortSuggestion() {
        int p = 2525;
        while (clash("127.0.0.1", p) != null && p < 2600) {
            p++;
        }
        return p;
    }

    public boolean creating() {
        return original == null;
    }

    // ------------------------------------------------------------------ checks

    public String nameProblem() {
        String n = name.get();
        if (n == null || n.isBlank()) {
            return "enter a name for the listener";
        }
        if (!n.equals(n.strip())) {
            return "the name must not start or end with a space";
        }
        if (others.stream().anyMatch(s -> s.name().equalsIgnoreCase(n))) {
            return "a listener named '" + n + "' already exists";
        }
        return null;
    }

    public String addressProblem() {
        String a = address.get() == null ? "" : address.get().strip();
        if (a.isEmpty()) {
            return "enter the IP address to listen on (0.0.0.0 for every address)";
        }
        return InputRules.listenerAddressProblem(a);
    }

    /** The port as a number, or -1 when it is not one. */
    public int portNumber() {
        String p = port.get() == null ? "" : port.get().strip();
        if (!p.matches("\\d{1,5}")) {
            return -1;
        }
        return Integer.parseInt(p);
    }

    public String portProblem() {
        int p = portNumber();
        if (p < 0) {
            return "the port must be a number from 1 to 65535";
        }
        String problem = InputRules.listenerPortProblem(p);
        if (problem != null) {
            return problem;
        }
        if (addressProblem() == null) {
            ListenerSpec other = clash(address.get().strip(), p);
            if (other != null) {
                return "listener '" + other.name() + "' already listens on " + other.address() + " port " + p;
            }
        }
        return null;
    }

    private ListenerSpec clash(String addr, int p) {
        return others.stream().filter(s -> s.port() == p && s.address().equals(addr)).findFirst().orElse(null);
    }

    public String maxConnectionsProblem() {
        return InputRules.listenerMaxConnectionsProblem(maxConnections.get());
    }

    public String acceptQueueProblem() {
        return InputRules.acceptQueueProblem(acceptQueue.get());
    }

    public String defaultDomainProblem() {
        return InputRules.defaultDomainProblem(defaultDomain.get() == null ? "" : defaultDomain.get().strip());
    }

    public String acceptedDomainsProblem() {
        for (String d : domains()) {
            String p = InputRules.acceptedDomainProblem(d);
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    /** The first problem of the form, or null. */
    public String problem() {
        for (String p : new String[] {nameProblem(), addressProblem(), portProblem(), defaultDomainProblem(),
                acceptedDomainsProblem(), maxConnectionsProblem(), acceptQueueProblem()}) {
            if (p != null) {
                return p;
            }
        }
        return null;
    }

    private List<String> domains() {
        String text = acceptedDomains.get() == null ? "" : acceptedDomains.get();
        return Arrays.stream(text.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    // ----------------------------------------------------------------- the spec

    /** The listener as entered (only meaningful while {@link #problem()} is null). */
    public ListenerSpec spec() {
        String n = name.get() == null ? "" : name.get();
        String domain = defaultDomain.get() == null || defaultDomain.get().isBlank() ? null : defaultDomain.get().strip();
        List<SenderGroup> groups;
        List<MailFlowPolicy> policies;
        String defaultPolicy;
        if (original == null) {
            InboundTls t = tls.get();
            if (kind.get() == ListenerKind.PUBLIC) {
                policies = List.of(MailFlowPolicy.of("ACCEPTED", PolicyAction.ACCEPT, t),
                        MailFlowPolicy.of("BLOCKED", PolicyAction.REJECT, t));
                groups = List.of(new SenderGroup("BLOCKLIST", List.of(), "BLOCKED"));
                defaultPolicy = "ACCEPTED";
            } else {
                policies = List.of(MailFlowPolicy.of("RELAYED", PolicyAction.RELAY, t),
                        MailFlowPolicy.of("BLOCKED", PolicyAction.REJECT, t));
                groups = List.of(new SenderGroup("RELAYLIST", List.of("127.0.0.0/8", "::1"), "RELAYED"));
                defaultPolicy = "BLOCKED";
            }
        } else {
            groups = original.senderGroups();
            defaultPolicy = original.defaultPolicy();
            policies = new ArrayList<>();
            for (MailFlowPolicy p : original.policies()) {
                policies.add(p.name().equalsIgnoreCase(defaultPolicy)
                        ? new MailFlowPolicy(p.name(), p.action(), tls.get(), p.maxMessageSize(), p.maxRecipients()) : p);
            }
        }
        CertificateChoice cert = certificate.get();
        return new ListenerSpec(n, kind.get(), address.get() == null ? "" : address.get().strip(), portNumber(), domain,
                domains(), maxConnections.get(), acceptQueue.get(), cert == null ? null : cert.name(), groups, policies,
                defaultPolicy);
    }

    /** The default policy's name (for the form's explanation). */
    public String defaultPolicyName() {
        if (original != null) {
            return original.defaultPolicy();
        }
        return kind.get() == ListenerKind.PUBLIC ? "ACCEPTED" : "BLOCKED";
    }

    /**
     * Asks the engine which warnings apply to the listener as entered (off the FX thread); the
     * answer replaces {@link #warnings()} unless a newer question was asked meanwhile.
     */
    public void checkWarnings() {
        long request = ++warningRequest;
        if (problem() != null) {
            return;
        }
        ListenerSpec spec = spec();
        executor.execute(BackgroundTask.call("Checking warnings", () -> api.warnings(spec))
                .onSuccess(w -> {
                    if (request == warningRequest) {
                        warnings.setAll(w);
                    }
                }));
    }

    /** Creates or updates the listener; the result is the engine's warnings, verbatim. */
    public void save(Runnable onSaved) {
        save(onSaved, null);
    }

    /**
     * As {@link #save(Runnable)}; a new certificate on an existing listener is first checked
     * against the published TLSA records (DANE-7) and a warning put to {@code rollover}.
     */
    public void save(Runnable onSaved, RolloverConfirmation rollover) {
        ListenerSpec spec = spec();
        String title = original == null ? "Creating listener " + spec.name() : "Saving listener " + spec.name();
        save.start(executor, title, p -> {
                    if (original == null) {
                        return api.create(spec);
                    }
                    boolean confirmed = rollover != null && rollover.confirm(
                            api.checkCertificateChange(original.name(), spec), "Switch anyway");
                    return api.update(original.name(), spec, confirmed);
                },
                w -> {
                    warnings.setAll(w);
                    onSaved.run();
                });
    }

    // -------------------------------------------------------------- properties

    public StringProperty nameProperty() { return name; }
    public ObjectProperty<ListenerKind> kindProperty() { return kind; }
    public StringProperty addressProperty() { return address; }
    public StringProperty portProperty() { return port; }
    public StringProperty defaultDomainProperty() { return defaultDomain; }
    public StringProperty acceptedDomainsProperty() { return acceptedDomains; }
    public IntegerProperty maxConnectionsProperty() { return maxConnections; }
    public IntegerProperty acceptQueueProperty() { return acceptQueue; }
    public ObjectProperty<CertificateChoice> certificateProperty() { return certificate; }
    public ObjectProperty<InboundTls> tlsProperty() { return tls; }
    public ObservableList<CertificateChoice> certificates() { return certificates; }
    /** The engine's warnings for the listener as entered (or, after saving, as saved). */
    public ObservableList<String> warnings() { return warnings; }
    public Operation<List<String>> saveOperation() { return save; }
    public ListenerSpec original() { return original; }

}

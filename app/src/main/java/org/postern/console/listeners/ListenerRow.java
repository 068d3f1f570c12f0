package org.postern.console.listeners;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.postern.engine.api.EngineApi.ListenerStatus;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;

/** A row of the listeners table: the configuration, and its runtime status that follows the engine. */
public final class ListenerRow {

    public static final String DEMO_LABEL = "Demo (not secure)";

    private final ListenerSpec spec;
    private final ObjectProperty<ListenerStatus> status = new SimpleObjectProperty<>(this, "status");

    public ListenerRow(ListenerSpec spec, ListenerStatus status) {
        this.spec = spec;
        this.status.set(status);
    }

    public ListenerSpec spec() {
        return spec;
    }

    public String name() {
        return spec.name();
    }

    public ObjectProperty<ListenerStatus> statusProperty() {
        return status;
    }

    public boolean demoCertificate() {
        return spec.certificate() == null;
    }

    public String certificateText() {
        return spec.certificate() == null ? DEMO_LABEL : spec.certificate();
    }

    public MailFlowPolicy defaultPolicy() {
        return spec.policies().stream().filter(p -> p.name().equalsIgnoreCase(spec.defaultPolicy())).findFirst()
                .orElse(null);
    }

    /** The TLS setting of the default policy (LIS-3..5). */
    public InboundTls tls() {
        MailFlowPolicy p = defaultPolicy();
        return p == null ? null : p.tls();
    }

    /** "listening · 2 active", the problem verbatim, "not listening" or "engine stopped". */
    public static String statusText(ListenerStatus s, boolean engineRunning) {
        if (s == null) {
            return "";
        }
        if (s.listening()) {
            return "listening · " + s.activeConnections() + " active";
        }
        if (s.problem() != null) {
            return s.problem();
        }
        return engineRunning ? "not listening" : "engine stopped";
    }

    public static String tlsLabel(InboundTls tls) {
        if (tls == null) {
            return "";
        }
        return switch (tls) {
            case NO -> "No";
            case PREFERRED -> "Preferred";
            case REQUIRED -> "Required";
        };
    }
}

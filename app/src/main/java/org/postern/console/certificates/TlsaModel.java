package org.postern.console.certificates;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.TlsaRecord;
import org.postern.engine.api.TlsaRequest;

/** The TLSA record generator (DANE-7): usage, selector, matching type, host and port. */
public final class TlsaModel {

    /** A choice with the number that goes into the record and what it means. */
    public record Choice(int value, String label) {
        @Override
        public String toString() {
            return value + " — " + label;
        }
    }

    public static final List<Choice> USAGES = List.of(
            new Choice(3, "DANE-EE: the server's own certificate or key (recommended for SMTP)"),
            new Choice(2, "DANE-TA: a trust anchor (CA) of the chain"),
            new Choice(1, "PKIX-EE: unusable for SMTP (RFC 7672)"),
            new Choice(0, "PKIX-TA: unusable for SMTP (RFC 7672)"));
    public static final List<Choice> SELECTORS = List.of(
            new Choice(1, "SPKI: the public key only (survives renewal with the same key)"),
            new Choice(0, "Cert: the whole certificate"));
    public static final List<Choice> MATCHING = List.of(
            new Choice(1, "SHA-256 (recommended)"),
            new Choice(2, "SHA-512"),
            new Choice(0, "Full: the data itself, not a hash"));

    private final CertificateApi api;
    private final TaskExecutor executor;
    private final String entryName;
    private final ObjectProperty<Choice> usage = new SimpleObjectProperty<>(this, "usage", USAGES.get(0));
    private final ObjectProperty<Choice> selector = new SimpleObjectProperty<>(this, "selector", SELECTORS.get(0));
    private final ObjectProperty<Choice> matching = new SimpleObjectProperty<>(this, "matching", MATCHING.get(0));
    private final StringProperty host = new SimpleStringProperty(this, "host", "");
    private final IntegerProperty port = new SimpleIntegerProperty(this, "port", 25);
    private final Operation<TlsaRecord> generation = new Operation<>();

    public TlsaModel(CertificateApi api, TaskExecutor executor, String entryName, String defaultHost) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.entryName = Objects.requireNonNull(entryName);
        host.set(defaultHost == null ? "" : defaultHost);
    }

    public String hostProblem() {
        String h = host.get();
        if (h == null || h.isBlank()) {
            return "Enter the host name of the MX host, e.g. mx1.example.com";
        }
        return InputRules.tlsaHostProblem(h);
    }

    public String portProblem() {
        return InputRules.tlsaPortProblem(port.get());
    }

    public String pageProblem() {
        String p = hostProblem();
        return p != null ? p : portProblem();
    }

    public TlsaRequest request() {
        return new TlsaRequest(usage.get().value(), selector.get().value(), matching.get().value(),
                host.get().trim(), port.get());
    }

    public void generate() {
        TlsaRequest request = request();
        generation.start(executor, "Computing the TLSA record…", p -> api.tlsaRecord(entryName, request));
    }

    public String entryName() { return entryName; }
    public ObjectProperty<Choice> usageProperty() { return usage; }
    public ObjectProperty<Choice> selectorProperty() { return selector; }
    public ObjectProperty<Choice> matchingProperty() { return matching; }
    public StringProperty hostProperty() { return host; }
    public IntegerProperty portProperty() { return port; }
    public Operation<TlsaRecord> generation() { return generation; }
}

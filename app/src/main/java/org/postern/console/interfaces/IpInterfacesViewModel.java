package org.postern.console.interfaces;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.console.listeners.CertificateChoice;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.AdminApi.ClientCertificate;
import org.postern.engine.api.AdminApi.HttpsSettings;
import org.postern.engine.api.AdminApi.HttpsStatus;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.PosternException;

/**
 * Network › IP Interfaces (ADM-1/2, the vendor's interfaceconfig): HTTPS administration on or off,
 * its address, port and certificate with the engine's warnings (the demo certificate, CERT-9), what
 * the running engine serves (with the fingerprint remote consoles pin), the administrator's password
 * and the client certificates that may log in. The engine validates and applies; every call runs
 * off the FX thread.
 */
public final class IpInterfacesViewModel {

    private record Loaded(HttpsSettings settings, HttpsStatus status, List<CertificateSummary> certificates,
                          List<ClientCertificate> clients, boolean initialPassword) {
    }

    private final AdminApi api;
    private final CertificateApi certificatesApi;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled");
    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final IntegerProperty port = new SimpleIntegerProperty(this, "port", HttpsSettings.DEFAULT_PORT);
    private final ObjectProperty<CertificateChoice> certificate = new SimpleObjectProperty<>(this, "certificate",
            CertificateChoice.DEMO);
    private final ObservableList<CertificateChoice> certificates = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ObservableList<ClientCertificate> clientCertificates = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<HttpsStatus> status = new ReadOnlyObjectWrapper<>(this, "status");
    private final ReadOnlyBooleanWrapper initialPasswordPending = new ReadOnlyBooleanWrapper(this, "initialPasswordPending");
    private final ReadOnlyBooleanWrapper changed = new ReadOnlyBooleanWrapper(this, "changed");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final Operation<List<String>> applying = new Operation<>();
    private final Operation<Void> passwordChange = new Operation<>();
    private final Operation<Object> clientChange = new Operation<>();
    private HttpsSettings stored;
    private boolean loading;
    private long warningsAsked;

    public IpInterfacesViewModel(AdminApi api, CertificateApi certificatesApi, TaskExecutor executor,
                                 DialogService dialogs) {
        this.api = Objects.requireNonNull(api);
        this.certificatesApi = Objects.requireNonNull(certificatesApi);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        enabled.addListener((o, a, b) -> edited());
        address.addListener((o, a, b) -> edited());
        port.addListener((o, a, b) -> edited());
        certificate.addListener((o, a, b) -> edited());
    }

    /** Reloads the settings, what is served, the certificates to choose from and the client certificates. */
    public void refresh() {
        executor.execute(BackgroundTask.call("Reading the HTTPS administration settings", () -> new Loaded(api.https(),
                        api.httpsStatus(), certificatesApi.list(), api.clientCertificates(), api.initialPasswordPending()))
                .onSuccess(this::load)
                .onFailure(e -> dialogs.showError("Could not read the HTTPS administration settings",
                        Operation.describe(e))));
    }

    private void load(Loaded l) {
        loading = true;
        try {
            stored = l.settings();
            certificates.setAll(CertificateChoice.from(l.certificates()));
            enabled.set(l.settings().enabled());
            address.set(l.settings().address());
            port.set(l.settings().port());
            certificate.set(certificates.stream().filter(c -> Objects.equals(c.name(), l.settings().certificate()))
                    .findFirst().orElse(CertificateChoice.DEMO));
            status.set(l.status());
            clientCertificates.setAll(l.clients());
            initialPasswordPending.set(l.initialPassword());
        } finally {
            loading = false;
        }
        loaded.set(true);
        edited();
    }

    /** What the form says. */
    public HttpsSettings selection() {
        CertificateChoice c = certificate.get();
        return new HttpsSettings(enabled.get(), address.get() == null ? "" : address.get().strip(), port.get(),
                c == null ? null : c.name());
    }

    private void edited() {
        if (loading) {
            return;
        }
        HttpsSettings wanted = selection();
        changed.set(stored != null && !wanted.equals(stored));
        long asked = ++warningsAsked;
        executor.execute(BackgroundTask.call("Checking the HTTPS settings", () -> api.httpsWarnings(wanted))
                .onSuccess(w -> {
                    if (asked == warningsAsked) {
                        warnings.setAll(w);
                    }
                })
                .onFailure(e -> { }));
    }

    /** Stores and applies the form; the engine's refusal stays in {@link #applying()}, nothing changed. */
    public void apply() {
        HttpsSettings wanted = selection();
        applying.start(executor, "Applying the HTTPS administration settings", p -> api.setHttps(wanted), w -> {
            warnings.setAll(w);
            refresh();
        });
    }

    /** Sets the administrator's password; {@code again} must repeat it. The engine checks the rest. */
    public void changePassword(String password, String again) {
        if (password == null || !password.equals(again)) {
            passwordChange.start(executor, "Setting the administrator's password", p -> {
                throw new PosternException("the two passwords differ; type the same password twice");
            });
            return;
        }
        char[] secret = password.toCharArray();
        passwordChange.start(executor, "Setting the administrator's password", p -> {
            api.setPassword(secret);
            return null;
        }, v -> refresh());
    }

    /** Registers the certificate in {@code file} (PEM or DER) for client-certificate login. */
    public void addClientCertificate(Path file) {
        clientChange.start(executor, "Adding the client certificate", p -> api.addClientCertificate(Files.readAllBytes(file)),
                c -> refresh());
    }

    /** Removes a client certificate after the administrator confirms. */
    public void removeClientCertificate(ClientCertificate c) {
        if (c == null || !dialogs.confirm("Remove client certificate", "Remove the client certificate of " + c.subject()
                + "?", "Its holder can then no longer log in with it. SHA-256 " + c.sha256Fingerprint(), "Remove")) {
            return;
        }
        clientChange.start(executor, "Removing the client certificate", p -> {
            api.removeClientCertificate(c.sha256Fingerprint());
            return null;
        }, v -> refresh());
    }

    public BooleanProperty enabledProperty() { return enabled; }
    public StringProperty addressProperty() { return address; }
    public IntegerProperty portProperty() { return port; }
    public ObjectProperty<CertificateChoice> certificateProperty() { return certificate; }
    public ObservableList<CertificateChoice> certificates() { return certificates; }
    public ObservableList<String> warnings() { return warnings; }
    public ObservableList<ClientCertificate> clientCertificates() { return clientCertificates; }
    public ReadOnlyObjectProperty<HttpsStatus> statusProperty() { return status.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty initialPasswordPendingProperty() { return initialPasswordPending.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty changedProperty() { return changed.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty loadedProperty() { return loaded.getReadOnlyProperty(); }
    public Operation<List<String>> applying() { return applying; }
    public Operation<Void> passwordChange() { return passwordChange; }
    public Operation<Object> clientChange() { return clientChange; }

    /** "Listening on https://…" or why not. */
    public static String statusText(HttpsStatus s) {
        if (s == null) {
            return "Reading…";
        }
        if (s.listening()) {
            String host = s.address().contains(":") ? "[" + s.address() + "]" : s.address();
            return "Listening on https://" + host + ":" + s.port() + " with "
                    + (s.certificate() == null ? "the demo certificate" : "the certificate " + s.certificate());
        }
        return "Not listening" + (s.problem() == null || s.problem().isBlank() ? "" : ": " + s.problem());
    }
}

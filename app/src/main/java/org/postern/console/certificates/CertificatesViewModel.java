package org.postern.console.certificates;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateDetails;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.FileInspection;

/**
 * State and actions of the certificates page (CERT-1, CON-1..9). The only class of the page that
 * calls the engine; every call goes through the {@link TaskExecutor}, never on the FX thread.
 */
public final class CertificatesViewModel {

    private final CertificateApi api;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final ObservableList<CertificateSummary> certificates = FXCollections.observableArrayList();
    private final FilteredList<CertificateSummary> filtered = new FilteredList<>(certificates, s -> true);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ObjectProperty<CertificateSummary> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<CertificateDetails> details = new ReadOnlyObjectWrapper<>(this, "details");
    private final IntegerProperty expiryWarningDays = new SimpleIntegerProperty(this, "expiryWarningDays", 30);
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final ReadOnlyIntegerWrapper expiringCount = new ReadOnlyIntegerWrapper(this, "expiringCount");
    private final ReadOnlyIntegerWrapper expiredCount = new ReadOnlyIntegerWrapper(this, "expiredCount");
    private final javafx.beans.property.ReadOnlyBooleanWrapper loaded = new javafx.beans.property.ReadOnlyBooleanWrapper(this, "loaded");
    private Consumer<Intake> intakeHandler = intake -> { };
    private long detailsRequest;

    public CertificatesViewModel(CertificateApi api, TaskExecutor executor, DialogService dialogs) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        filterText.addListener((o, a, b) -> filtered.setPredicate(s -> matches(s, b)));
        selected.addListener((o, a, b) -> loadDetails(b));
    }

    // ------------------------------------------------------------------ list

    /** Reloads the list (and the expiry threshold), keeping the selection by name. */
    public void refresh() {
        CertificateSummary current = selected.get();
        refresh(current == null ? null : current.name());
    }

    /** Reloads the list and then selects the entry called {@code selectName} (if present). */
    public void refresh(String selectName) {
        loading.set(true);
        executor.execute(BackgroundTask.call("Loading certificates", () -> new Listing(api.list(), api.expiryWarningDays()))
                .onSuccess(listing -> {
                    expiryWarningDays.set(listing.warningDays());
                    certificates.setAll(listing.certificates());
                    updateCounts();
                    loaded.set(true);
                    CertificateSummary match = selectName == null ? null : certificates.stream()
                            .filter(s -> s.name().equals(selectName)).findFirst().orElse(null);
                    if (match != null) {
                        selected.set(match);
                        loadDetails(match);
                    } else {
                        selected.set(null);
                    }
                })
                .onFailure(e -> dialogs.showError("Could not load certificates", Operation.describe(e)))
                .onFinished(() -> loading.set(false)));
    }

    private record Listing(List<CertificateSummary> certificates, int warningDays) { }

    private void updateCounts() {
        expiringCount.set((int) certificates.stream()
                .filter(s -> s.expiry() == CertificateSummary.Expiry.EXPIRING).count());
        expiredCount.set((int) certificates.stream()
                .filter(s -> s.expiry() == CertificateSummary.Expiry.EXPIRED).count());
    }

    /** CON-2: every word of the query must occur in the name, CN, a SAN, the issuer, subject, status or usage. */
    public static boolean matches(CertificateSummary s, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String haystack = String.join("\n",
                s.name(), nullToEmpty(s.commonName()), String.join("\n", s.dnsNames()),
                nullToEmpty(s.issuer()), nullToEmpty(s.subject()), s.status().label(),
                String.join("\n", s.usages()), s.demo() ? "demo" : "").toLowerCase(Locale.ROOT);
        return Arrays.stream(query.toLowerCase(Locale.ROOT).trim().split("\\s+")).allMatch(haystack::contains);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }

    /** CON-1: the days-before-expiry threshold; the list is reloaded so badges follow. */
    public void saveExpiryWarningDays(int days) {
        if (days == expiryWarningDays.get()) {
            return;
        }
        executor.execute(BackgroundTask.run("Saving expiry threshold", () -> api.setExpiryWarningDays(days))
                .onSuccess(v -> refresh())
                .onFailure(e -> {
                    dialogs.showError("Could not change the expiry threshold", Operation.describe(e));
                    refresh();
                }));
    }

    // --------------------------------------------------------------- details

    private void loadDetails(CertificateSummary summary) {
        long request = ++detailsRequest;
        if (summary == null) {
            details.set(null);
            return;
        }
        executor.execute(BackgroundTask.call("Loading " + summary.name(), () -> api.details(summary.name()))
                .onSuccess(d -> {
                    if (request == detailsRequest) {
                        details.set(d);
                    }
                })
                .onFailure(e -> {
                    if (request == detailsRequest) {
                        details.set(null);
                        dialogs.showError("Could not load " + summary.name(), Operation.describe(e));
                    }
                }));
    }

    // --------------------------------------------------------------- actions

    /**
     * Deletes after the administrator confirms; nothing changes if the engine refuses. A certificate
     * in use is never deleted (the engine refuses it): the dialog names who uses it instead.
     */
    public void delete(CertificateSummary entry) {
        if (entry == null) {
            return;
        }
        if (!entry.usages().isEmpty()) {
            dialogs.showWarning("Certificate in use", "\"" + entry.name() + "\" is used by "
                    + String.join(", ", entry.usages()) + ", so it cannot be deleted. Choose another certificate"
                    + " there first (Listeners, HTTPS administration), then delete it."
                    + (entry.demo() ? " The demo certificate is never deleted: it is the fallback of listeners without"
                            + " a certificate." : ""));
            return;
        }
        boolean sure = dialogs.confirm("Delete certificate", "Delete \"" + entry.name() + "\"?",
                "The private key and the certificate chain of \"" + entry.name()
                        + "\" are removed from the store. No listener, HTTPS administration or outbound client uses"
                        + " it. This cannot be undone; export a PKCS#12 file first if you may need it again.", "Delete");
        if (!sure) {
            return;
        }
        executor.execute(BackgroundTask.run("Deleting " + entry.name(), () -> api.delete(entry.name()))
                .onSuccess(v -> refresh(null))
                .onFailure(e -> dialogs.showError("Could not delete \"" + entry.name() + "\"", Operation.describe(e))));
    }

    /** CERT-5: fetches the CSR (the entry becomes "CSR pending"); the list is reloaded. */
    public void certificateSigningRequest(String name, Operation<String> operation) {
        certificateSigningRequest(name, operation, pem -> { });
    }

    /** CERT-5: the engine makes the request and marks the entry CSR pending; then {@code then} gets the PEM. */
    public void certificateSigningRequest(String name, Operation<String> operation,
                                          java.util.function.Consumer<String> then) {
        operation.start(executor, "Creating the certificate signing request",
                p -> api.certificateSigningRequest(name), pem -> {
                    refresh(name);
                    then.accept(pem);
                });
    }

    /** CERT-6 from a dropped or pasted file: install as the CA-signed certificate. */
    public void uploadSigned(String name, byte[] certificate, byte[] intermediates, Operation<CertificateSummary> operation) {
        operation.start(executor, "Installing the signed certificate for " + name,
                p -> api.uploadSigned(name, certificate, intermediates,
                        rollover().confirm(api.checkUploadSigned(name, certificate, intermediates), "Install anyway")),
                s -> refresh(s.name()));
    }

    /** CERT-6: add intermediates to an entry's chain. */
    public void addIntermediates(String name, byte[] intermediates, Operation<CertificateSummary> operation) {
        operation.start(executor, "Adding intermediate certificates to " + name,
                p -> api.addIntermediates(name, intermediates), s -> refresh(s.name()));
    }

    /** CERT-6: add intermediates read from a file; errors are shown, nothing changes on error. */
    public void addIntermediatesFromFile(String name, Path file) {
        executor.execute(BackgroundTask.call("Adding intermediates to " + name,
                        () -> api.addIntermediates(name, Files.readAllBytes(file)))
                .onSuccess(s -> refresh(s.name()))
                .onFailure(e -> dialogs.showError("Could not add intermediates to \"" + name + "\"", Operation.describe(e))));
    }

    /** Writes text or bytes to a file chosen by the administrator, off the FX thread. */
    public void save(Path file, byte[] content, boolean secret, Runnable onSaved) {
        executor.execute(BackgroundTask.run("Saving " + file.getFileName(), () -> write(file, content, secret))
                .onSuccess(v -> onSaved.run())
                .onFailure(e -> dialogs.showError("Could not save " + file.getFileName(), Operation.describe(e))));
    }

    /** Writes a file; secrets (keys, PKCS#12) are created owner-only where the file system allows (CERT-10). */
    static void write(Path file, byte[] content, boolean secret) {
        try {
            Path tmp = Files.createTempFile(file.toAbsolutePath().getParent(), ".postern-", ".tmp");
            try {
                if (secret) {
                    restrict(tmp);
                }
                Files.write(tmp, content);
                Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's own protection applies
        }
    }

    // ----------------------------------------------------------- file intake

    /** CON-5: read a file (dropped or opened), ask the engine what it holds, then offer an action. */
    public void openFile(Path file) {
        executor.execute(BackgroundTask.call("Reading " + file.getFileName(), () -> {
                    byte[] bytes = Files.readAllBytes(file);
                    return new Intake(file.getFileName().toString(), file, bytes, api.inspect(bytes));
                })
                .onSuccess(intakeHandler)
                .onFailure(e -> dialogs.showError("Could not read " + file.getFileName(), Operation.describe(e))));
    }

    /** CON-4: pasted PEM (also indented) or bare base64. */
    public void pasteText(String text) {
        byte[] bytes = Intake.fromPastedText(text).orElse(null);
        if (bytes == null) {
            dialogs.showError("Nothing to paste",
                    "The clipboard holds no PEM block and no base64 data. Copy a certificate, chain or "
                            + "request in PEM form (-----BEGIN …-----) and paste again.");
            return;
        }
        executor.execute(BackgroundTask.call("Inspecting pasted text",
                        () -> new Intake("pasted text", null, bytes, api.inspect(bytes)))
                .onSuccess(intakeHandler)
                .onFailure(e -> dialogs.showError("Could not read the pasted text", Operation.describe(e))));
    }

    public void setIntakeHandler(Consumer<Intake> handler) {
        this.intakeHandler = Objects.requireNonNull(handler);
    }

    /** A file inspection for a dropped PKCS#12 file, for the import wizard. */
    public static boolean isPkcs12(FileInspection inspection) {
        return inspection.kind() == FileInspection.Kind.PKCS12;
    }

    // --------------------------------------------------------------- access

    public CertificateApi api() {
        return api;
    }

    public TaskExecutor executor() {
        return executor;
    }

    /** DANE-7: asks the administrator before a certificate change the engine's TLSA check warns about. */
    public RolloverConfirmation rollover() {
        return new RolloverConfirmation(dialogs);
    }

    public DialogService dialogs() {
        return dialogs;
    }

    public ObservableList<CertificateSummary> certificates() {
        return certificates;
    }

    public FilteredList<CertificateSummary> filteredCertificates() {
        return filtered;
    }

    public StringProperty filterTextProperty() {
        return filterText;
    }

    public ObjectProperty<CertificateSummary> selectedProperty() {
        return selected;
    }

    public ReadOnlyObjectProperty<CertificateDetails> detailsProperty() {
        return details.getReadOnlyProperty();
    }

    public IntegerProperty expiryWarningDaysProperty() {
        return expiryWarningDays;
    }

    public BooleanProperty loadingProperty() {
        return loading;
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty expiringCountProperty() {
        return expiringCount.getReadOnlyProperty();
    }

    public ReadOnlyIntegerProperty expiredCountProperty() {
        return expiredCount.getReadOnlyProperty();
    }

    public List<String> names() {
        return certificates.stream().map(CertificateSummary::name).toList();
    }
}

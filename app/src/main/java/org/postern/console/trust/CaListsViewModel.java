package org.postern.console.trust;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
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
import org.postern.engine.api.CaListApi;
import org.postern.engine.api.CaListApi.CaCertificate;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.api.CaListApi.CaListInfo;

/**
 * Network › Certificate Authorities (CA-1..6): the facts of the system and custom lists, their
 * enabled switches, the roots of the list shown (searchable), and the list actions. Every engine
 * call and every file read or write runs through the {@link TaskExecutor}.
 */
public final class CaListsViewModel {

    private final CaListApi api;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final ReadOnlyObjectWrapper<CaListInfo> system = new ReadOnlyObjectWrapper<>(this, "system");
    private final ReadOnlyObjectWrapper<CaListInfo> custom = new ReadOnlyObjectWrapper<>(this, "custom");
    private final ObjectProperty<CaList> shown = new SimpleObjectProperty<>(this, "shown", CaList.SYSTEM);
    private final ObservableList<CaCertificate> certificates = FXCollections.observableArrayList();
    private final FilteredList<CaCertificate> filtered = new FilteredList<>(certificates, c -> true);
    private final StringProperty filterText = new SimpleStringProperty(this, "filterText", "");
    private final ObjectProperty<CaCertificate> selected = new SimpleObjectProperty<>(this, "selected");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final Operation<CaListInfo> systemUpdate = new Operation<>();
    private long certificatesRequest;

    public CaListsViewModel(CaListApi api, TaskExecutor executor, DialogService dialogs) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        filterText.addListener((o, a, b) -> filtered.setPredicate(c -> matches(c, b)));
        shown.addListener((o, a, b) -> loadCertificates());
        systemUpdate.stateProperty().addListener((o, a, b) -> {
            if (b == Operation.State.FAILED) {
                dialogs.showError("The system CA list was not updated", systemUpdate.getError());
            }
        });
    }

    // ------------------------------------------------------------------ loading

    private record Facts(CaListInfo system, CaListInfo custom) {
    }

    /** Reloads both lists' facts and the roots of the list shown. */
    public void refresh() {
        loading.set(true);
        executor.execute(BackgroundTask.call("Loading the CA lists",
                        () -> new Facts(api.info(CaList.SYSTEM), api.info(CaList.CUSTOM)))
                .onSuccess(f -> {
                    system.set(f.system());
                    custom.set(f.custom());
                    loaded.set(true);
                })
                .onFailure(e -> dialogs.showError("Could not load the CA lists", Operation.describe(e)))
                .onFinished(() -> loading.set(false)));
        loadCertificates();
    }

    private void loadCertificates() {
        long request = ++certificatesRequest;
        CaList list = shown.get();
        executor.execute(BackgroundTask.call("Loading the roots of the " + label(list), () -> api.certificates(list))
                .onSuccess(roots -> {
                    if (request == certificatesRequest) {
                        CaCertificate keep = selected.get();
                        certificates.setAll(roots);
                        selected.set(keep != null && roots.contains(keep) ? keep : null);
                    }
                })
                .onFailure(e -> dialogs.showError("Could not load the " + label(list), Operation.describe(e))));
    }

    /** CON-2 style: every word of the query occurs in the subject, issuer or fingerprint. */
    public static boolean matches(CaCertificate c, String query) {
        if (query == null || query.isBlank()) {
            return true;
        }
        String haystack = String.join("\n", c.subject(), c.issuer(), c.sha256Fingerprint(),
                c.sha256Fingerprint().replace(":", "")).toLowerCase(Locale.ROOT);
        return Arrays.stream(query.toLowerCase(Locale.ROOT).trim().split("\\s+")).allMatch(haystack::contains);
    }

    public static String label(CaList list) {
        return list == CaList.SYSTEM ? "system CA list" : "custom CA list";
    }

    // ------------------------------------------------------------------ actions

    /**
     * CA-1, CA-2, CA-3: enables or disables a list for verification. Disabling the system list weakens
     * verification, so it is confirmed first; false when the administrator declined (nothing changed).
     */
    public boolean setEnabled(CaList list, boolean enabled) {
        CaListInfo info = info(list);
        if (info != null && info.enabled() == enabled) {
            return true;
        }
        if (list == CaList.SYSTEM && !enabled && !confirmDisableSystem(info)) {
            return false;
        }
        executor.execute(BackgroundTask.call((enabled ? "Enabling the " : "Disabling the ") + label(list), () -> {
                    api.setEnabled(list, enabled);
                    return api.info(list);
                })
                .onSuccess(updated -> {
                    (list == CaList.SYSTEM ? system : custom).set(updated);
                    status.set("The " + label(list) + " is " + (updated.enabled() ? "enabled" : "disabled")
                            + " for certificate verification.");
                })
                .onFailure(e -> {
                    dialogs.showError("Could not change the " + label(list), Operation.describe(e));
                    refresh();
                }));
        return true;
    }

    private boolean confirmDisableSystem(CaListInfo info) {
        CaListInfo customInfo = custom.get();
        String roots = info == null ? "Its roots are" : "Its " + info.count() + (info.count() == 1 ? " root is" : " roots are");
        String content = roots + " then no longer used to verify certificates:"
                + " partners and destinations whose certificates were issued by a public CA no longer verify unless"
                + " the custom CA list holds their root.";
        if (customInfo != null && !customInfo.enabled()) {
            content += "\n\nThe custom CA list is disabled too: no certificate will verify through a CA.";
        }
        return dialogs.confirm("Disable the system CA list", "Stop trusting the system CA list?", content, "Disable");
    }

    public CaListInfo info(CaList list) {
        return list == CaList.SYSTEM ? system.get() : custom.get();
    }

    /** CA-2: removes one root of the custom list after the administrator confirms. */
    public void deleteCustom(CaCertificate root) {
        if (root == null || shown.get() != CaList.CUSTOM) {
            return;
        }
        if (!dialogs.confirm("Delete CA certificate", "Delete this root from the custom CA list?",
                root.subject() + "\nSHA-256 " + root.sha256Fingerprint()
                        + "\n\nCertificates issued under it are no longer trusted unless the system list holds it.",
                "Delete")) {
            return;
        }
        executor.execute(BackgroundTask.run("Deleting a custom root", () -> api.deleteCustom(root.sha256Fingerprint()))
                .onSuccess(v -> {
                    status.set("Deleted " + root.subject() + " from the custom CA list.");
                    selected.set(null);
                    refresh();
                })
                .onFailure(e -> dialogs.showError("Could not delete the certificate", Operation.describe(e))));
    }

    /** CA-4: writes a whole list as PEM text to {@code file}. */
    public void export(CaList list, Path file) {
        executor.execute(BackgroundTask.call("Exporting the " + label(list), () -> {
                    String pem = api.exportPem(list);
                    Files.writeString(file, pem, StandardCharsets.UTF_8);
                    return (int) pem.lines().filter(l -> l.startsWith("-----BEGIN CERTIFICATE")).count();
                })
                .onSuccess(n -> status.set("Exported the " + label(list) + " (" + n + (n == 1 ? " certificate" : " certificates")
                        + ") to " + file + "."))
                .onFailure(e -> dialogs.showError("Could not export the " + label(list), Operation.describe(e))));
    }

    /** CA-6: writes one root as PEM to {@code file}. */
    public void download(CaCertificate root, Path file) {
        executor.execute(BackgroundTask.call("Saving " + file.getFileName(),
                        () -> Files.writeString(file, root.pem(), StandardCharsets.UTF_8))
                .onSuccess(v -> status.set("Saved " + root.subject() + " to " + file + "."))
                .onFailure(e -> dialogs.showError("Could not save " + file.getFileName(), Operation.describe(e))));
    }

    /** CA-5: replaces the system list with the operating system's trust store, after the administrator confirms. */
    public void updateFromOperatingSystem() {
        if (!dialogs.confirm("Update the system CA list", "Replace the system CA list with the operating system's "
                + "trust store?", "The roots of this computer's trust store replace the system list as a whole "
                + "(non-CA certificates in it are skipped). The custom list is not touched.", "Replace")) {
            return;
        }
        systemUpdate.start(executor, "Reading the operating system's trust store…",
                p -> api.updateSystemFromOperatingSystem(), this::systemUpdated);
    }

    void systemUpdated(CaListInfo info) {
        system.set(info);
        status.set("The system CA list is now version " + info.version() + " with " + info.count() + " roots.");
        refresh();
    }

    /** The import wizard's model (CA-2). */
    public CaImportModel importModel() {
        return new CaImportModel(api, executor);
    }

    /** The "update from file" wizard's model (CA-5). */
    public SystemUpdateModel systemUpdateModel() {
        return new SystemUpdateModel(api, executor);
    }

    /** After an import: show the custom list with its new count. */
    void imported(int added) {
        status.set(added == 0 ? "Nothing new: every certificate of the file was in the custom list already."
                : "Added " + added + (added == 1 ? " certificate" : " certificates") + " to the custom CA list.");
        if (shown.get() == CaList.CUSTOM) {
            refresh();
        } else {
            shown.set(CaList.CUSTOM);
            refresh();
        }
    }

    public void setStatus(String text) {
        status.set(text);
    }

    // ------------------------------------------------------------------ access

    public List<CaList> lists() { return List.of(CaList.values()); }
    public ReadOnlyObjectProperty<CaListInfo> systemProperty() { return system.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<CaListInfo> customProperty() { return custom.getReadOnlyProperty(); }
    public ObjectProperty<CaList> shownProperty() { return shown; }
    public ObservableList<CaCertificate> certificates() { return certificates; }
    public FilteredList<CaCertificate> filteredCertificates() { return filtered; }
    public StringProperty filterTextProperty() { return filterText; }
    public ObjectProperty<CaCertificate> selectedProperty() { return selected; }
    public BooleanProperty loadingProperty() { return loading; }
    public ReadOnlyBooleanProperty loadedProperty() { return loaded.getReadOnlyProperty(); }
    public ReadOnlyStringProperty statusProperty() { return status.getReadOnlyProperty(); }
    public Operation<CaListInfo> systemUpdate() { return systemUpdate; }
    public TaskExecutor executor() { return executor; }
    public DialogService dialogs() { return dialogs; }
}

package org.postern.console.listeners;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.console.engine.EngineViewModel;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.ListenerApi;
import org.postern.engine.api.ListenerSpec;

/**
 * Network › Listeners (LIS-1, LIS-7): the configured listeners with their runtime status (which
 * follows {@link EngineViewModel}), the warnings the engine gives for them (CERT-9, RFC 3207 §4),
 * and the certificates a listener can use. Every engine call runs off the FX thread.
 */
public final class ListenersViewModel {

    private final ListenerApi api;
    private final CertificateApi certificatesApi;
    private final EngineViewModel engine;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final ObservableList<ListenerRow> rows = FXCollections.observableArrayList();
    private final ObservableList<String> warnings = FXCollections.observableArrayList();
    private final ObservableList<CertificateChoice> certificateChoices = FXCollections.observableArrayList();
    private final ObjectProperty<ListenerRow> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final List<Runnable> changeListeners = new ArrayList<>();

    public ListenersViewModel(ListenerApi api, CertificateApi certificatesApi, EngineViewModel engine,
                              TaskExecutor executor, DialogService dialogs) {
        this.api = Objects.requireNonNull(api);
        this.certificatesApi = Objects.requireNonNull(certificatesApi);
        this.engine = Objects.requireNonNull(engine);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        engine.statuses().addListener((ListChangeListener<Object>) c -> updateStatuses());
    }

    private record Listing(List<ListenerSpec> listeners, List<List<String>> warnings, List<CertificateSummary> certificates) { }

    /** Reloads the listeners, their warnings and the certificate choices; keeps the selection by name. */
    public void refresh() {
        ListenerRow current = selected.get();
        refresh(current == null ? null : current.name());
    }

    public void refresh(String selectName) {
        loading.set(true);
        executor.execute(BackgroundTask.call("Loading listeners", () -> {
                    List<ListenerSpec> list = api.list();
                    List<List<String>> w = new ArrayList<>();
                    for (ListenerSpec spec : list) {
                        w.add(api.warnings(spec));
                    }
                    return new Listing(list, w, certificatesApi.list());
                })
                .onSuccess(listing -> {
                    List<ListenerRow> fresh = new ArrayList<>();
                    for (ListenerSpec spec : listing.listeners()) {
                        fresh.add(new ListenerRow(spec, engine.status(spec.name())));
                    }
                    warnings.setAll(listing.warnings().stream().flatMap(List::stream).toList());
                    rows.setAll(fresh);
                    certificateChoices.setAll(CertificateChoice.from(listing.certificates()));
                    loaded.set(true);
                    selected.set(selectName == null ? null : row(selectName));
                    changeListeners.forEach(Runnable::run);
                })
                .onFailure(e -> dialogs.showError("Could not load the listeners", Operation.describe(e)))
                .onFinished(() -> loading.set(false)));
    }

    private void updateStatuses() {
        for (ListenerRow row : rows) {
            row.statusProperty().set(engine.status(row.name()));
        }
    }

    public ListenerRow row(String name) {
        return rows.stream().filter(r -> r.name().equalsIgnoreCase(name)).findFirst().orElse(null);
    }

    /** A model for the add dialog. */
    public ListenerEditModel newListener() {
        return new ListenerEditModel(api, executor, null, specs(), certificateChoices);
    }

    /** A model for the edit dialog of {@code row}. */
    public ListenerEditModel edit(ListenerRow row) {
        return new ListenerEditModel(api, executor, row.spec(), specs(), certificateChoices);
    }

    /** After a dialog saved: reload the list and the engine's status (the engine restarted its listeners). */
    public void saved(String name) {
        refresh(name);
        engine.refresh();
    }

    /** Deletes after the administrator confirms; nothing changes if the engine refuses. */
    public void delete(ListenerRow row) {
        if (row == null) {
            return;
        }
        boolean sure = dialogs.confirm("Delete listener", "Delete listener \"" + row.name() + "\"?",
                "The listener on " + row.spec().address() + " port " + row.spec().port() + " stops accepting mail"
                        + " and its host access table and mail-flow policies are removed. Messages already queued"
                        + " are kept and delivered.", "Delete");
        if (!sure) {
            return;
        }
        executor.execute(BackgroundTask.run("Deleting " + row.name(), () -> api.delete(row.name()))
                .onSuccess(v -> saved(null))
                .onFailure(e -> dialogs.showError("Could not delete \"" + row.name() + "\"", Operation.describe(e))));
    }

    /** Runs after every successful reload (the policies page follows the listener list). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    public List<ListenerSpec> specs() {
        return rows.stream().map(ListenerRow::spec).toList();
    }

    public ObservableList<ListenerRow> rows() {
        return rows;
    }

    /** The engine's warnings for every listener, verbatim. */
    public ObservableList<String> warnings() {
        return warnings;
    }

    public ObservableList<CertificateChoice> certificateChoices() {
        return certificateChoices;
    }

    public ObjectProperty<ListenerRow> selectedProperty() {
        return selected;
    }

    public ReadOnlyBooleanProperty loadedProperty() {
        return loaded.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty loadingProperty() {
        return loading.getReadOnlyProperty();
    }

    public EngineViewModel engine() {
        return engine;
    }

    public ListenerApi api() {
        return api;
    }

    public TaskExecutor executor() {
        return executor;
    }

    public DialogService dialogs() {
        return dialogs;
    }
}

package org.postern.console.destinations;

import java.util.List;
import java.util.Objects;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
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
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationApi.GlobalSettings;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.InputRules;

/**
 * Mail Policies › Destination Controls (DLV-1..9, DANE-1): the entries, the default entry first,
 * and the global outbound settings (the vendor's {@code destconfig setup}: client certificate,
 * required-TLS alert, queue lifetime, FQDN and algorithm checks). Every engine call runs through
 * the {@link TaskExecutor}.
 */
public final class DestinationsViewModel {


    private final DestinationApi api;
    private final CertificateApi certificates;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final ObservableList<DestinationEntry> entries = FXCollections.observableArrayList();
    private final ObjectProperty<DestinationEntry> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyObjectWrapper<DestinationEntry> defaultEntry = new ReadOnlyObjectWrapper<>(this, "defaultEntry");
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");

    // global settings as edited, and as stored
    private final ObservableList<String> certificateNames = FXCollections.observableArrayList();
    private final ObjectProperty<String> clientCertificate = new SimpleObjectProperty<>(this, "clientCertificate");
    private final BooleanProperty requiredTlsAlert = new SimpleBooleanProperty(this, "requiredTlsAlert");
    private final IntegerProperty queueLifetimeHours = new SimpleIntegerProperty(this, "queueLifetimeHours", 120);
    private final BooleanProperty fqdnCheck = new SimpleBooleanProperty(this, "fqdnCheck");
    private final BooleanProperty algorithmCheck = new SimpleBooleanProperty(this, "algorithmCheck");
    private final BooleanProperty daneAlert = new SimpleBooleanProperty(this, "daneAlert");
    private final ReadOnlyObjectWrapper<GlobalSettings> storedGlobals = new ReadOnlyObjectWrapper<>(this, "storedGlobals");
    private final Operation<GlobalSettings> globalSave = new Operation<>();
    private final BooleanBinding globalsChanged;

    public DestinationsViewModel(DestinationApi api, CertificateApi certificates, TaskExecutor executor,
                                 DialogService dialogs) {
        this.api = Objects.requireNonNull(api);
        this.certificates = Objects.requireNonNull(certificates);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        globalsChanged = Bindings.createBooleanBinding(() -> storedGlobals.get() != null
                        && !editedGlobals().equals(storedGlobals.get()),
                storedGlobals, clientCertificate, requiredTlsAlert, queueLifetimeHours, fqdnCheck, algorithmCheck, daneAlert);
    }

    // ------------------------------------------------------------------ list

    private record Listing(List<DestinationEntry> entries, GlobalSettings globals, List<String> certificates) {
    }

    /** Reloads entries, global settings and certificate names, keeping the selection by domain. */
    public void refresh() {
        DestinationEntry current = selected.get();
        refresh(current == null ? null : current.domain());
    }

    public void refresh(String selectDomain) {
        loading.set(true);
        executor.execute(BackgroundTask.call("Loading destination controls", () -> new Listing(api.list(),
                        api.globalSettings(), certificates.list().stream().map(CertificateSummary::name).toList()))
                .onSuccess(listing -> {
                    entries.setAll(listing.entries());
                    defaultEntry.set(listing.entries().stream().filter(DestinationEntry::isDefault).findFirst()
                            .orElse(DestinationEntry.defaults()));
                    certificateNames.setAll(listing.certificates());
                    if (storedGlobals.get() == null || !globalsChanged.get()) {
                        showGlobals(listing.globals());
                    }
                    storedGlobals.set(listing.globals());
                    loaded.set(true);
                    selected.set(selectDomain == null ? null : entries.stream()
                            .filter(e -> e.domain().equals(selectDomain)).findFirst().orElse(null));
                })
                .onFailure(e -> dialogs.showError("Could not load the destination controls", Operation.describe(e)))
                .onFinished(() -> loading.set(false)));
    }

    /** Domains that have an entry. */
    public List<String> domains() {
        return entries.stream().map(DestinationEntry::domain).toList();
    }

    /** A model for the add dialog ({@code entry} null) or the edit dialog. */
    public DestinationEntryModel entryModel(DestinationEntry entry) {
        return new DestinationEntryModel(api, executor, entry, defaultEntry.get(), domains());
    }

    /** DLV-1: deletes after the administrator confirms; the default entry cannot be deleted. */
    public void delete(DestinationEntry entry) {
        if (entry == null || entry.isDefault()) {
            return;
        }
        boolean sure = dialogs.confirm("Delete destination entry", "Delete the entry for " + entry.domain() + "?",
                "Mail to " + entry.domain() + " is then delivered under the "
                        + (entry.domain().startsWith(".") ? "entries for its parent domains or the " : "")
                        + "default entry's settings.", "Delete");
        if (!sure) {
            return;
        }
        executor.execute(BackgroundTask.run("Deleting " + entry.domain(), () -> api.delete(entry.domain()))
                .onSuccess(v -> refresh(null))
                .onFailure(e -> dialogs.showError("Could not delete the entry for " + entry.domain(),
                        Operation.describe(e))));
    }

    public ProbeModel probeModel(String domain) {
        return new ProbeModel(api, executor, domain);
    }

    // ------------------------------------------------------------ global settings

    private void showGlobals(GlobalSettings g) {
        clientCertificate.set(g.clientCertificate());
        requiredTlsAlert.set(g.requiredTlsAlert());
        queueLifetimeHours.set(g.queueLifetimeHours());
        fqdnCheck.set(g.fqdnCheck());
        algorithmCheck.set(g.algorithmCheck());
        daneAlert.set(g.daneAlert());
    }

    public GlobalSettings editedGlobals() {
        return new GlobalSettings(clientCertificate.get(), requiredTlsAlert.get(), queueLifetimeHours.get(),
                fqdnCheck.get(), algorithmCheck.get(), daneAlert.get());
    }

    public String queueLifetimeProblem() {
        return InputRules.queueLifetimeProblem(queueLifetimeHours.get());
    }

    /** DLV-4, DLV-5, DLV-7, DLV-3 (3)(4): saves the global settings; the engine's refusal is shown as it is. */
    public void saveGlobals() {
        if (queueLifetimeProblem() != null) {
            return;
        }
        GlobalSettings g = editedGlobals();
        globalSave.start(executor, "Saving the global settings…", p -> {
            api.saveGlobalSettings(g);
            return api.globalSettings();
        }, saved -> {
            storedGlobals.set(saved);
            showGlobals(saved);
        });
    }

    /** Puts back what is stored. */
    public void revertGlobals() {
        if (storedGlobals.get() != null) {
            showGlobals(storedGlobals.get());
            globalSave.reset();
        }
    }

    // ----------------------------------------------------------------- access

    public ObservableList<DestinationEntry> entries() { return entries; }
    public ObjectProperty<DestinationEntry> selectedProperty() { return selected; }
    public ReadOnlyObjectProperty<DestinationEntry> defaultEntryProperty() { return defaultEntry.getReadOnlyProperty(); }
    public BooleanProperty loadingProperty() { return loading; }
    public ReadOnlyBooleanProperty loadedProperty() { return loaded.getReadOnlyProperty(); }
    public ObservableList<String> certificateNames() { return certificateNames; }
    public ObjectProperty<String> clientCertificateProperty() { return clientCertificate; }
    public BooleanProperty requiredTlsAlertProperty() { return requiredTlsAlert; }
    public BooleanProperty daneAlertProperty() { return daneAlert; }
    public IntegerProperty queueLifetimeHoursProperty() { return queueLifetimeHours; }
    public BooleanProperty fqdnCheckProperty() { return fqdnCheck; }
    public BooleanProperty algorithmCheckProperty() { return algorithmCheck; }
    public ReadOnlyObjectProperty<GlobalSettings> storedGlobalsProperty() { return storedGlobals.getReadOnlyProperty(); }
    public Operation<GlobalSettings> globalSave() { return globalSave; }
    public BooleanBinding globalsChangedBinding() { return globalsChanged; }
    public TaskExecutor executor() { return executor; }
    public DialogService dialogs() { return dialogs; }
}

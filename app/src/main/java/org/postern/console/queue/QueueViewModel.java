package org.postern.console.queue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Formats;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.QuarantinedFile;
import org.postern.engine.api.QueueApi;
import org.postern.engine.api.QueueHealth;
import org.postern.engine.api.QueuedMessage;

/** Monitor › Queue: the durable queue (LIS-10) — list, show a message, delete, flush. Off the FX thread. */
public final class QueueViewModel {

    private final QueueApi api;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final ObservableList<QueuedMessage> messages = FXCollections.observableArrayList();
    private final ObjectProperty<QueuedMessage> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyBooleanWrapper loading = new ReadOnlyBooleanWrapper(this, "loading");
    private final ObservableList<QuarantinedFile> quarantined = FXCollections.observableArrayList();
    private final ReadOnlyStringWrapper health = new ReadOnlyStringWrapper(this, "health", "");

    /** What one refresh reads, off the FX thread. */
    private record Snapshot(List<QueuedMessage> messages, List<QuarantinedFile> quarantined, QueueHealth health) {
    }

    public QueueViewModel(QueueApi api, TaskExecutor executor, DialogService dialogs) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
    }

    public void refresh() {
        loading.set(true);
        executor.execute(BackgroundTask.call("Reading the queue", () -> new Snapshot(api.list(), api.quarantined(), api.health()))
                .onSuccess(snapshot -> {
                    List<QueuedMessage> list = snapshot.messages();
                    String keep = selected.get() == null ? null : selected.get().id();
                    messages.setAll(list);
                    selected.set(list.stream().filter(m -> m.id().equals(keep)).findFirst().orElse(null));
                    quarantined.setAll(snapshot.quarantined());
                    health.set(healthText(snapshot.health()));
                })
                .onFailure(e -> dialogs.showError("Could not read the queue", Operation.describe(e)))
                .onFinished(() -> loading.set(false)));
    }

    /** The stored message as text (headers and body), for the viewer. */
    public void content(QueuedMessage m, Consumer<String> onText) {
        executor.execute(BackgroundTask.call("Reading " + m.id(), () -> new String(api.content(m.id()), StandardCharsets.UTF_8))
                .onSuccess(onText)
                .onFailure(e -> dialogs.showError("Could not read message " + m.id(), Operation.describe(e))));
    }

    public void delete(QueuedMessage m) {
        if (m == null || !dialogs.confirm("Delete message", "Delete message " + m.id() + "?",
                "The message from <" + m.sender() + "> to " + String.join(", ", m.recipients())
                        + " is removed from the queue and will not be delivered. No bounce is sent.", "Delete")) {
            return;
        }
        executor.execute(BackgroundTask.run("Deleting " + m.id(), () -> api.delete(m.id()))
                .onSuccess(v -> refresh())
                .onFailure(e -> dialogs.showError("Could not delete message " + m.id(), Operation.describe(e))));
    }

    /** Makes every queued message due now. */
    public void flush(Consumer<Integer> onFlushed) {
        executor.execute(BackgroundTask.call("Flushing the queue", api::flush)
                .onSuccess(n -> {
                    onFlushed.accept(n);
                    refresh();
                })
                .onFailure(e -> dialogs.showError("Could not flush the queue", Operation.describe(e))));
    }

    /** Empty while the queue index keeps up; otherwise what is wrong and since when. */
    static String healthText(QueueHealth h) {
        if (h.indexHealthy()) {
            return "";
        }
        return "The queue index cannot be written since " + Formats.dateTime(h.failingSince()) + " (" + h.lastError() + "): "
                + h.waitingForIndex() + " accepted message(s) are stored but wait for delivery. Postern retries.";
    }

    public ObservableList<QueuedMessage> messages() { return messages; }
    /** Files moved to queue/quarantine/ at start-up because they could not be read; never delivered. */
    public ObservableList<QuarantinedFile> quarantined() { return quarantined; }
    public ReadOnlyStringProperty healthProperty() { return health.getReadOnlyProperty(); }
    public ObjectProperty<QueuedMessage> selectedProperty() { return selected; }
    public ReadOnlyBooleanProperty loadingProperty() { return loading.getReadOnlyProperty(); }
    public DialogService dialogs() { return dialogs; }

    static String recipients(List<String> r) {
        return String.join(", ", r);
    }
}

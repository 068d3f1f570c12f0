package org.postern.console.engine;

import java.util.List;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.EngineApi;
import org.postern.engine.api.EngineApi.ListenerStatus;

/**
 * The embedded engine's state: running or stopped, each listener's runtime status (listening,
 * active connections, the problem that kept it from listening) and the reason a start failed.
 * Start, stop and the periodic status refresh run off the FX thread.
 */
public final class EngineViewModel {

    private final EngineApi engine;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper known = new ReadOnlyBooleanWrapper(this, "known");
    private final ReadOnlyStringWrapper startProblem = new ReadOnlyStringWrapper(this, "startProblem");
    private final ReadOnlyStringWrapper summary = new ReadOnlyStringWrapper(this, "summary", "Engine: checking…");
    private final ReadOnlyStringWrapper detail = new ReadOnlyStringWrapper(this, "detail", "");
    private final ReadOnlyStringWrapper style = new ReadOnlyStringWrapper(this, "style", "");
    private final ObservableList<ListenerStatus> statuses = FXCollections.observableArrayList();
    private boolean refreshing;
    private boolean remote;

    public EngineViewModel(EngineApi engine, TaskExecutor executor, DialogService dialogs) {
        this.engine = Objects.requireNonNull(engine);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
    }

    /** What the engine reports at one moment. */
    public record Snapshot(boolean running, List<ListenerStatus> listeners) {
        public Snapshot {
            listeners = List.copyOf(listeners);
        }
    }

    private Snapshot snapshot() {
        return new Snapshot(engine.running(), engine.status());
    }

    /**
     * Starts the listeners and delivery. {@code interactive}: the administrator asked, so a refusal
     * is also shown in a dialog; at launch it is shown in the status bar only.
     */
    public void start(boolean interactive) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        summary.set("Engine: starting…");
        executor.execute(BackgroundTask.call("Starting the engine", () -> {
                    engine.start();
                    return snapshot();
                })
                .onSuccess(s -> {
                    startProblem.set(null);
                    apply(s);
                })
                .onFailure(e -> {
                    // the state first: the status bar says it while the dialog is open
                    startProblem.set(Operation.describe(e));
                    busy.set(false);
                    refreshNow();
                    if (interactive) {
                        dialogs.showError("The engine did not start", Operation.describe(e));
                    }
                })
                .onFinished(() -> busy.set(false)));
    }

    /** The engine is managed over HTTPS: stopping it also ends its HTTPS administration, which the confirmation says. */
    public void setRemote(boolean remote) {
        this.remote = remote;
    }

    /** Stops the listeners and delivery once the administrator confirms: the gateway then accepts no mail. */
    public void stop() {
        if (busy.get()) {
            return;
        }
        if (!dialogs.confirm(remote ? "Stop the remote engine" : "Stop the engine", stopQuestion(), stopConsequences(),
                "Stop engine")) {
            return;
        }
        busy.set(true);
        summary.set("Engine: stopping…");
        executor.execute(BackgroundTask.call("Stopping the engine", () -> {
                    engine.stop();
                    return snapshot();
                })
                .onSuccess(s -> {
                    startProblem.set(null);
                    apply(s);
                })
                .onFailure(e -> {
                    busy.set(false);
                    refreshNow();
                    dialogs.showError("The engine did not stop cleanly", Operation.describe(e));
                })
                .onFinished(() -> busy.set(false)));
    }

    private String stopQuestion() {
        return remote ? "Stop the engine this console manages over HTTPS?" : "Stop the engine embedded in this console?";
    }

    /** What stopping means, with the connections it drops: one text for the embedded and a remote engine. */
    String stopConsequences() {
        int connections = statuses.stream().mapToInt(ListenerStatus::activeConnections).sum();
        StringBuilder text = new StringBuilder("Its listeners stop accepting mail and delivery stops until the engine"
                + " is started again; sending servers queue their mail and retry later.");
        if (connections > 0) {
            text.append(" ").append(connections).append(connections == 1 ? " connection in progress is" : " connections in"
                    + " progress are").append(" dropped.");
        }
        if (remote) {
            text.append(" Its HTTPS administration stops too: this console loses the connection, and the engine can be"
                    + " started again only on its own machine.");
        }
        return text.toString();
    }

    /** Reads the state again (the status bar polls this); skipped while start, stop or a read runs. */
    public void refresh() {
        if (busy.get() || refreshing) {
            return;
        }
        refreshNow();
    }

    private void refreshNow() {
        refreshing = true;
        executor.execute(BackgroundTask.call("Reading the engine state", this::snapshot)
                .onSuccess(this::apply)
                .onFailure(e -> {
                    summary.set("Engine: state unknown");
                    detail.set(Operation.describe(e));
                    style.set("danger");
                })
                .onFinished(() -> refreshing = false));
    }

    private void apply(Snapshot s) {
        known.set(true);
        running.set(s.running());
        if (!statuses.equals(s.listeners())) {
            statuses.setAll(s.listeners());
        }
        summary.set(summaryText(s, startProblem.get()));
        detail.set(detailText(s, startProblem.get()));
        style.set(styleOf(s, startProblem.get()));
    }

    static String summaryText(Snapshot s, String startProblem) {
        int total = s.listeners().size();
        if (!s.running()) {
            return startProblem != null ? "Engine not running: " + startProblem
                    : "Engine stopped · " + total + (total == 1 ? " listener" : " listeners") + " configured";
        }
        long listening = s.listeners().stream().filter(ListenerStatus::listening).count();
        int connections = s.listeners().stream().mapToInt(ListenerStatus::activeConnections).sum();
        StringBuilder text = new StringBuilder("Engine running · ").append(listening).append(" of ").append(total)
                .append(total == 1 ? " listener" : " listeners").append(" listening");
        if (connections > 0) {
            text.append(" · ").append(connections).append(connections == 1 ? " connection" : " connections");
        }
        s.listeners().stream().filter(l -> l.problem() != null).findFirst()
                .ifPresent(l -> text.append(" · ").append(l.name()).append(": ").append(l.problem()));
        return text.toString();
    }

    /** Every listener on its own line, with its problem verbatim (the status bar's tooltip). */
    static String detailText(Snapshot s, String startProblem) {
        StringBuilder text = new StringBuilder(s.running() ? "The engine is running." : "The engine is stopped.");
        if (startProblem != null) {
            text.append("\nIt could not start: ").append(startProblem);
        }
        for (ListenerStatus l : s.listeners()) {
            text.append("\n").append(l.name()).append(" (").append(l.address()).append(" port ").append(l.port())
                    .append("): ");
            if (l.listening()) {
                text.append("listening, ").append(l.activeConnections()).append(" active");
            } else if (l.problem() != null) {
                text.append(l.problem());
            } else {
                text.append("not listening");
            }
        }
        return text.toString();
    }

    static String styleOf(Snapshot s, String startProblem) {
        if (startProblem != null || s.listeners().stream().anyMatch(l -> l.problem() != null)) {
            return "danger";
        }
        return s.running() ? "success" : "warning";
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** True once the state has been read at least once. */
    public ReadOnlyBooleanProperty knownProperty() {
        return known.getReadOnlyProperty();
    }

    /** Why the last start failed (e.g. another engine holds the data directory), else null. */
    public ReadOnlyStringProperty startProblemProperty() {
        return startProblem.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty summaryProperty() {
        return summary.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty detailProperty() {
        return detail.getReadOnlyProperty();
    }

    /** "success" (running, all listening), "warning" (stopped) or "danger" (a problem). */
    public ReadOnlyStringProperty styleProperty() {
        return style.getReadOnlyProperty();
    }

    public ObservableList<ListenerStatus> statuses() {
        return statuses;
    }

    public ListenerStatus status(String listener) {
        return statuses.stream().filter(s -> s.name().equalsIgnoreCase(listener)).findFirst().orElse(null);
    }
}

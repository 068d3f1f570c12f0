package org.postern.console.common;

import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.postern.engine.api.PosternException;

/**
 * The observable state of one engine operation started from a wizard or dialog: idle, running
 * (with progress and a message), succeeded (with a result), failed (with the engine's reason,
 * verbatim) or cancelled. Wizard result pages and view-model tests watch the same object.
 */
public final class Operation<V> {

    public enum State { IDLE, RUNNING, SUCCEEDED, FAILED, CANCELLED }

    private final ObjectProperty<State> state = new SimpleObjectProperty<>(this, "state", State.IDLE);
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyDoubleWrapper progress = new ReadOnlyDoubleWrapper(this, "progress", -1);
    private final ObjectProperty<V> result = new SimpleObjectProperty<>(this, "result");
    private TaskHandle handle = TaskHandle.DONE;

    /** Starts {@code work}; a running operation is cancelled first. */
    public void start(TaskExecutor executor, String title, BackgroundTask.Work<V> work, Consumer<? super V> onSuccess) {
        cancel();
        result.set(null);
        error.set(null);
        message.set(title);
        progress.set(-1);
        state.set(State.RUNNING);
        BackgroundTask<V> task = BackgroundTask.of(title, work)
                .onSuccess(value -> {
                    result.set(value);
                    state.set(State.SUCCEEDED);
                    onSuccess.accept(value);
                })
                .onFailure(e -> {
                    error.set(describe(e));
                    state.set(State.FAILED);
                })
                .onCancelled(() -> {
                    error.set(null);
                    state.set(State.CANCELLED);
                });
        task.messageProperty().addListener((o, a, b) -> message.set(b));
        task.progressProperty().addListener((o, a, b) -> progress.set(b.doubleValue()));
        handle = executor.execute(task);
    }

    public void start(TaskExecutor executor, String title, BackgroundTask.Work<V> work) {
        start(executor, title, work, v -> { });
    }

    /** Cancels the running work, if any. */
    public void cancel() {
        if (state.get() == State.RUNNING) {
            handle.cancel();
        }
    }

    public void reset() {
        cancel();
        state.set(State.IDLE);
        error.set(null);
        result.set(null);
        message.set("");
    }

    /** The administrator sees the engine's one-line reason as it is; anything else is named. */
    public static String describe(Throwable e) {
        Throwable t = e;
        while (t != null) {
            if (t instanceof PosternException) {
                return t.getMessage();
            }
            t = t.getCause();
        }
        String text = e.getMessage();
        return text == null || text.isBlank() ? e.getClass().getSimpleName() : text;
    }

    public ReadOnlyObjectProperty<State> stateProperty() {
        return state;
    }

    public State getState() {
        return state.get();
    }

    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    public String getError() {
        return error.get();
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress.getReadOnlyProperty();
    }

    public ReadOnlyObjectProperty<V> resultProperty() {
        return result;
    }

    public V getResult() {
        return result.get();
    }

    public boolean isRunning() {
        return state.get() == State.RUNNING;
    }

    public BooleanBinding runningBinding() {
        return Bindings.createBooleanBinding(() -> state.get() == State.RUNNING, state);
    }

    public BooleanBinding succeededBinding() {
        return Bindings.createBooleanBinding(() -> state.get() == State.SUCCEEDED, state);
    }

    public BooleanBinding failedBinding() {
        return Bindings.createBooleanBinding(() -> state.get() == State.FAILED, state);
    }

    /** True until the operation has ended one way or another (a wizard's Finish waits for it). */
    public BooleanBinding notFinishedBinding() {
        return Bindings.createBooleanBinding(
                () -> state.get() == State.IDLE || state.get() == State.RUNNING, state);
    }
}

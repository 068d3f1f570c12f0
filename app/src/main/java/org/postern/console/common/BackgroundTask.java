package org.postern.console.common;

import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * A piece of work for a {@link TaskExecutor}: the work itself runs off the FX thread; the callbacks
 * run on the FX thread (or, with {@link CurrentThreadTaskExecutor}, on the caller's thread).
 * View models build these and never touch threads themselves.
 */
public final class BackgroundTask<V> {

    /** The work; it may report progress and should look at {@link Progress#isCancelled()}. */
    @FunctionalInterface
    public interface Work<V> {
        V run(Progress progress) throws Exception;
    }

    /** What running work sees of its task. */
    public interface Progress {
        /** {@code fraction} in 0..1, or negative for "indeterminate". */
        void update(double fraction, String message);

        boolean isCancelled();

        /** Throws {@link CancellationException} when the task was cancelled. */
        default void checkCancelled() {
            if (isCancelled()) {
                throw new CancellationException("cancelled");
            }
        }
    }

    private final String title;
    private final Work<V> work;
    private Consumer<? super V> onSuccess = v -> { };
    private Consumer<Throwable> onFailure = e -> { };
    private Runnable onCancelled = () -> { };
    private Runnable onFinished = () -> { };

    private final BooleanProperty running = new SimpleBooleanProperty(this, "running");
    private final DoubleProperty progress = new SimpleDoubleProperty(this, "progress", -1);
    private final StringProperty message = new SimpleStringProperty(this, "message", "");

    private BackgroundTask(String title, Work<V> work) {
        this.title = Objects.requireNonNull(title);
        this.work = Objects.requireNonNull(work);
        this.message.set(title);
    }

    public static <V> BackgroundTask<V> of(String title, Work<V> work) {
        return new BackgroundTask<>(title, work);
    }

    /** Work that needs no progress reporting. */
    public static <V> BackgroundTask<V> call(String title, java.util.concurrent.Callable<V> callable) {
        return new BackgroundTask<>(title, p -> callable.call());
    }

    /** Work without a result. */
    public static BackgroundTask<Void> run(String title, Runnable runnable) {
        return new BackgroundTask<>(title, p -> {
            runnable.run();
            return null;
        });
    }

    public BackgroundTask<V> onSuccess(Consumer<? super V> consumer) {
        this.onSuccess = Objects.requireNonNull(consumer);
        return this;
    }

    public BackgroundTask<V> onFailure(Consumer<Throwable> consumer) {
        this.onFailure = Objects.requireNonNull(consumer);
        return this;
    }

    public BackgroundTask<V> onCancelled(Runnable runnable) {
        this.onCancelled = Objects.requireNonNull(runnable);
        return this;
    }

    /** Runs after success, failure or cancellation. */
    public BackgroundTask<V> onFinished(Runnable runnable) {
        this.onFinished = Objects.requireNonNull(runnable);
        return this;
    }

    public String title() {
        return title;
    }

    public Work<V> work() {
        return work;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running;
    }

    public ReadOnlyDoubleProperty progressProperty() {
        return progress;
    }

    public ReadOnlyStringProperty messageProperty() {
        return message;
    }

    // --- called by executors, on the thread that runs callbacks ---

    void markRunning() {
        running.set(true);
    }

    void report(double fraction, String text) {
        progress.set(fraction < 0 ? -1 : Math.min(1, fraction));
        if (text != null) {
            message.set(text);
        }
    }

    void succeeded(V value) {
        running.set(false);
        progress.set(1);
        try {
            onSuccess.accept(value);
        } finally {
            onFinished.run();
        }
    }

    void failed(Throwable error) {
        running.set(false);
        try {
            if (error instanceof CancellationException) {
                onCancelled.run();
            } else {
                onFailure.accept(error);
            }
        } finally {
            onFinished.run();
        }
    }

    void cancelled() {
        running.set(false);
        try {
            onCancelled.run();
        } finally {
            onFinished.run();
        }
    }
}

package org.postern.console.common;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javafx.application.Platform;
import javafx.concurrent.Task;

/**
 * Runs work on a pool of daemon threads through JavaFX {@link Task}s, so that progress, results
 * and failures reach the view models on the FX thread. No engine call runs on the FX thread.
 */
public final class FxTaskExecutor implements TaskExecutor {

    private final ExecutorService pool;

    public FxTaskExecutor() {
        AtomicInteger count = new AtomicInteger();
        ThreadFactory factory = r -> {
            Thread t = new Thread(r, "console-worker-" + count.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
        this.pool = Executors.newCachedThreadPool(factory);
    }

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        Task<V> fxTask = new Task<>() {
            @Override
            protected V call() throws Exception {
                Task<V> self = this;
                return task.work().run(new BackgroundTask.Progress() {
                    @Override
                    public void update(double fraction, String message) {
                        Platform.runLater(() -> task.report(fraction, message));
                    }

                    @Override
                    public boolean isCancelled() {
                        return self.isCancelled();
                    }
                });
            }
        };
        fxTask.setOnSucceeded(e -> task.succeeded(fxTask.getValue()));
        fxTask.setOnFailed(e -> task.failed(fxTask.getException()));
        fxTask.setOnCancelled(e -> task.cancelled());
        if (Platform.isFxApplicationThread()) {
            task.markRunning();
        } else {
            Platform.runLater(task::markRunning);
        }
        pool.execute(fxTask);
        return new TaskHandle() {
            @Override
            public void cancel() {
                // no interrupt: an engine call completes or refuses as a whole (interrupting it
                // could break its file I/O); the work looks at isCancelled() and undoes itself
                fxTask.cancel(false);
            }

            @Override
            public boolean isCancelled() {
                return fxTask.isCancelled();
            }

            @Override
            public boolean isDone() {
                return fxTask.isDone();
            }
        };
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            pool.awaitTermination(2, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

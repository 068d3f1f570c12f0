package org.postern.console.common;

/** Runs each task at once on the calling thread: deterministic view-model tests without a stage. */
public final class CurrentThreadTaskExecutor implements TaskExecutor {

    @Override
    public <V> TaskHandle execute(BackgroundTask<V> task) {
        task.markRunning();
        V value;
        try {
            value = task.work().run(new BackgroundTask.Progress() {
                @Override
                public void update(double fraction, String message) {
                    task.report(fraction, message);
                }

                @Override
                public boolean isCancelled() {
                    return false;
                }
            });
        } catch (Throwable e) {
            task.failed(e);
            return TaskHandle.DONE;
        }
        task.succeeded(value);
        return TaskHandle.DONE;
    }

    @Override
    public void close() {
    }
}

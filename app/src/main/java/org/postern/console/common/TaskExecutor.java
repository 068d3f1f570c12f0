package org.postern.console.common;

/**
 * Runs {@link BackgroundTask}s. The console uses {@link FxTaskExecutor} (work on background
 * threads, callbacks on the FX thread); view-model tests use {@link CurrentThreadTaskExecutor}.
 */
public interface TaskExecutor extends AutoCloseable {

    <V> TaskHandle execute(BackgroundTask<V> task);

    @Override
    void close();
}

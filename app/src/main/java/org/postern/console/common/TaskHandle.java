package org.postern.console.common;

/** A submitted {@link BackgroundTask}: lets the user cancel it. */
public interface TaskHandle {

    /** Asks the work to stop; callbacks then report cancellation instead of a result. */
    void cancel();

    boolean isCancelled();

    boolean isDone();

    TaskHandle DONE = new TaskHandle() {
        @Override public void cancel() { }
        @Override public boolean isCancelled() { return false; }
        @Override public boolean isDone() { return true; }
    };
}

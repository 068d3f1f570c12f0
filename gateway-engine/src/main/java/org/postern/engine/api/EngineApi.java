package org.postern.engine.api;

import java.time.Instant;
import java.util.List;

/** Start and stop the engine's services (listeners now; delivery later) and see their state. */
public interface EngineApi {

    /** Starts every listener; a listener that cannot start is reported in {@link #status()}, the others run. */
    void start();

    void stop();

    boolean running();

    List<ListenerStatus> status();

    /** Whether an engine runs on the data directory, since when and in which process ({@code postern status}). */
    EngineState state();

    /** How the engine behind this API stands. */
    enum Activity {
        /** This API's engine runs its services. */
        RUNNING,
        /**
         * Another engine holds the data directory (another process, or another gateway in this one):
         * this API sees the stored configuration and queue, not that engine's live listeners.
         */
        RUNNING_ELSEWHERE,
        /** No engine runs on the data directory. */
        STOPPED
    }

    /**
     * The engine as a whole: {@code since} is when it started and {@code processId} the process it
     * runs in, null and 0 when it is stopped or an engine elsewhere did not record them.
     */
    record EngineState(Activity activity, Instant since, long processId) {
    }

    /** One listener's runtime state. */
    record ListenerStatus(String name, String address, int port, boolean listening, int activeConnections,
                          String problem, List<String> warnings) {
        public ListenerStatus {
            warnings = List.copyOf(warnings);
        }
    }
}

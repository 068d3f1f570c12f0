package org.postern.engine.api;

import java.util.List;

/** Start and stop the engine's services (listeners now; delivery later) and see their state. */
public interface EngineApi {

    /** Starts every listener; a listener that cannot start is reported in {@link #status()}, the others run. */
    void start();

    void stop();

    boolean running();

    List<ListenerStatus> status();

    /** One listener's runtime state. */
    record ListenerStatus(String name, String address, int port, boolean listening, int activeConnections,
                          String problem, List<String> warnings) {
        public ListenerStatus {
            warnings = List.copyOf(warnings);
        }
    }
}

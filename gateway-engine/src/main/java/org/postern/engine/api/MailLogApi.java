package org.postern.engine.api;

import java.util.List;
import java.util.function.Consumer;

/** The mail log (LOG-1..3): search the durable store, or follow new entries live. */
public interface MailLogApi {

    /** Newest first. */
    List<MailEvent> search(MailLogQuery query);

    /**
     * Delivers each new event to {@code listener} on a background thread, in order. Close the
     * returned handle to stop. A slow listener never slows the engine: events are batched.
     */
    AutoCloseable subscribe(Consumer<List<MailEvent>> listener);
}

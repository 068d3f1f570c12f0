package org.postern.engine.api;

import java.time.Instant;
import java.util.List;

/** A message in the durable queue. */
public record QueuedMessage(String id, String sender, List<String> recipients, long size, Instant receivedAt,
                            String listener, String client, String state, int attempts, String lastError) {

    public QueuedMessage {
        recipients = List.copyOf(recipients);
    }
}

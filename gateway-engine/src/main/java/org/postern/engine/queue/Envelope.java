package org.postern.engine.queue;

import java.time.Instant;
import java.util.List;

/** Who a message is from and for, and where it came from. */
public record Envelope(String sender, List<String> recipients, Instant receivedAt, String listener, String client) {

    public Envelope {
        recipients = List.copyOf(recipients);
    }
}

package org.postern.engine.api;

import java.time.Instant;

/**
 * How many messages the queue holds, by state: waiting for their first attempt, being delivered
 * now, and deferred to a later attempt; {@code oldest} is when the oldest of them was received
 * (null when the queue is empty).
 */
public record QueueCounts(int queued, int active, int deferred, Instant oldest) {

    public int total() {
        return queued + active + deferred;
    }
}

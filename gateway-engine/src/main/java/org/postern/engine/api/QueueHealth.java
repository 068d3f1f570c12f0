package org.postern.engine.api;

import java.time.Instant;

/**
 * Whether the queue index keeps up: when writing index rows fails, accepted messages are safe on
 * disk but not delivered until a retry succeeds. {@code failingSince} and {@code lastError} are
 * null while the index is healthy.
 */
public record QueueHealth(boolean indexHealthy, int waitingForIndex, Instant failingSince, String lastError) {
}

package org.postern.engine.api;

import java.time.Instant;

/**
 * A file that was found in the queue but could not be read as a queued message; it was moved
 * aside to {@code queue/quarantine/} at start-up so the engine could start. Never delivered.
 */
public record QuarantinedFile(String name, long size, Instant quarantinedAt, String reason) {
}

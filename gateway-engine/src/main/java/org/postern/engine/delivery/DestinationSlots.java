package org.postern.engine.delivery;

import java.util.HashMap;
import java.util.Map;

/**
 * Connection slots per destination domain. The limit is read at every acquisition, so a changed
 * destination entry applies to the next delivery (a lower limit lets running deliveries finish and
 * holds new ones until the count is under it).
 */
final class DestinationSlots {

    private final Map<String, Integer> active = new HashMap<>();

    /**
     * Waits until fewer deliveries to {@code domain} run than its current limit, then takes a slot.
     * The limit is asked again while waiting, so a raised limit frees waiting deliveries.
     */
    synchronized void acquire(String domain, java.util.function.IntSupplier limit) throws InterruptedException {
        String key = domain.toLowerCase(java.util.Locale.ROOT);
        while (active.getOrDefault(key, 0) >= Math.max(1, limit.getAsInt())) {
            wait(250);
        }
        active.merge(key, 1, Integer::sum);
    }

    synchronized void release(String domain) {
        String key = domain.toLowerCase(java.util.Locale.ROOT);
        active.computeIfPresent(key, (k, n) -> n <= 1 ? null : n - 1);
        notifyAll();
    }

    /** Deliveries to {@code domain} running now. */
    synchronized int active(String domain) {
        return active.getOrDefault(domain.toLowerCase(java.util.Locale.ROOT), 0);
    }
}

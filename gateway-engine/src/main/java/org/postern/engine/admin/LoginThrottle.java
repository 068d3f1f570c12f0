package org.postern.engine.admin;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Failed logins rate-limited per client address: after {@link #MAX_FAILURES} failures within
 * {@link #WINDOW}, further attempts from that address are refused without checking the password
 * until the oldest failure leaves the window. A success does not clear failures (an attacker
 * who knows one password gains nothing by interleaving it).
 */
final class LoginThrottle {

    static final int MAX_FAILURES = 5;
    static final Duration WINDOW = Duration.ofMinutes(5);

    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final Clock clock;

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long {@code client} must wait before trying again; zero when it may try now. */
    synchronized Duration waitFor(String client) {
        Deque<Instant> recent = prune(client);
        if (recent.size() < MAX_FAILURES) {
            return Duration.ZERO;
        }
        Duration wait = Duration.between(clock.instant(), recent.peekFirst().plus(WINDOW));
        return wait.isNegative() ? Duration.ZERO : wait.plusSeconds(1).withNanos(0);
    }

    /** Records a failure; returns how many failures {@code client} has within the window. */
    synchronized int failed(String client) {
        Deque<Instant> recent = prune(client);
        recent.addLast(clock.instant());
        return recent.size();
    }

    private Deque<Instant> prune(String client) {
        Deque<Instant> recent = failures.computeIfAbsent(client, c -> new ArrayDeque<>());
        Instant cutoff = clock.instant().minus(WINDOW);
        while (!recent.isEmpty() && !recent.peekFirst().isAfter(cutoff)) {
            recent.removeFirst();
        }
        if (failures.size() > 10_000) {
            failures.entrySet().removeIf(e -> e.getValue().isEmpty());
        }
        return recent;
    }
}

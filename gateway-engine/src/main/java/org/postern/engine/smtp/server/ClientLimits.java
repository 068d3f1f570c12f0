package org.postern.engine.smtp.server;

import java.net.InetAddress;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;

/**
 * Per-client limits of a public listener, as Postfix's anvil: concurrent connections per client
 * address ({@code smtpd_client_connection_count_limit}) and connections per address in a sliding
 * window ({@code smtpd_client_connection_rate_limit}). Refused connections do not count toward the
 * rate, so a client that backs off is served again once the window has passed. Refusals are
 * logged at most once per address and window, with the number refused since.
 */
final class ClientLimits {

    /** A refused connection: the log line to write (null: already told within this window). */
    record Refusal(String reason, String logLine) {
    }

    private static final class Client {
        int active;
        final ArrayDeque<Long> recent = new ArrayDeque<>();
        long lastLogged = Long.MIN_VALUE;
        int refusedSinceLog;
    }

    private final int maxConcurrent;
    private final int maxRate;
    private final long windowNanos;
    private final Map<InetAddress, Client> clients = new HashMap<>();
    private long lastSweep;

    ClientLimits(int maxConcurrent, int maxRate, long windowNanos) {
        this.maxConcurrent = maxConcurrent;
        this.maxRate = maxRate;
        this.windowNanos = windowNanos;
    }

    /** Admits a connection (the caller then must {@link #release}), or says why not. */
    synchronized Refusal admit(InetAddress address, long now) {
        sweep(now);
        Client c = clients.computeIfAbsent(address, a -> new Client());
        expire(c, now);
        String reason = null;
        if (c.active >= maxConcurrent) {
            reason = c.active + " concurrent connections already (limit " + maxConcurrent + ")";
        } else if (c.recent.size() >= maxRate) {
            reason = c.recent.size() + " connections in the last " + windowNanos / 1_000_000_000.0 + " s (limit " + maxRate + ")";
        }
        if (reason == null) {
            c.active++;
            c.recent.addLast(now);
            return null;
        }
        c.refusedSinceLog++;
        if (c.lastLogged != Long.MIN_VALUE && now - c.lastLogged < windowNanos) {
            return new Refusal(reason, null);
        }
        String line = "connection refused: too many connections from " + address.getHostAddress() + ": " + reason
                + (c.refusedSinceLog > 1 ? "; " + c.refusedSinceLog + " connection(s) from it refused since the last report" : "");
        c.lastLogged = now;
        c.refusedSinceLog = 0;
        return new Refusal(reason, line);
    }

    synchronized void release(InetAddress address) {
        Client c = clients.get(address);
        if (c != null) {
            c.active--;
        }
    }

    /** Addresses currently tracked (bounded: idle ones are dropped once their window has passed). */
    synchronized int tracked() {
        return clients.size();
    }

    private void expire(Client c, long now) {
        while (!c.recent.isEmpty() && now - c.recent.peekFirst() >= windowNanos) {
            c.recent.removeFirst();
        }
    }

    private void sweep(long now) {
        if (now - lastSweep < windowNanos) {
            return;
        }
        lastSweep = now;
        clients.values().removeIf(c -> {
            expire(c, now);
            return c.active == 0 && c.recent.isEmpty() && (c.lastLogged == Long.MIN_VALUE || now - c.lastLogged >= windowNanos);
        });
    }
}

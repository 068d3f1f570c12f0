package org.postern.engine.admin;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Short-lived bearer tokens (ADM-2a): 256 random bits, kept in memory only as their SHA-256 (a
 * memory dump does not yield a usable token), valid for at most {@link #MAX_LIFETIME}; an engine
 * restart revokes them all.
 */
final class TokenStore {

    static final Duration DEFAULT_LIFETIME = Duration.ofHours(1);
    static final Duration MAX_LIFETIME = Duration.ofHours(24);

    record Issued(String token, Instant expires) {
    }

    private final SecureRandom random = new SecureRandom();
    private final Map<String, Instant> expiries = new ConcurrentHashMap<>();
    private final Clock clock;

    TokenStore(Clock clock) {
        this.clock = clock;
    }

    Issued issue(Duration lifetime) {
        Duration life = lifetime == null || lifetime.isNegative() || lifetime.isZero() ? DEFAULT_LIFETIME
                : lifetime.compareTo(MAX_LIFETIME) > 0 ? MAX_LIFETIME : lifetime;
        byte[] raw = new byte[32];
        random.nextBytes(raw);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        Instant expires = clock.instant().plus(life);
        expiries.put(digest(token), expires);
        return new Issued(token, expires);
    }

    boolean valid(String token) {
        if (token == null || token.isEmpty() || token.length() > 200) {
            return false;
        }
        Instant now = clock.instant();
        expiries.values().removeIf(e -> !e.isAfter(now));
        Instant expires = expiries.get(digest(token));
        return expires != null && expires.isAfter(now);
    }

    void revoke(String token) {
        if (token != null) {
            expiries.remove(digest(token));
        }
    }

    private static String digest(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

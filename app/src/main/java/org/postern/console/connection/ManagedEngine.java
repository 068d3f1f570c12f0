package org.postern.console.connection;

import java.util.Objects;

/**
 * Which engine the console manages: its own embedded engine (by data directory) or a remote engine
 * (by address and the pinned SHA-256 fingerprint of its certificate). The window title and the
 * status bar say it, so that the administrator never changes the wrong gateway.
 */
public record ManagedEngine(boolean remote, String location, String sha256Fingerprint) {

    public ManagedEngine {
        Objects.requireNonNull(location);
        if (remote && sha256Fingerprint == null) {
            throw new IllegalArgumentException("a remote engine is managed only through a pinned certificate");
        }
    }

    public static ManagedEngine embedded(String dataDirectory) {
        return new ManagedEngine(false, dataDirectory, null);
    }

    public static ManagedEngine remote(String address, String sha256Fingerprint) {
        return new ManagedEngine(true, address, sha256Fingerprint);
    }

    /** The window title: "Postern console — embedded engine (DIR)" or "— remote engine https://h:p (SHA-256 AB:CD…)". */
    public String title() {
        return "Postern console — " + description();
    }

    /** What the status bar shows. */
    public String statusText() {
        return "Engine: " + description();
    }

    /** The whole story, for the status bar's tooltip. */
    public String details() {
        return remote
                ? "Managing the remote engine at " + location + " over HTTPS; its certificate is pinned to SHA-256 "
                        + sha256Fingerprint
                : "Managing the engine embedded in this console; data directory " + location;
    }

    private String description() {
        return remote
                ? "remote engine " + location + " (SHA-256 " + shortFingerprint(sha256Fingerprint) + ")"
                : "embedded engine (" + location + ")";
    }

    /** The first four bytes of a fingerprint, enough to tell pins apart at a glance: "AB:CD:EF:01…". */
    public static String shortFingerprint(String fingerprint) {
        return fingerprint.length() <= 11 ? fingerprint : fingerprint.substring(0, 11) + "…";
    }
}

package org.postern.engine.api;

/** LOG-1: the TLS outcome of a connection or delivery attempt. */
public enum TlsOutcome {
    NONE("none"),
    OPPORTUNISTIC("opportunistic (unverified)"),
    REQUIRED("required (unverified)"),
    VERIFIED("verified (PKIX)"),
    TRUSTED("trusted (name from insecure DNS)"),
    DANE("DANE-authenticated");

    private final String label;

    TlsOutcome(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

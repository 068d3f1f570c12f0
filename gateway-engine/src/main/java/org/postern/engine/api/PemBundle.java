package org.postern.engine.api;

/** CON-7 export bundles. */
public enum PemBundle {
    CERTIFICATE("certificate only"),
    CHAIN("chain (leaf first, with root)"),
    CHAIN_WITHOUT_ROOT("chain without root"),
    KEY_AND_CHAIN("private key and chain (unencrypted key)");

    private final String label;

    PemBundle(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}

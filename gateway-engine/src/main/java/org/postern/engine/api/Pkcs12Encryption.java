package org.postern.engine.api;

/** CERT-8 / CON-8: PKCS#12 protection on export. */
public enum Pkcs12Encryption {
    /** AES-256-CBC with PBKDF2-HMAC-SHA-256, SHA-256 MAC (default). */
    AES_256("AES-256-CBC, PBKDF2-HMAC-SHA-256, SHA-256 MAC"),
    /** 3DES with SHA-1 (PKCS#12 PBE), SHA-1 MAC: only for old systems that cannot read AES. */
    LEGACY_3DES("3DES-CBC, SHA-1 PBE, SHA-1 MAC (legacy)");

    public static final String LEGACY_WARNING =
            "legacy PKCS#12 uses 3DES and SHA-1: use it only for systems that cannot read AES";

    private final String label;

    Pkcs12Encryption(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}

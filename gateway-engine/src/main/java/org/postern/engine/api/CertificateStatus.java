package org.postern.engine.api;

/** CERT-1 status of a store entry. */
public enum CertificateStatus {
    SELF_SIGNED("self-signed"),
    CSR_PENDING("CSR pending"),
    CA_SIGNED("CA-signed"),
    IMPORTED("imported");

    private final String label;

    CertificateStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

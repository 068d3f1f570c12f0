package org.postern.engine.api;

import java.util.List;

/**
 * CON-5: what a dropped or pasted file holds. {@code kind} is the detected format; the counts say
 * what it contains so the console can offer the right action.
 */
public record FileInspection(Kind kind, List<CertificateView> certificates, int privateKeys,
                             boolean certificateRequest, String description) {

    public FileInspection {
        certificates = List.copyOf(certificates);
    }

    public enum Kind { PEM, DER_CERTIFICATE, PKCS7, PKCS12, CSR, PRIVATE_KEY, UNKNOWN }
}

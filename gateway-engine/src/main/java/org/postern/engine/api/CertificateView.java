package org.postern.engine.api;

import java.time.Instant;
import java.util.List;

/** One certificate of a chain, as the detail view and the CLI show it. */
public record CertificateView(
        String subject,
        String issuer,
        String serialNumberHex,
        Instant notBefore,
        Instant notAfter,
        List<String> dnsNames,
        String keyDescription,
        String signatureAlgorithm,
        boolean certificateAuthority,
        boolean selfSigned,
        String sha256Fingerprint,
        String sha1Fingerprint,
        String pem) {

    public CertificateView {
        dnsNames = List.copyOf(dnsNames);
    }
}

package org.postern.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * One certificate of a chain, as the detail view and the CLI show it. {@code keyUsage} and
 * {@code extendedKeyUsage} name the purposes the certificate allows (empty: the extension is
 * absent), the key identifiers are colon-separated hex (null: absent), {@code basicConstraints}
 * reads e.g. "CA:TRUE, path length 0 (critical)" or "absent".
 */
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
        String pem,
        List<String> keyUsage,
        List<String> extendedKeyUsage,
        String subjectKeyIdentifier,
        String authorityKeyIdentifier,
        String basicConstraints) {

    public CertificateView {
        dnsNames = List.copyOf(dnsNames);
        keyUsage = keyUsage == null ? List.of() : List.copyOf(keyUsage);
        extendedKeyUsage = extendedKeyUsage == null ? List.of() : List.copyOf(extendedKeyUsage);
    }

    /** A view without the extension details (reports built from summaries). */
    public CertificateView(String subject, String issuer, String serialNumberHex, Instant notBefore, Instant notAfter,
                           List<String> dnsNames, String keyDescription, String signatureAlgorithm,
                           boolean certificateAuthority, boolean selfSigned, String sha256Fingerprint,
                           String sha1Fingerprint, String pem) {
        this(subject, issuer, serialNumberHex, notBefore, notAfter, dnsNames, keyDescription, signatureAlgorithm,
                certificateAuthority, selfSigned, sha256Fingerprint, sha1Fingerprint, pem, List.of(), List.of(), null,
                null, null);
    }
}

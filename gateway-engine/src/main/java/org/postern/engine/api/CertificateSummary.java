package org.postern.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * CERT-1 list row: the leaf certificate of an entry.
 *
 * @param usages   where the entry is used (listeners, HTTPS admin, outbound client certificate)
 * @param warnings everything an administrator should notice: demo certificate, weak key or
 *                 signature, expiry, an incomplete chain
 */
public record CertificateSummary(
        String name,
        String commonName,
        List<String> dnsNames,
        String subject,
        String issuer,
        Instant notBefore,
        Instant notAfter,
        String keyDescription,
        String signatureAlgorithm,
        CertificateStatus status,
        boolean demo,
        Expiry expiry,
        long daysLeft,
        List<String> usages,
        List<String> warnings) {

    public CertificateSummary {
        dnsNames = List.copyOf(dnsNames);
        usages = List.copyOf(usages);
        warnings = List.copyOf(warnings);
    }

    /** CON-1 expiry badge. */
    public enum Expiry { VALID, EXPIRING, EXPIRED, NOT_YET_VALID }
}

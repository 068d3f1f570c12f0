package org.postern.engine.api;

import java.util.List;

/**
 * CERT-2: what the administrator fills in to create a self-signed certificate. {@code name}
 * may be null or blank to default to the common name (CERT-4). The certificate always carries
 * SAN dNSName = CN; {@code extraDnsNames} are added after it (CON-3).
 */
public record NewCertificateRequest(
        String name,
        String commonName,
        List<String> extraDnsNames,
        String organization,
        String organizationalUnit,
        String city,
        String state,
        String country,
        int validityDays,
        KeyType keyType,
        boolean fqdnCheck) {

    public NewCertificateRequest {
        extraDnsNames = extraDnsNames == null ? List.of() : List.copyOf(extraDnsNames);
    }

    public static NewCertificateRequest simple(String commonName, KeyType keyType) {
        return new NewCertificateRequest(null, commonName, List.of(), null, null, null, null, null,
                365, keyType, true);
    }
}

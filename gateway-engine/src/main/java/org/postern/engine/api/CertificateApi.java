package org.postern.engine.api;

import java.util.List;

/**
 * Certificate management (CERT-1..11, CON-1..9, DANE-7). Every method either completes fully or
 * throws {@link PosternException} with a one-line reason and changes nothing.
 */
public interface CertificateApi {

    /** CERT-1: leaf certificates of every entry, sorted by name. */
    List<CertificateSummary> list();

    /** The entry with its whole chain, fingerprints, PEM and chain verdict (CON-6). */
    CertificateDetails details(String name);

    /** CERT-2..4: generate a key and a self-signed certificate. */
    CertificateSummary createSelfSigned(NewCertificateRequest request);

    /**
     * CERT-5: the PKCS#10 request in PEM. Allowed while the entry is self-signed or CSR pending;
     * a self-signed entry becomes CSR pending.
     */
    String certificateSigningRequest(String name);

    /**
     * CERT-6: install the CA-signed certificate (PEM, DER or PKCS#7; may carry intermediates)
     * for an entry; {@code intermediates} may be null. The public key must match the entry's key.
     */
    CertificateSummary uploadSigned(String name, byte[] certificate, byte[] intermediates);

    /** CERT-6: add intermediate certificates to an entry's chain later. */
    CertificateSummary addIntermediates(String name, byte[] intermediates);

    /** CERT-7: read a PKCS#12 file and show what it holds, storing nothing. */
    Pkcs12Contents readPkcs12(byte[] file, char[] password);

    /** CERT-7: import a PKCS#12 file as a new entry. */
    CertificateSummary importPkcs12(String name, byte[] file, char[] password, boolean fqdnCheck);

    /** CERT-8 / CON-8: export key and chain as PKCS#12. */
    byte[] exportPkcs12(String name, char[] password, Pkcs12Encryption encryption);

    /** CERT-8 / CON-7: export as PEM. */
    String exportPem(String name, PemBundle bundle);

    /** CON-9: a fresh self-signed certificate with the same key, subject and SANs. */
    CertificateSummary renew(String name, int validityDays);

    /** Remove an entry; refused while it is in use or for the demo certificate. */
    void delete(String name);

    /** DANE-7: the TLSA record for a stored certificate. */
    TlsaRecord tlsaRecord(String name, TlsaRequest request);

    /** CON-5: what a file holds (PEM, DER, PKCS#7, PKCS#12, CSR, key …). */
    FileInspection inspect(byte[] content);

    /** CON-1 / CERT-11: days before expiry at which a certificate is flagged (default 30). */
    int expiryWarningDays();

    void setExpiryWarningDays(int days);
}

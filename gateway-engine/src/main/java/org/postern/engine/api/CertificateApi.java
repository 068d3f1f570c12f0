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
    default CertificateSummary uploadSigned(String name, byte[] certificate, byte[] intermediates) {
        return uploadSigned(name, certificate, intermediates, false);
    }

    /**
     * CERT-6 with DANE-7 rollover safety: when the entry is served by a listener and the
     * {@link #checkUploadSigned check} needs confirmation, refused with {@link TlsaRolloverException}
     * unless {@code confirmTlsa} (the administrator saw the check and proceeds; nothing is looked up then).
     */
    CertificateSummary uploadSigned(String name, byte[] certificate, byte[] intermediates, boolean confirmTlsa);

    /** DANE-7: what {@link #uploadSigned} would do to the TLSA records published for this gateway; changes nothing. */
    TlsaRolloverCheck checkUploadSigned(String name, byte[] certificate, byte[] intermediates);

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
    default CertificateSummary renew(String name, int validityDays) {
        return renew(name, validityDays, false);
    }

    /** CON-9 with DANE-7 rollover safety (see {@link #uploadSigned(String, byte[], byte[], boolean)}). */
    CertificateSummary renew(String name, int validityDays, boolean confirmTlsa);

    /** DANE-7: what {@link #renew} would do to the published TLSA records; changes nothing. */
    TlsaRolloverCheck checkRenew(String name, int validityDays);

    /** Remove an entry; refused while it is in use (by a listener: see {@link #checkDelete}) or for the demo certificate. */
    void delete(String name);

    /**
     * DANE-7: what deleting the entry would do to the TLSA records published for the listeners that
     * serve it (they would serve none of its certificates); {@code NOT_SERVED} when no listener does.
     * Changes nothing.
     */
    TlsaRolloverCheck checkDelete(String name);

    /** DANE-7: the TLSA record for a stored certificate. */
    TlsaRecord tlsaRecord(String name, TlsaRequest request);

    /**
     * DANE-7 planned rollover: the records of the current entry {@code name} and of the next key,
     * which is either the stored entry {@code nextName} (e.g. a new key with its CSR pending) or
     * {@code nextCertificate} (PEM, DER or PKCS#7; the first certificate is the leaf). Exactly one
     * of the two is given. Publish both, wait at least twice the TTL, then switch.
     */
    List<TlsaRecord> tlsaRollover(String name, String nextName, byte[] nextCertificate, TlsaRequest request);

    /** CON-5: what a file holds (PEM, DER, PKCS#7, PKCS#12, CSR, key …). */
    FileInspection inspect(byte[] content);

    /** CON-1 / CERT-11: days before expiry at which a certificate is flagged (default 30). */
    int expiryWarningDays();

    void setExpiryWarningDays(int days);
}

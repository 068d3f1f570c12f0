package org.postern.engine.api;

import java.time.Instant;
import java.util.List;

/** CA-1..6: the system and custom lists of trusted roots that certificate verification uses. */
public interface CaListApi {

    /** Which list. */
    enum CaList { SYSTEM, CUSTOM }

    /** A list's facts: whether enabled, how many roots, and (system list) version, source and update time. */
    record CaListInfo(CaList list, boolean enabled, int count, String version, String source, Instant updated) {
    }

    /**
     * One root, as shown and downloaded (CA-6). {@code partner}: a self-signed end-entity
     * certificate in the custom list, trusted for exactly that certificate and issuing nothing (CA-7).
     */
    record CaCertificate(String subject, String issuer, Instant notBefore, Instant notAfter, String sha256Fingerprint,
                         String pem, boolean partner) {

        /** "partner" or "CA", as lists, the CLI and the console label it. */
        public String kind() {
            return partner ? "partner" : "CA";
        }
    }

    CaListInfo info(CaList list);

    void setEnabled(CaList list, boolean enabled);

    List<CaCertificate> certificates(CaList list);

    /**
     * CA-2: imports every certificate of a PEM file into the custom list. All or nothing: a
     * certificate that is neither a CA certificate nor self-signed (a partner certificate, CA-7), a
     * broken block or (with {@code fqdnCheck}) a bad name refuses the whole file, naming each
     * offending certificate. Returns how many were added (duplicates are skipped).
     */
    int importCustom(byte[] pem, boolean fqdnCheck);

    void deleteCustom(String sha256Fingerprint);

    /** CA-4: the list as PEM text, editable and re-importable as the custom list. */
    String exportPem(CaList list);

    /** CA-5: replaces the system list with a PEM bundle from a file. */
    CaListInfo updateSystem(byte[] pemBundle, String version);

    /** CA-5: replaces the system list with the operating system's trust store. */
    CaListInfo updateSystemFromOperatingSystem();
}

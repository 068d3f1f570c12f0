package org.postern.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * ADM-1/2: the engine's management service itself — HTTPS administration on an interface and port
 * with a chosen certificate (the vendor's {@code interfaceconfig}, Network › IP Interfaces), the
 * administrator's password and the client certificates that may log in instead of it.
 */
public interface AdminApi {

    /** The user name of the administrator account (there is one). */
    String ADMINISTRATOR = "admin";

    /** Where HTTPS administration listens; {@code certificate} null means the demo certificate. */
    record HttpsSettings(boolean enabled, String address, int port, String certificate) {
        public static final int DEFAULT_PORT = 8443;

        public static HttpsSettings defaults() {
            return new HttpsSettings(false, "0.0.0.0", DEFAULT_PORT, null);
        }
    }

    /** What the running engine serves: listening, the certificate's SHA-256 fingerprint, or why not. */
    record HttpsStatus(boolean listening, String address, int port, String certificate, String sha256Fingerprint,
                       String problem) {
    }

    /** A certificate whose holder may log in over HTTPS without a password (a TLS client certificate). */
    record ClientCertificate(String subject, String sha256Fingerprint, Instant notAfter) {
    }

    HttpsSettings https();

    /**
     * Validates and stores {@code settings} and applies them at once (the HTTPS connector of a
     * running engine restarts; nothing else does). Returns the warnings the administrator must see
     * (the demo certificate, CERT-9). Refused with a reason, changing nothing, when the address,
     * port or certificate is not usable.
     */
    List<String> setHttps(HttpsSettings settings);

    /** The warnings {@code settings} would bring, without storing them. */
    List<String> httpsWarnings(HttpsSettings settings);

    /** The HTTPS connector of the running engine (not listening when the engine is stopped or HTTPS is off). */
    HttpsStatus httpsStatus();

    /**
     * Sets the administrator's password (at least 12 characters); stored only as a slow salted
     * hash. Tokens issued before stay valid until they expire.
     */
    void setPassword(char[] password);

    /** Whether the administrator still has the password generated at first run (its file still exists). */
    boolean initialPasswordPending();

    List<ClientCertificate> clientCertificates();

    /** Lets the holder of this certificate (PEM or DER; the first certificate) log in over HTTPS. */
    ClientCertificate addClientCertificate(byte[] certificate);

    void removeClientCertificate(String sha256Fingerprint);
}

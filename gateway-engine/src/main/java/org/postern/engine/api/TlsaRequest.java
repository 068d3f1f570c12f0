package org.postern.engine.api;

/**
 * DANE-7: parameters of a TLSA record to generate. Usage 3 (DANE-EE) with selector 1 (SPKI) and
 * matching 1 (SHA-256) is the recommended default for SMTP (RFC 7671 §5.1).
 */
public record TlsaRequest(int usage, int selector, int matchingType, String host, int port) {

    public static TlsaRequest daneEe(String host) {
        return new TlsaRequest(3, 1, 1, host, 25);
    }
}

package org.postern.engine.testsupport;

/**
 * What an SMTP client does with one MX host under opportunistic DANE (RFC 7672), in words every
 * implementation under comparison can be mapped to.
 */
public enum DaneVerdict {
    /** A secure, usable TLSA RRset and a record matched the server: authenticated TLS, deliver. */
    AUTHENTICATED("authenticated"),
    /** A secure, usable TLSA RRset, but no authenticated TLS (no match, failed checks, no STARTTLS): do not deliver. */
    FAILED("DANE failure"),
    /** A secure TLSA RRset without usable records: TLS mandatory but unauthenticated (RFC 7672 §2.2). */
    UNUSABLE("unusable TLSA"),
    /** No secure TLSA RRset (insecure, or securely denied): DANE does not apply, the TLS policy does. */
    NOT_APPLICABLE("no DANE"),
    /** The address or TLSA lookup failed (bogus, SERVFAIL): the host is not used. */
    LOOKUP_FAILED("lookup failure");

    private final String label;

    DaneVerdict(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}

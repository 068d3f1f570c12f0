package org.postern.engine.dns;

/** DANE-2: the DNSSEC status of a lookup result (RFC 4035 §4.3). */
public enum DnssecStatus {
    /** Validated from a trust anchor. */
    SECURE,
    /** Proven unsigned (an insecure delegation) or AD bit absent in trust-AD mode. */
    INSECURE,
    /** Signed but failing validation. */
    BOGUS,
    /** Could not be determined: lookup failure (SERVFAIL, timeout). */
    INDETERMINATE
}

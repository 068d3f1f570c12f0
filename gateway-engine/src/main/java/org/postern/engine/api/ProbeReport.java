package org.postern.engine.api;

import java.util.List;

/**
 * "Test this destination" (`postern tlsverify`, `postern daneverify`, the console's probe and its
 * DANE/TLSA inspector): per MX host, what a delivery attempt would see — the DNS lookups with their
 * DNSSEC status, the TLSA RRset, the connection, STARTTLS, the presented chain, which TLSA record
 * matched which certificate — and the verdict it would reach. One report for every probe.
 *
 * @param dane    the effective DANE setting (DANE-1) the verdicts were reached under
 * @param mx      the MX lookup (null for a route override)
 * @param failure why no host could be tried at all (null when hosts were tried)
 */
public record ProbeReport(String domain, String entry, OutboundTls setting, DaneSetting dane, DnsStep mx, String failure,
                          List<HostProbe> hosts) {

    public ProbeReport {
        hosts = List.copyOf(hosts);
    }

    /** True when at least one host would take mail under the setting. */
    public boolean wouldDeliver() {
        return hosts.stream().anyMatch(HostProbe::wouldDeliver);
    }

    /** DANE-2: the DNSSEC status of one lookup result. */
    public enum Dnssec { SECURE, INSECURE, BOGUS, INDETERMINATE }

    /**
     * One DNS lookup as delivery made it.
     *
     * @param query   the name and type asked, e.g. {@code _25._tcp.mx1.example.com TLSA}
     * @param status  its DNSSEC status
     * @param records the answer in presentation form (empty for NXDOMAIN/NODATA)
     * @param error   why the lookup failed (SERVFAIL, timeout, bogus), or null
     */
    public record DnsStep(String query, Dnssec status, List<String> records, String error) {
        public DnsStep {
            records = List.copyOf(records);
        }
    }

    /** What DANE does for one host (DANE-3..5). */
    public enum DaneState {
        /** DANE is off for this destination (setting None, or TLS None). */
        OFF,
        /** No secure TLSA RRset (insecure, or securely denied): the TLS setting applies. */
        NOT_APPLICABLE,
        /** A secure, usable TLSA RRset: DANE authentication is required for this host. */
        REQUIRED,
        /** A secure TLSA RRset with no usable record: TLS mandatory, unauthenticated (RFC 7672 §2.2). */
        UNUSABLE_RECORDS,
        /** The host is not used: TLSA lookup failed or bogus, or Mandatory without secure usable TLSA. */
        HOST_SKIPPED
    }

    /**
     * One TLSA record and its fate.
     *
     * @param record       presentation form, e.g. {@code 3 1 1 a1b2…}
     * @param parameters   e.g. {@code DANE-EE(3) SPKI(1) SHA2-256(1)}
     * @param unusable     why the record is not used (unusable usage, unknown parameter, weaker
     *                     digest), or null when it is used
     * @param matchedDepth the depth in the presented chain of the certificate it matched (0 = the
     *                     server's own certificate), or null when it matched none
     */
    public record TlsaCheck(String record, String parameters, String unusable, Integer matchedDepth) {
    }

    /** One host and address. */
    public record HostProbe(String host, String address, String note, boolean wouldDeliver, String verdict,
                            String resultType, TlsOutcome tls, String protocol, String cipher, List<String> steps,
                            List<CertificateView> chain, DnsStep addresses, DnsStep tlsa, DaneState daneState,
                            List<TlsaCheck> tlsaChecks) {
        public HostProbe {
            steps = List.copyOf(steps);
            chain = List.copyOf(chain);
            tlsaChecks = List.copyOf(tlsaChecks);
        }
    }
}

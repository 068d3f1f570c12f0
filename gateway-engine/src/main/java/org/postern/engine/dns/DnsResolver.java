package org.postern.engine.dns;

import java.net.InetAddress;

/**
 * DNS with DNSSEC status (DANE-2). Two modes: validate in-process against trust anchors, or trust
 * the AD bit of a validating resolver on a trusted path. Lookups never throw for DNS failures:
 * they return a {@link Lookup} whose {@code failed()} is true.
 */
public interface DnsResolver {

    /** DLV-8 / RFC 5321 §5.1: MX by preference; implicit MX; null MX (RFC 7505). CNAMEs followed. */
    MxResult mx(String domain);

    /** A and AAAA records of {@code host} (IPv4 first), CNAMEs followed. */
    Lookup<InetAddress> addresses(String host);

    /**
     * TLSA at {@code _port._tcp.host} (RFC 6698, RFC 7672 §2.2). A CNAME at the TLSA name itself
     * is followed; {@code name()} of the result is the TLSA owner asked for.
     */
    Lookup<TlsaData> tlsa(String host, int port);

    /**
     * RFC 7672 §2.2.2 / DANE-3a: the TLSA RRset for a host whose address lookup is given. When the
     * host name is an alias ({@code canonicalName} differs from {@code name}) and the address
     * lookup, CNAME chain included, is secure, TLSA is first looked up at the fully expanded name;
     * that result is used when it failed (a failure must defer delivery) or is a secure, non-empty
     * RRset. Otherwise the TLSA lookup at the original name is returned. The TLSA base domain actually used is
     * {@code result.name()} without its {@code _port._tcp.} prefix.
     *
     * <p>Whether TLSA should be looked up at all (only for hosts whose address records are
     * secure) is the caller's decision.
     */
    default Lookup<TlsaData> tlsaCandidates(Lookup<java.net.InetAddress> hostAddresses, int port) {
        String original = hostAddresses.name();
        String expanded = hostAddresses.canonicalName();
        if (hostAddresses.secure() && expanded != null && !expanded.equalsIgnoreCase(original)) {
            Lookup<TlsaData> atTarget = tlsa(expanded, port);
            if (atTarget.failed() || (atTarget.secure() && !atTarget.records().isEmpty())) {
                return atTarget;
            }
        }
        return tlsa(original, port);
    }
}

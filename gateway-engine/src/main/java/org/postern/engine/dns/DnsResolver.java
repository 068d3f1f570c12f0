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

    /** TLSA at {@code _port._tcp.host} (RFC 6698, RFC 7672 §2.2). */
    Lookup<TlsaData> tlsa(String host, int port);
}

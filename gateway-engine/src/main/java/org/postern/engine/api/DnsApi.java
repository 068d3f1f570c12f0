package org.postern.engine.api;

import java.util.List;

/**
 * DANE-2 DNS settings (the vendor's {@code dnsconfig}): which resolvers, and whether to validate
 * DNSSEC in-process against trust anchors ({@code validate}) or trust the AD bit of a validating
 * resolver on a trusted path ({@code trust-ad}, Postfix's model).
 */
public interface DnsApi {

    /** {@code resolvers} empty means the system's ({@code /etc/resolv.conf}). */
    record DnsConfig(List<String> resolvers, String dnssec, String trustAnchorFile) {
        public DnsConfig {
            resolvers = List.copyOf(resolvers);
        }
    }

    DnsConfig get();

    void set(DnsConfig config);
}

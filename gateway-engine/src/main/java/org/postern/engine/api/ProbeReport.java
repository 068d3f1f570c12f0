package org.postern.engine.api;

import java.util.List;

/**
 * "Test this destination" (`postern tlsverify`, the console's probe): per host, what a delivery
 * attempt would see — the connection, STARTTLS, the presented chain — and the verdict it would reach.
 */
public record ProbeReport(String domain, String entry, OutboundTls setting, String failure, List<HostProbe> hosts) {

    public ProbeReport {
        hosts = List.copyOf(hosts);
    }

    /** True when at least one host would take mail under the setting. */
    public boolean wouldDeliver() {
        return hosts.stream().anyMatch(HostProbe::wouldDeliver);
    }

    /** One host and address. */
    public record HostProbe(String host, String address, String note, boolean wouldDeliver, String verdict,
                            String resultType, TlsOutcome tls, String protocol, String cipher, List<String> steps,
                            List<CertificateView> chain) {
        public HostProbe {
            steps = List.copyOf(steps);
            chain = List.copyOf(chain);
        }
    }
}

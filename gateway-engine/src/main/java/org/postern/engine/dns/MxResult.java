package org.postern.engine.dns;

import java.util.List;

/**
 * DLV-8: the MX hosts of a domain sorted by preference (ties in random order), the implicit MX
 * (the domain itself) when there is no MX RRset, or a null MX (RFC 7505: one MX of preference 0
 * and target ".") meaning the domain accepts no mail. {@code lookup} carries status and errors.
 */
public record MxResult(String domain, List<MxHost> hosts, boolean nullMx, Lookup<MxHost> lookup) {

    public MxResult {
        hosts = List.copyOf(hosts);
    }
}

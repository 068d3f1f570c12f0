package org.postern.engine.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one text form of a {@link ProbeReport}: what {@code postern tlsverify} and {@code postern
 * daneverify} print and what the console's DANE inspector copies ("Copy report"), so every face
 * says the same thing. Per host: the DNS lookups with their DNSSEC status (MX, A/AAAA, TLSA), the
 * TLSA records and their fate, what DANE does, the steps of the connection, the presented chain
 * with depths, and the verdict with its RFC 8460 result type. The short words for a DANE state and
 * a TLSA record's fate live here too, for the console to reuse.
 */
public final class ProbeReportText {

    private ProbeReportText() {
    }

    /** The whole report, one line per fact, each line ending with a newline. */
    public static String format(ProbeReport r) {
        List<String> out = new ArrayList<>();
        out.add("destination " + r.domain() + ": entry " + r.entry() + ", TLS " + r.setting().cliName() + ", DANE "
                + r.dane().cliName());
        if (r.mx() != null) {
            step("", r.mx(), out);
        }
        if (r.failure() != null) {
            out.add("  " + r.failure());
        }
        for (ProbeReport.HostProbe h : r.hosts()) {
            out.add("host " + h.host() + (h.address() == null ? "" : " [" + h.address() + "]"));
            if (h.addresses() != null) {
                step("  ", h.addresses(), out);
            }
            if (h.tlsa() != null) {
                step("  ", h.tlsa(), out);
            }
            for (ProbeReport.TlsaCheck c : h.tlsaChecks()) {
                out.add("    TLSA " + c.record() + " — " + c.parameters() + ": " + tlsaFate(c));
            }
            if (h.daneState() != null) {
                out.add("  DANE: " + daneState(h.daneState()));
            }
            h.steps().forEach(s -> out.add("  " + s));
            int depth = 0;
            for (CertificateView c : h.chain()) {
                out.add("  " + "  ".repeat(depth) + "certificate [depth " + depth + "]: " + c.subject() + " (issuer "
                        + c.issuer() + ", until " + c.notAfter() + ", SANs "
                        + (c.dnsNames().isEmpty() ? "-" : String.join(",", c.dnsNames())) + ")");
                depth++;
            }
            out.add("  verdict: " + h.verdict() + (h.resultType() == null ? "" : " [" + h.resultType() + "]"));
        }
        out.add(r.wouldDeliver() ? "delivery would happen" : "delivery would NOT happen (mail stays queued)");
        return String.join("\n", out) + "\n";
    }

    private static void step(String indent, ProbeReport.DnsStep s, List<String> out) {
        out.add(indent + "lookup " + s.query() + ": " + dnssec(s.status())
                + (s.error() != null ? " — " + s.error() : s.records().isEmpty() ? " — no records" : ""));
        s.records().forEach(x -> out.add(indent + "  " + x));
    }

    /** "secure", "insecure", "bogus", "indeterminate" (DANE-2). */
    public static String dnssec(ProbeReport.Dnssec status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** What DANE does for one host, in a few words (DANE-3..5). */
    public static String daneState(ProbeReport.DaneState s) {
        return switch (s) {
            case OFF -> "off for this destination";
            case NOT_APPLICABLE -> "no secure TLSA RRset: the TLS setting applies";
            case REQUIRED -> "secure usable TLSA records: DANE authentication required";
            case UNUSABLE_RECORDS -> "secure TLSA RRset without usable records: TLS mandatory, unauthenticated";
            case HOST_SKIPPED -> "host not used";
        };
    }

    /** A TLSA record's fate: unusable (why), or used and which depth of the chain it matched. */
    public static String tlsaFate(ProbeReport.TlsaCheck c) {
        String fate = c.unusable() != null ? "unusable: " + c.unusable()
                : c.matchedDepth() != null ? "used, matched the certificate at depth " + c.matchedDepth() : "used, matched nothing";
        if (c.unusable() != null && c.matchedDepth() != null) {
            fate += " (would match the certificate at depth " + c.matchedDepth() + ")";
        }
        return fate;
    }
}

package org.postern.engine.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.ProbeReport;

/**
 * Prints a {@link ProbeReport} for {@code tlsverify} and {@code daneverify}: per host the DNS
 * lookups with their DNSSEC status (MX, A/AAAA, TLSA), the TLSA records and their fate, the steps
 * of the connection, the presented chain and the verdict.
 */
final class ProbePrinter {

    private ProbePrinter() {
    }

    static void print(ProbeReport r, PrintWriter out) {
        out.println("destination " + r.domain() + ": entry " + r.entry() + ", TLS " + r.setting().cliName() + ", DANE "
                + r.dane().cliName());
        if (r.mx() != null) {
            step("", r.mx(), out);
        }
        if (r.failure() != null) {
            out.println("  " + r.failure());
        }
        for (ProbeReport.HostProbe h : r.hosts()) {
            out.println("host " + h.host() + (h.address() == null ? "" : " [" + h.address() + "]"));
            if (h.addresses() != null) {
                step("  ", h.addresses(), out);
            }
            if (h.tlsa() != null) {
                step("  ", h.tlsa(), out);
            }
            for (ProbeReport.TlsaCheck c : h.tlsaChecks()) {
                String fate = c.unusable() != null ? "unusable: " + c.unusable()
                        : c.matchedDepth() != null ? "used, matched the certificate at depth " + c.matchedDepth() : "used, matched nothing";
                if (c.unusable() != null && c.matchedDepth() != null) {
                    fate += " (would match the certificate at depth " + c.matchedDepth() + ")";
                }
                out.println("    TLSA " + c.record() + " — " + c.parameters() + ": " + fate);
            }
            if (h.daneState() != null) {
                out.println("  DANE: " + dane(h.daneState()));
            }
            h.steps().forEach(s -> out.println("  " + s));
            int depth = 0;
            for (CertificateView c : h.chain()) {
                out.println("  " + "  ".repeat(depth) + "certificate [depth " + depth + "]: " + c.subject() + " (issuer "
                        + c.issuer() + ", until " + c.notAfter() + ", SANs "
                        + (c.dnsNames().isEmpty() ? "-" : String.join(",", c.dnsNames())) + ")");
                depth++;
            }
            out.println("  verdict: " + h.verdict() + (h.resultType() == null ? "" : " [" + h.resultType() + "]"));
        }
        out.println(r.wouldDeliver() ? "delivery would happen" : "delivery would NOT happen (mail stays queued)");
        out.flush();
    }

    private static void step(String indent, ProbeReport.DnsStep s, PrintWriter out) {
        out.println(indent + "lookup " + s.query() + ": " + s.status().name().toLowerCase(Locale.ROOT)
                + (s.error() != null ? " — " + s.error() : s.records().isEmpty() ? " — no records" : ""));
        s.records().forEach(x -> out.println(indent + "  " + x));
    }

    private static String dane(ProbeReport.DaneState s) {
        return switch (s) {
            case OFF -> "off for this destination";
            case NOT_APPLICABLE -> "no secure TLSA RRset: the TLS setting applies";
            case REQUIRED -> "secure usable TLSA records: DANE authentication required";
            case UNUSABLE_RECORDS -> "secure TLSA RRset without usable records: TLS mandatory, unauthenticated";
            case HOST_SKIPPED -> "host not used";
        };
    }
}

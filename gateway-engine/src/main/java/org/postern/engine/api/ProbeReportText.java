package org.postern.engine.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one text form of a {@link ProbeReport}: what {@code postern tlsverify} and {@code postern
 * daneverify} print and what the console's "Copy report" copies, so both say the same thing. Per
 * host: the address and TLSA lookups with their DNSSEC status, the steps of the attempt, the
 * presented chain with depths, each TLSA record's fate, and the verdict with its RFC 8460 result
 * type. The short words for DNSSEC and DANE states live here too, for every face to reuse.
 */
public final class ProbeReportText {

    private ProbeReportText() {
    }

    /** The whole report, one line per fact, ending with a newline. */
    public static String format(ProbeReport r) {
        List<String> out = new ArrayList<>();
        out.add("destination " + r.domain() + ": entry " + r.entry() + ", TLS " + r.setting().cliName()
                + (r.dane() == null ? "" : ", DANE " + r.dane().cliName()));
        if (r.mx() != null) {
            step(out, "", r.mx());
        }
        if (r.failure() != null) {
            out.add("  " + r.failure());
        }
        for (ProbeReport.HostProbe h : r.hosts()) {
            out.add("host " + h.host() + (h.address() == null ? "" : " [" + h.address() + "]"));
            if (h.addresses() != null) {
                step(out, "  ", h.addresses());
            }
            if (h.tlsa() != null) {
                step(out, "  ", h.tlsa());
            }
            if (h.daneState() != null) {
                out.add("  DANE: " + daneState(h.daneState()));
            }
            h.steps().forEach(s -> out.add("  " + s));
            int depth = 0;
            for (CertificateView c : h.chain()) {
                out.add("  [" + depth++ + "] certificate: " + c.subject() + " (issuer " + c.issuer() + ", until "
                        + c.notAfter() + ", SANs " + (c.dnsNames().isEmpty() ? "-" : String.join(",", c.dnsNames()))
                        + ")");
            }
            for (ProbeReport.TlsaCheck t : h.tlsaChecks()) {
                out.add("  TLSA " + t.record() + (t.parameters() == null ? "" : " (" + t.parameters() + ")") + ": "
                        + tlsaFate(t));
            }
            out.add("  verdict: " + h.verdict() + (h.resultType() == null ? "" : " [" + h.resultType() + "]"));
        }
        out.add("overall: " + (r.wouldDeliver() ? "would deliver" : "would defer"));
        return String.join("\n", out) + "\n";
    }

    private static void step(List<String> out, String indent, ProbeReport.DnsStep s) {
        out.add(indent + s.query() + ": " + dnssec(s.status())
                + (s.error() == null ? "" : " (" + s.error() + ")")
                + (s.records().isEmpty() && s.error() == null ? ", no records" : ""));
        s.records().forEach(rec -> out.add(indent + "  " + rec));
    }

    /** "secure", "insecure", "bogus", "indeterminate" (DANE-2). */
    public static String dnssec(ProbeReport.Dnssec status) {
        return status == null ? "status unknown" : status.name().toLowerCase(Locale.ROOT);
    }

    /** What DANE does for a host, in one line (DANE-3..5). */
    public static String daneState(ProbeReport.DaneState state) {
        return switch (state) {
            case OFF -> "off for this destination (DANE setting none, or TLS none)";
            case NOT_APPLICABLE -> "no secure TLSA records; the TLS setting applies";
            case REQUIRED -> "required: secure, usable TLSA records; the certificate must match one";
            case UNUSABLE_RECORDS -> "secure TLSA records, none usable; TLS mandatory, unauthenticated (RFC 7672 §2.2)";
            case HOST_SKIPPED -> "host not used (TLSA lookup failed or bogus, or Mandatory without secure usable TLSA)";
        };
    }

    /** "matched the certificate at depth 0", "unusable: …" or "matched no certificate". */
    public static String tlsaFate(ProbeReport.TlsaCheck t) {
        if (t.unusable() != null) {
            return "unusable: " + t.unusable();
        }
        if (t.matchedDepth() != null) {
            return "matched the certificate at depth " + t.matchedDepth()
                    + (t.matchedDepth() == 0 ? " (the server's own)" : "");
        }
        return "matched no certificate";
    }
}

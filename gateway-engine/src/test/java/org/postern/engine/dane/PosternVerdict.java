package org.postern.engine.dane;

import java.util.ArrayList;
import java.util.List;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.testsupport.DaneVerdict;

/** Reads Postern's probe report for a one-host domain as a {@link DaneVerdict}, and says why. */
final class PosternVerdict {

    private PosternVerdict() {
    }

    /** The verdict for the report's hosts, or null when the report carries no DANE state (DANE off). */
    static DaneVerdict of(ProbeReport report) {
        if (report.failure() != null || report.hosts().isEmpty()) {
            return DaneVerdict.LOOKUP_FAILED;
        }
        DaneVerdict verdict = null;
        for (ProbeReport.HostProbe h : report.hosts()) {
            DaneVerdict v = of(h);
            if (verdict != null && v != verdict) {
                return null; // addresses of one host disagree: no single verdict
            }
            verdict = v;
        }
        return verdict;
    }

    private static DaneVerdict of(ProbeReport.HostProbe h) {
        if (h.address() == null || h.addresses() != null && h.addresses().error() != null) {
            return DaneVerdict.LOOKUP_FAILED;
        }
        if (h.daneState() == null) {
            return null;
        }
        return switch (h.daneState()) {
            case OFF -> null;
            case NOT_APPLICABLE -> DaneVerdict.NOT_APPLICABLE;
            case UNUSABLE_RECORDS -> DaneVerdict.UNUSABLE;
            case HOST_SKIPPED -> DaneVerdict.LOOKUP_FAILED;
            case REQUIRED -> h.wouldDeliver() ? DaneVerdict.AUTHENTICATED : DaneVerdict.FAILED;
        };
    }

    /** The report's failure, or per host: DANE state, address and TLSA lookups, result type and verdict. */
    static String describe(ProbeReport report) {
        if (report.failure() != null) {
            return report.failure();
        }
        List<String> parts = new ArrayList<>();
        for (ProbeReport.HostProbe h : report.hosts()) {
            String address = h.addresses() == null ? "" : "address " + h.addresses().status()
                    + (h.addresses().error() == null ? "" : " (" + h.addresses().error() + ")") + ", ";
            String tlsa = h.tlsa() == null ? "no TLSA lookup"
                    : "TLSA " + h.tlsa().status() + (h.tlsa().error() == null ? "" : " (" + h.tlsa().error() + ")");
            parts.add(h.host() + "[" + h.address() + "] " + h.daneState() + ", " + address + tlsa
                    + (h.resultType() == null ? "" : ", " + h.resultType()) + ": " + h.verdict());
        }
        return String.join("; ", parts);
    }
}

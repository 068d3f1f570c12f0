package org.postern.console.destinations;

import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;

/** How the destination settings read in the console: a short label and a one-line explanation each (DLV-2, DANE-1). */
public final class DestinationLabels {

    private DestinationLabels() {
    }

    public static String label(OutboundTls tls) {
        return switch (tls) {
            case DEFAULT -> "Default";
            case NONE -> "None";
            case PREFERRED -> "Preferred";
            case REQUIRED -> "Required";
            case PREFERRED_VERIFY -> "Preferred (Verify)";
            case REQUIRED_VERIFY -> "Required (Verify)";
            case REQUIRED_VERIFY_HOSTED -> "Required (Verify Hosted Domain)";
        };
    }

    /** DLV-2 in one line. */
    public static String explanation(OutboundTls tls) {
        return switch (tls) {
            case DEFAULT -> "use the default entry's TLS setting";
            case NONE -> "never issue STARTTLS; mail goes in clear";
            case PREFERRED -> "STARTTLS when offered; clear if not offered; never clear after a failed handshake";
            case REQUIRED -> "TLS must be negotiated, certificate not checked; otherwise the mail waits in the queue";
            case PREFERRED_VERIFY -> "TLS when offered, certificate checked; unverified TLS still sends (logged); "
                    + "no TLS sends in clear";
            case REQUIRED_VERIFY -> "TLS and a verified certificate (trusted CA, CN or a SAN matches the MX host or "
                    + "domain); otherwise the mail waits";
            case REQUIRED_VERIFY_HOSTED -> "as Required (Verify) with RFC 6125 name rules (SAN dNSNames; the CN only "
                    + "without any)";
        };
    }

    /** "Preferred — STARTTLS when offered; …" */
    public static String describe(OutboundTls tls) {
        return label(tls) + " — " + explanation(tls);
    }

    /** An explanation on its own: a capital first letter and a full stop. */
    public static String sentence(String explanation) {
        if (explanation == null || explanation.isEmpty()) {
            return "";
        }
        return Character.toUpperCase(explanation.charAt(0)) + explanation.substring(1)
                + (explanation.endsWith(".") ? "" : ".");
    }

    public static String label(DaneSetting dane) {
        return switch (dane) {
            case DEFAULT -> "Default";
            case NONE -> "None";
            case OPPORTUNISTIC -> "Opportunistic";
            case MANDATORY -> "Mandatory";
        };
    }

    public static String explanation(DaneSetting dane) {
        return switch (dane) {
            case DEFAULT -> "use the default entry's DANE setting";
            case NONE -> "TLSA records are not looked up";
            case OPPORTUNISTIC -> "DANE authentication where the MX host has secure TLSA records; the TLS setting "
                    + "elsewhere";
            case MANDATORY -> "only MX hosts with secure, usable TLSA records are used; otherwise the mail waits";
        };
    }

    public static String describe(DaneSetting dane) {
        return label(dane) + " — " + explanation(dane);
    }

    /** The domain column: the default entry reads as such. */
    public static String domain(DestinationEntry e) {
        return e.isDefault() ? "Default (all other domains)" : e.domain();
    }

    /** The route column: a route override or MX routing. */
    public static String route(DestinationEntry e) {
        return e.route() == null || e.route().isBlank() ? "MX" : e.route();
    }

    /** A setting that inherits shows what it resolves to, e.g. "Default (Preferred)". */
    public static String tlsColumn(DestinationEntry e, DestinationEntry defaultEntry) {
        if (e.tls() == OutboundTls.DEFAULT && defaultEntry != null) {
            return "Default (" + label(defaultEntry.tls()) + ")";
        }
        return label(e.tls());
    }

    /**
     * The DANE column: what delivery does for the entry — the setting resolved through the default
     * entry (marked "Default (…)" when inherited), and "n/a (TLS None)" where DANE cannot apply
     * because the resolved TLS setting is None (DANE-1, the engine's rule).
     */
    public static String daneColumn(DestinationEntry e, DestinationEntry defaultEntry) {
        DestinationEntry resolved = e.isDefault() || defaultEntry == null ? e : e.resolvedWith(defaultEntry);
        if (!DestinationEntry.daneApplies(resolved.tls())) {
            return "n/a (TLS None)";
        }
        return e.dane() == DaneSetting.DEFAULT ? "Default (" + label(resolved.dane()) + ")" : label(resolved.dane());
    }
}

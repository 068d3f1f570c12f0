package org.postern.engine.dane;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReport.DaneState;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.dns.DnssecStatus;
import org.postern.engine.dns.Lookup;
import org.postern.engine.dns.TlsaData;

/**
 * What DANE does for one MX host before connecting (DANE-1, -3, -3a, -4, -5; RFC 7672 §2). Delivery
 * and the destination probe both decide here.
 * <ul>
 *   <li>DANE applies only where the TLS setting is not None and the DANE setting is Opportunistic
 *       or Mandatory.</li>
 *   <li>TLSA is looked up ({@code _port._tcp.host}) only when the host's address records are
 *       secure; for an alias, at the fully expanded name first, then the original name
 *       ({@link DnsResolver#tlsaCandidates}, RFC 7672 §2.2.2).</li>
 *   <li>A failed or bogus TLSA lookup makes the host unusable (RFC 7672 §2.1.1): the next MX host
 *       is tried, and the message is deferred when none is left, never sent in clear.</li>
 *   <li>A secure RRset with usable records requires DANE authentication; a secure RRset without
 *       usable records makes TLS mandatory, unauthenticated (RFC 7672 §2.2); no secure RRset: the
 *       TLS setting applies.</li>
 *   <li>Mandatory: a host without a secure, usable TLSA RRset is not used.</li>
 *   <li>A secure TLSA RRset of a host named by an insecure MX RRset still counts; the host is then
 *       trusted, not verified for the next-hop domain.</li>
 * </ul>
 */
public final class DanePolicy {

    private DanePolicy() {
    }

    /**
     * A host to connect to, as DNS gave it.
     *
     * @param addresses the address lookup (null when the host is an address literal)
     * @param mxStatus  the DNSSEC status of the MX RRset that named it (null when not from an MX lookup)
     * @param nextHop   the next-hop domain (the recipient domain, or the route's host)
     */
    public record Host(String name, Lookup<InetAddress> addresses, int port, DnssecStatus mxStatus, String nextHop) {
    }

    /**
     * The decision for one host.
     *
     * @param tlsa          the TLSA lookup made (null when none was made)
     * @param baseDomain    the TLSA base domain (SNI and first reference identifier), or null
     * @param authenticator how to authenticate the presented chain ({@link DaneState#REQUIRED} only)
     * @param skipReason    why the host is not used ({@link DaneState#HOST_SKIPPED} only)
     * @param resultType    the RFC 8460 result type of a skip
     * @param notes         what the mail log and the probe should say about the decision
     */
    public record Decision(DaneSetting setting, DaneState state, Lookup<TlsaData> tlsa, String baseDomain,
                           DaneAuthenticator authenticator, String skipReason, String resultType, List<String> notes) {
        public Decision {
            notes = List.copyOf(notes);
        }

        public boolean skip() {
            return state == DaneState.HOST_SKIPPED;
        }

        /** DANE obliges TLS on this host (authenticated or not). */
        public boolean tlsMandatory() {
            return state == DaneState.REQUIRED || state == DaneState.UNUSABLE_RECORDS;
        }
    }

    /** DANE-1: the DANE setting in force; None where TLS is None (DANE needs STARTTLS). */
    public static DaneSetting effective(DaneSetting dane, OutboundTls tls) {
        if (!DestinationEntry.daneApplies(tls) || dane == null || dane == DaneSetting.DEFAULT) {
            return DaneSetting.NONE;
        }
        return dane;
    }

    public static Decision decide(DaneSetting configured, OutboundTls tls, DnsResolver resolver, Host host) {
        DaneSetting setting = effective(configured, tls);
        List<String> notes = new ArrayList<>();
        if (setting == DaneSetting.NONE) {
            return new Decision(setting, DaneState.OFF, null, null, null, null, null, notes);
        }
        boolean mandatory = setting == DaneSetting.MANDATORY;
        if (host.addresses() == null) {
            return noTlsa(setting, null, mandatory, host, "the host is an address literal, without TLSA records", notes);
        }
        if (host.addresses().failed()) {
            return noTlsa(setting, null, mandatory, host, "its address lookup failed", notes);
        }
        if (!host.addresses().secure()) {
            notes.add("no TLSA lookup: the address records of " + host.name() + " are "
                    + lower(host.addresses().status()) + " (RFC 7672 §2.2)");
            return noTlsa(setting, null, mandatory, host, "its address records are " + lower(host.addresses().status()), notes);
        }
        Lookup<TlsaData> tlsa = resolver.tlsaCandidates(host.addresses(), host.port());
        if (tlsa.failed()) {
            String why = "TLSA lookup " + tlsa.name() + " failed (" + lower(tlsa.status()) + "): "
                    + (tlsa.error() != null ? tlsa.error() : "no answer");
            notes.add(why);
            return new Decision(setting, DaneState.HOST_SKIPPED, tlsa, null, null,
                    why + "; the host is not used (RFC 7672 §2.1.1)", "dnssec-invalid", notes);
        }
        if (!tlsa.secure() || tlsa.records().isEmpty()) {
            String what = !tlsa.secure() ? "is " + lower(tlsa.status()) + (tlsa.records().isEmpty() ? "" : " (records ignored)")
                    : tlsa.nameExists() ? "is securely empty (no data)" : "does not exist (secure denial)";
            notes.add("TLSA " + tlsa.name() + " " + what);
            return noTlsa(setting, tlsa, mandatory, host, "TLSA " + tlsa.name() + " " + what, notes);
        }
        String base = baseDomain(tlsa.name());
        List<TlsaData> usable = TlsaMatcher.usable(tlsa.records());
        notes.add("TLSA " + tlsa.name() + " is secure: " + tlsa.records().size() + " record(s), " + usable.size() + " usable");
        if (host.mxStatus() != null && host.mxStatus() != DnssecStatus.SECURE) {
            notes.add("the MX RRset is " + lower(host.mxStatus()) + ": " + host.name()
                    + " is DANE-trusted, not verified as an MX host of " + host.nextHop());
        }
        if (usable.isEmpty()) {
            if (mandatory) {
                String why = "DANE is mandatory but no record of the TLSA RRset " + tlsa.name() + " is usable";
                return new Decision(setting, DaneState.HOST_SKIPPED, tlsa, base, null, why, "dane-required", notes);
            }
            notes.add("no TLSA record is usable: TLS is mandatory, unauthenticated (RFC 7672 §2.2)");
            return new Decision(setting, DaneState.UNUSABLE_RECORDS, tlsa, base, null, null, null, notes);
        }
        List<String> references = new ArrayList<>();
        references.add(base);
        if (!base.equalsIgnoreCase(stripDot(host.name()))) {
            references.add(stripDot(host.name()));
        }
        if (host.nextHop() != null && references.stream().noneMatch(r -> r.equalsIgnoreCase(stripDot(host.nextHop())))) {
            references.add(stripDot(host.nextHop()));
        }
        return new Decision(setting, DaneState.REQUIRED, tlsa, base, new DaneAuthenticator(tlsa.records(), references),
                null, null, notes);
    }

    private static Decision noTlsa(DaneSetting setting, Lookup<TlsaData> tlsa, boolean mandatory, Host host, String why,
                                   List<String> notes) {
        if (mandatory) {
            return new Decision(setting, DaneState.HOST_SKIPPED, tlsa, null, null, "DANE is mandatory but " + host.name()
                    + " has no secure TLSA RRset: " + why, "dane-required", notes);
        }
        return new Decision(setting, DaneState.NOT_APPLICABLE, tlsa, null, null, null, null, notes);
    }

    /** {@code _25._tcp.mx.example.com} → {@code mx.example.com}. */
    static String baseDomain(String tlsaOwner) {
        String n = stripDot(tlsaOwner);
        if (n.startsWith("_")) {
            int first = n.indexOf('.');
            int second = first < 0 ? -1 : n.indexOf('.', first + 1);
            if (second > 0 && n.substring(first + 1).startsWith("_")) {
                return n.substring(second + 1);
            }
        }
        return n;
    }

    private static String stripDot(String s) {
        return s.endsWith(".") && s.length() > 1 ? s.substring(0, s.length() - 1) : s;
    }

    private static String lower(DnssecStatus s) {
        return s.name().toLowerCase(Locale.ROOT);
    }
}

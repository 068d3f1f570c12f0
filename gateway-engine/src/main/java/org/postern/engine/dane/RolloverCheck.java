package org.postern.engine.dane;

import java.net.InetAddress;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;
import org.postern.engine.api.TlsaRequest;
import org.postern.engine.api.TlsaRolloverCheck;
import org.postern.engine.api.TlsaRolloverCheck.Host;
import org.postern.engine.api.TlsaRolloverCheck.Verdict;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.dns.Lookup;
import org.postern.engine.dns.TlsaData;
import org.postern.engine.pki.X509;
import org.postern.engine.tls.NameMatcher;

/**
 * DANE-7 rollover safety: before the certificate a listener serves is replaced, renewed or
 * removed, look up the TLSA records published for the listener's SMTP host names and tell whether
 * a DANE sender (RFC 7672) would still authenticate the gateway with the chain it would serve.
 *
 * <p>Which names: a DANE sender looks up {@code _25._tcp.<MX host>} (RFC 7672 §2.2.1; always port
 * 25, whatever port the listener binds behind a port forward). The names under which senders reach
 * this gateway are its MX host names, and a listener's certificate names them (CERT-2 puts the
 * FQDN in the CN and the SAN). So the names checked are the DNS names of the certificate served
 * now and of the one about to be served: SAN dNSNames, the CN only when there are none (RFC 6125
 * §6.4.4); wildcards are skipped, TLSA is published per host.
 *
 * <p>Each name is looked up as delivery would, with the engine's own {@link DnsResolver}: the
 * address records first (TLSA counts only behind secure addresses, RFC 7672 §2.2), then the TLSA
 * RRset with CNAME handling ({@link DnsResolver#tlsaCandidates}). Matching is
 * {@link TlsaMatcher}'s, with digest agility. A failed lookup is reported as "could not check",
 * never as safe.
 */
public final class RolloverCheck {

    /** The port DANE senders use for SMTP TLSA records (RFC 7672 §2.2.1). */
    public static final int SMTP_PORT = 25;

    private final Supplier<DnsResolver> dns;

    public RolloverCheck(Supplier<DnsResolver> dns) {
        this.dns = dns;
    }

    /** The SMTP host names a listener serving these chains is known by (see the class comment). */
    public static List<String> hostNames(List<List<X509Certificate>> chains) {
        Set<String> names = new LinkedHashSet<>();
        for (List<X509Certificate> chain : chains) {
            if (chain == null || chain.isEmpty()) {
                continue;
            }
            for (String n : NameMatcher.presentedIdentifiers(chain.getFirst(), NameMatcher.Rule.RFC6125)) {
                String name = n.strip().toLowerCase(Locale.ROOT);
                if (name.endsWith(".")) {
                    name = name.substring(0, name.length() - 1);
                }
                if (!name.startsWith("*") && name.indexOf('.') > 0 && name.matches("[a-z0-9.-]+")) {
                    names.add(name);
                }
            }
        }
        return List.copyOf(names);
    }

    /**
     * Checks the TLSA records of {@code hosts} against {@code after}, the chain the listeners would
     * serve after the change ({@code null} when they would serve none of this entry's certificates).
     */
    public TlsaRolloverCheck check(String certificate, String change, List<String> hosts,
                                   List<X509Certificate> after) {
        List<String> publish = new ArrayList<>();
        if (hosts.isEmpty()) {
            Host h = new Host("-", "-", "-", List.of(), Verdict.NOT_CHECKED,
                    "the certificate names no host, so the TLSA records to check are unknown");
            return new TlsaRolloverCheck(certificate, change, Verdict.NOT_CHECKED, List.of(h), publish);
        }
        DnsResolver resolver = dns.get();
        List<Host> results = new ArrayList<>();
        for (String host : hosts) {
            results.add(checkHost(resolver, host, after));
            if (after != null) {
                publish.add(TlsaGenerator.generate(after, TlsaRequest.daneEe(host)).zoneLine());
            }
        }
        Verdict worst = Verdict.SAFE;
        for (Host h : results) {
            if (h.verdict().ordinal() > worst.ordinal()) {
                worst = h.verdict();
            }
        }
        return new TlsaRolloverCheck(certificate, change, worst, results, publish);
    }

    private static Host checkHost(DnsResolver resolver, String host, List<X509Certificate> after) {
        String owner = "_" + SMTP_PORT + "._tcp." + host;
        Lookup<InetAddress> addresses = resolver.addresses(host);
        if (addresses.failed()) {
            return new Host(host, owner, status(addresses), List.of(), Verdict.NOT_CHECKED,
                    "could not check: the address lookup of " + host + " failed (" + reason(addresses) + ")");
        }
        if (addresses.records().isEmpty()) {
            return new Host(host, owner, status(addresses), List.of(), Verdict.SAFE,
                    host + " has no address records, so no sender reaches this gateway by that name");
        }
        if (!addresses.secure()) {
            return new Host(host, owner, status(addresses), List.of(), Verdict.SAFE,
                    "the address records of " + host + " are not DNSSEC-secure; senders do not look up TLSA"
                            + " for it (RFC 7672 §2.2)");
        }
        Lookup<TlsaData> tlsa = resolver.tlsaCandidates(addresses, SMTP_PORT);
        String tlsaOwner = tlsa.name() == null ? owner : stripDot(tlsa.name());
        List<String> published = tlsa.records().stream().map(TlsaMatcher::presentation).toList();
        if (tlsa.failed()) {
            return new Host(host, tlsaOwner, status(tlsa), published, Verdict.NOT_CHECKED,
                    "could not check: the TLSA lookup failed (" + reason(tlsa) + "); DANE senders defer mail"
                            + " while it fails");
        }
        if (!tlsa.secure()) {
            return new Host(host, tlsaOwner, status(tlsa), published, Verdict.SAFE,
                    "the TLSA answer is not DNSSEC-secure; senders ignore it");
        }
        if (tlsa.records().isEmpty()) {
            return new Host(host, tlsaOwner, status(tlsa), published, Verdict.SAFE,
                    "no TLSA records are published (authenticated denial); DANE does not apply");
        }
        List<TlsaData> usable = TlsaMatcher.usable(tlsa.records());
        if (usable.isEmpty()) {
            return new Host(host, tlsaOwner, status(tlsa), published, Verdict.SAFE,
                    "none of the published records is usable for SMTP; senders use unauthenticated TLS");
        }
        if (after == null) {
            return new Host(host, tlsaOwner, status(tlsa), published, Verdict.WOULD_NOT_MATCH,
                    usable.size() + " usable record(s) published, and after this change no certificate of this"
                            + " gateway would match them");
        }
        List<String> misses = new ArrayList<>();
        for (TlsaData r : usable) {
            String miss = mismatch(r, after, host);
            if (miss == null) {
                return new Host(host, tlsaOwner, status(tlsa), published, Verdict.SAFE,
                        "the new certificate matches " + TlsaMatcher.describe(r) + " record "
                                + TlsaMatcher.presentation(r));
            }
            misses.add(miss);
        }
        return new Host(host, tlsaOwner, status(tlsa), published, Verdict.WOULD_NOT_MATCH,
                "the new certificate matches none of the " + usable.size() + " usable record(s): "
                        + String.join("; ", misses));
    }

    /**
     * Why {@code r} would not authenticate {@code chain} for {@code host}, or null when it would:
     * delivery's own {@link DaneAuthenticator} judges the new chain, as a DANE sender would.
     */
    static String mismatch(TlsaData r, List<X509Certificate> chain, String host) {
        DaneAuthenticator.Verdict v = new DaneAuthenticator(List.of(r), List.of(host)).authenticate(chain, Instant.now());
        if (v.authenticated()) {
            return null;
        }
        String label = TlsaMatcher.presentation(r).substring(0, 5);
        if (r.usage() == 3) {
            return label + " does not match the new " + (r.selector() == 1 ? "public key" : "certificate");
        }
        Integer depth = v.records().getFirst().matchedDepth();
        if (depth == null || "tlsa-invalid".equals(v.resultType())) {
            return label + " matches no CA certificate in the new chain";
        }
        String anchor = "'" + X509.readable(chain.get(depth).getSubjectX500Principal()) + "'";
        return "certificate-host-mismatch".equals(v.resultType())
                ? label + " matches the trust anchor " + anchor + ", but the new certificate does not name " + host
                        + " (RFC 7672 §3.2.3)"
                : label + " matches the trust anchor " + anchor + ", but the new chain to it is not valid: " + v.summary();
    }

    private static String status(Lookup<?> l) {
        return l.status() == null ? "unknown" : l.status().name().toLowerCase(Locale.ROOT);
    }

    private static String reason(Lookup<?> l) {
        if (l.error() != null) {
            return l.error();
        }
        return "DNSSEC status " + status(l);
    }

    private static String stripDot(String name) {
        return name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
    }
}

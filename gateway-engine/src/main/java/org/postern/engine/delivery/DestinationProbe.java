package org.postern.engine.delivery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.dane.DaneAuthenticator;
import org.postern.engine.dane.DanePolicy;
import org.postern.engine.dane.TlsaMatcher;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.dns.DnssecStatus;
import org.postern.engine.dns.Lookup;
import org.postern.engine.dns.MxHost;
import org.postern.engine.dns.TlsaData;
import org.postern.engine.pki.X509;
import org.postern.engine.smtp.client.AttemptResult;
import org.postern.engine.smtp.client.DeliveryAttempt;

/**
 * Runs the delivery path up to the mail transaction for every host of a domain (posttls-finger for
 * Postern): the same host selection, the same DANE decision ({@link HostPlan}) and the same TLS
 * checks as delivery, reported with the DNSSEC status of every lookup and the fate of every TLSA
 * record.
 */
public final class DestinationProbe {

    private final DestinationApi destinations;
    private final HostSelector hosts;
    private final Supplier<DnsResolver> dns;
    private final Supplier<DeliveryAttempt> attempts;

    public DestinationProbe(DestinationApi destinations, Supplier<DnsResolver> dns, Supplier<DeliveryAttempt> attempts,
                            int mxPort) {
        this.destinations = destinations;
        this.hosts = new HostSelector(dns, mxPort);
        this.dns = dns;
        this.attempts = attempts;
    }

    public ProbeReport probe(String domain, OutboundTls override) {
        return probe(domain, override, null);
    }

    /** {@code tlsOverride}/{@code daneOverride}: null or DEFAULT for the destination entry's setting. */
    public ProbeReport probe(String domain, OutboundTls tlsOverride, DaneSetting daneOverride) {
        DestinationEntry entry = destinations.effective(domain);
        OutboundTls setting = tlsOverride == null || tlsOverride == OutboundTls.DEFAULT ? entry.tls() : tlsOverride;
        DaneSetting configured = daneOverride == null || daneOverride == DaneSetting.DEFAULT ? entry.dane() : daneOverride;
        DaneSetting dane = DanePolicy.effective(configured, setting);
        HostSelector.Selection selection = hosts.select(domain, entry);
        ProbeReport.DnsStep mx = selection.mx() == null ? null : mxStep(selection.mx().lookup(), selection.mx().nullMx());
        if (selection.failure() != null) {
            return new ProbeReport(domain, entry.domain(), setting, dane, mx, selection.failureCode() + " " + selection.failure(),
                    List.of());
        }
        var global = destinations.globalSettings();
        DnsResolver resolver = dns.get();
        List<ProbeReport.HostProbe> probes = new ArrayList<>();
        DeliveryAttempt attempt = attempts.get();
        for (HostSelector.Target t : selection.targets()) {
            ProbeReport.DnsStep addresses = addressStep(t.dane().addresses());
            if (t.addresses().isEmpty()) {
                probes.add(noAddress(t, addresses, dane));
                continue;
            }
            HostPlan plan = HostPlan.of(t, setting, configured, resolver, global);
            DanePolicy.Decision d = plan.dane();
            ProbeReport.DnsStep tlsa = d.tlsa() == null ? null : tlsaStep(d.tlsa());
            List<String> before = new ArrayList<>();
            before.add(t.note());
            before.addAll(d.notes());
            if (d.skip()) {
                probes.add(new ProbeReport.HostProbe(t.sniName(), null, t.note(), false,
                        "would not deliver: host not used: " + d.skipReason(), d.resultType(), null, null, null, before,
                        List.of(), addresses, tlsa, d.state(), checks(d, null)));
                continue;
            }
            for (InetSocketAddress address : t.addresses()) {
                AttemptResult r = attempt.probe(plan.name(), address, plan.rule());
                List<String> steps = new ArrayList<>(before);
                steps.add("connect " + r.address() + (plan.name().equals(t.sniName()) ? "" : " as " + plan.name()));
                if (r.protocol() != null) {
                    steps.add("STARTTLS: " + r.protocol() + " " + r.cipher());
                }
                steps.addAll(r.notes());
                boolean ok = r.hostFailure() == null;
                String verdict = ok ? "would deliver with TLS " + r.tls().label() : "would not deliver: " + r.hostFailure();
                probes.add(new ProbeReport.HostProbe(t.sniName(), r.address(), t.note(), ok, verdict, r.resultType(), r.tls(),
                        r.protocol(), r.cipher(), steps, r.chain().stream().map(X509::view).toList(), addresses, tlsa,
                        d.state(), checks(d, r.dane())));
            }
        }
        return new ProbeReport(domain, entry.domain(), setting, dane, mx, null, probes);
    }

    /**
     * A host without a usable address. A failed or bogus address lookup is named as such: with DANE
     * on, RFC 7672 §2.1.1 makes the host unusable ({@code dnssec-invalid} when bogus), not "no address".
     */
    private static ProbeReport.HostProbe noAddress(HostSelector.Target t, ProbeReport.DnsStep addresses, DaneSetting dane) {
        Lookup<InetAddress> l = t.dane().addresses();
        boolean failed = l != null && (l.error() != null || l.status() == DnssecStatus.BOGUS);
        String why = failed ? "address lookup failed (DNSSEC " + status(l) + ")" + (l.error() == null ? "" : ": " + l.error())
                : "no address";
        String resultType = l != null && l.status() == DnssecStatus.BOGUS ? "dnssec-invalid" : null;
        ProbeReport.DaneState state = dane == DaneSetting.NONE ? ProbeReport.DaneState.OFF
                : failed ? ProbeReport.DaneState.HOST_SKIPPED : null;
        return new ProbeReport.HostProbe(t.sniName(), null, t.note(), false, "would not deliver: " + why, resultType,
                null, null, null, List.of(t.note()), List.of(), addresses, null, state, List.of());
    }

    /** Every TLSA record's fate: unusable (why), and after a handshake the depth it matched. */
    private static List<ProbeReport.TlsaCheck> checks(DanePolicy.Decision d, DaneAuthenticator.Verdict verdict) {
        List<ProbeReport.TlsaCheck> out = new ArrayList<>();
        if (verdict != null) {
            for (DaneAuthenticator.RecordFate f : verdict.records()) {
                out.add(new ProbeReport.TlsaCheck(TlsaMatcher.presentation(f.record()), TlsaMatcher.describe(f.record()),
                        f.unusable(), f.matchedDepth()));
            }
            return out;
        }
        if (d.tlsa() == null) {
            return out;
        }
        for (TlsaData r : d.tlsa().records()) {
            String unusable = TlsaMatcher.unusable(r).or(() -> TlsaMatcher.ignoredByDigestAgility(r, d.tlsa().records()))
                    .orElse(d.tlsa().secure() ? null : "the TLSA RRset is " + status(d.tlsa()) + ": ignored");
            out.add(new ProbeReport.TlsaCheck(TlsaMatcher.presentation(r), TlsaMatcher.describe(r), unusable, null));
        }
        return out;
    }

    private static ProbeReport.DnsStep mxStep(Lookup<MxHost> l, boolean nullMx) {
        List<String> records = nullMx ? List.of("0 .") : l.records().stream()
                .map(h -> h.implicit() ? "(no MX: implicit MX " + h.host() + ")" : h.preference() + " " + h.host()).toList();
        return new ProbeReport.DnsStep(l.name() + " MX", dnssec(l), records, l.error());
    }

    private static ProbeReport.DnsStep addressStep(Lookup<InetAddress> l) {
        if (l == null) {
            return null;
        }
        String cname = l.canonicalName() != null && !l.canonicalName().equalsIgnoreCase(l.name())
                ? " (CNAME " + l.canonicalName() + ")" : "";
        return new ProbeReport.DnsStep(l.name() + " A/AAAA" + cname, dnssec(l),
                l.records().stream().map(InetAddress::getHostAddress).toList(), l.error());
    }

    private static ProbeReport.DnsStep tlsaStep(Lookup<TlsaData> l) {
        return new ProbeReport.DnsStep(l.name() + " TLSA", dnssec(l),
                l.records().stream().map(TlsaMatcher::presentation).toList(), l.error());
    }

    private static ProbeReport.Dnssec dnssec(Lookup<?> l) {
        return ProbeReport.Dnssec.valueOf(l.status().name());
    }

    private static String status(Lookup<?> l) {
        return l.status().name().toLowerCase(Locale.ROOT);
    }
}

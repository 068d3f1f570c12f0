package org.postern.engine.delivery;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.pki.X509;
import org.postern.engine.smtp.client.AttemptResult;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.smtp.client.TlsRule;

/** Runs the delivery path up to the mail transaction for every host of a domain (posttls-finger for Postern). */
public final class DestinationProbe {

    private final DestinationApi destinations;
    private final HostSelector hosts;
    private final Supplier<DeliveryAttempt> attempts;

    public DestinationProbe(DestinationApi destinations, Supplier<DnsResolver> dns, Supplier<DeliveryAttempt> attempts,
                            int mxPort) {
        this.destinations = destinations;
        this.hosts = new HostSelector(dns, mxPort);
        this.attempts = attempts;
    }

    public ProbeReport probe(String domain, OutboundTls override) {
        DestinationEntry entry = destinations.effective(domain);
        OutboundTls setting = override == null || override == OutboundTls.DEFAULT ? entry.tls() : override;
        HostSelector.Selection selection = hosts.select(domain, entry);
        if (selection.failure() != null) {
            return new ProbeReport(domain, entry.domain(), setting, entry.dane(), null, selection.failureCode() + " " + selection.failure(),
                    List.of());
        }
        var global = destinations.globalSettings();
        List<ProbeReport.HostProbe> probes = new ArrayList<>();
        DeliveryAttempt attempt = attempts.get();
        for (HostSelector.Target t : selection.targets()) {
            TlsRule rule = TlsRule.of(setting, t.references(), global.fqdnCheck(), global.algorithmCheck());
            if (t.addresses().isEmpty()) {
                probes.add(new ProbeReport.HostProbe(t.sniName(), null, t.note(), false, "no address", null, null, null,
                        null, List.of(t.note()), List.of(), null, null, null, List.of()));
            }
            for (InetSocketAddress address : t.addresses()) {
                AttemptResult r = attempt.probe(t.sniName(), address, rule);
                List<String> steps = new ArrayList<>();
                steps.add(t.note());
                steps.add("connect " + r.address());
                if (r.protocol() != null) {
                    steps.add("STARTTLS: " + r.protocol() + " " + r.cipher());
                }
                steps.addAll(r.notes());
                boolean ok = r.hostFailure() == null;
                String verdict = ok ? "would deliver with TLS " + r.tls().label() : "would not deliver: " + r.hostFailure();
                probes.add(new ProbeReport.HostProbe(t.sniName(), r.address(), t.note(), ok, verdict, r.resultType(), r.tls(),
                        r.protocol(), r.cipher(), steps, r.chain().stream().map(X509::view).toList(), null, null, null,
                        List.of()));
            }
        }
        return new ProbeReport(domain, entry.domain(), setting, entry.dane(), null, null, probes);
    }
}

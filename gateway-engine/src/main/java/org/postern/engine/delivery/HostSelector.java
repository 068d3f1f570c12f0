package org.postern.engine.delivery;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.dane.DanePolicy;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.dns.Lookup;
import org.postern.engine.dns.MxHost;
import org.postern.engine.dns.MxResult;
import org.postern.engine.policy.Route;
import org.postern.engine.tls.CertificateVerifier.Reference;

/**
 * DLV-8/DLV-9: the hosts to try for a recipient domain, in order — the route override, or the MX
 * hosts by preference (implicit MX; null MX and nonexistent domains are permanent failures) —
 * with their addresses and the reference identifiers for certificate name checks.
 */
final class HostSelector {

    /**
     * A host with its addresses; {@code sniName} is what SNI uses; {@code references} what names may
     * match. {@code dane} carries what DANE needs: the address lookup with its DNSSEC status (null
     * for an address literal), the port, the MX RRset's status and the next-hop domain.
     */
    record Target(String sniName, List<InetSocketAddress> addresses, List<Reference> references, String note,
                  DanePolicy.Host dane) {
    }

    /** Either targets, or why there are none: an enhanced status code and text; {@code mx} is the MX lookup made, if any. */
    record Selection(List<Target> targets, String failureCode, String failure, MxResult mx) {
        Selection(List<Target> targets, String failureCode, String failure) {
            this(targets, failureCode, failure, null);
        }

        boolean permanent() {
            return failureCode != null && failureCode.startsWith("5");
        }
    }

    private final Supplier<DnsResolver> dns;
    private final int mxPort;

    HostSelector(Supplier<DnsResolver> dns, int mxPort) {
        this.dns = dns;
        this.mxPort = mxPort;
    }

    Selection select(String domain, DestinationEntry entry) {
        Reference recipientDomain = new Reference(domain, Reference.Source.RECIPIENT_DOMAIN);
        if (entry.route() != null) {
            Route route = Route.parse(entry.route());
            if (route.isAddressLiteral()) {
                return new Selection(List.of(new Target(route.host(),
                        List.of(new InetSocketAddress(InetAddress.ofLiteral(route.host()), route.port())),
                        List.of(recipientDomain), "route " + route,
                        new DanePolicy.Host(route.host(), null, route.port(), null, route.host()))), null, null);
            }
            Lookup<InetAddress> a = dns.get().addresses(route.host());
            if (a.failed()) {
                return new Selection(List.of(), "4.4.3", "address lookup for route host " + route.host() + " failed: " + reason(a));
            }
            return new Selection(List.of(new Target(route.host(),
                    a.records().stream().map(x -> new InetSocketAddress(x, route.port())).toList(),
                    List.of(recipientDomain, new Reference(route.host(), Reference.Source.ROUTE)), "route " + route
                            + " (address lookup " + a.status().name().toLowerCase() + ")",
                    new DanePolicy.Host(route.host(), a, route.port(), null, route.host()))), null, null);
        }
        DnsResolver resolver = dns.get();
        MxResult mx = resolver.mx(domain);
        if (mx.lookup().failed()) {
            return new Selection(List.of(), "4.4.3", "MX lookup for " + domain + " failed: " + reason(mx.lookup()), mx);
        }
        if (mx.nullMx()) {
            return new Selection(List.of(), "5.1.10", domain + " accepts no mail (null MX, RFC 7505)", mx);
        }
        if (mx.hosts().isEmpty()) {
            return new Selection(List.of(), "5.1.2", "domain " + domain + " does not exist", mx);
        }
        List<Target> targets = new ArrayList<>();
        for (MxHost h : mx.hosts()) {
            Lookup<InetAddress> a = resolver.addresses(h.host());
            Reference mxRef = new Reference(h.host(), mx.lookup().secure() ? Reference.Source.MX_SECURE : Reference.Source.MX_INSECURE);
            String note = (h.implicit() ? "implicit MX " : "MX " + h.preference() + " ") + h.host()
                    + " (MX lookup " + mx.lookup().status().name().toLowerCase() + ")";
            if (a.failed()) {
                note += "; address lookup failed: " + reason(a);
            } else {
                note += "; address lookup " + a.status().name().toLowerCase()
                        + (a.canonicalName() != null && !a.canonicalName().equalsIgnoreCase(a.name())
                        ? " via CNAME " + a.canonicalName() : "");
            }
            targets.add(new Target(h.host(), a.failed() ? List.of()
                    : a.records().stream().map(x -> new InetSocketAddress(x, mxPort)).toList(), List.of(recipientDomain, mxRef), note,
                    new DanePolicy.Host(h.host(), a, mxPort, mx.lookup().status(), domain)));
        }
        return new Selection(targets, null, null, mx);
    }

    private static String reason(Lookup<?> l) {
        return l.error() != null ? l.error() : "DNSSEC status " + l.status().name().toLowerCase();
    }
}

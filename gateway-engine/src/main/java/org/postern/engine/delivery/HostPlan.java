package org.postern.engine.delivery;

import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.dane.DanePolicy;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.smtp.client.TlsRule;

/**
 * How one host will be tried, for delivery and the probe alike: the DANE decision (DANE-1..6) and
 * the TLS rule it leads to. {@code name} is the name to connect as (SNI): the TLSA base domain
 * where DANE applies (RFC 7672 §8.1), else the host name.
 */
record HostPlan(HostSelector.Target target, DanePolicy.Decision dane, TlsRule rule, String name) {

    static HostPlan of(HostSelector.Target t, OutboundTls tls, DaneSetting daneSetting, DnsResolver resolver,
                       DestinationApi.GlobalSettings global) {
        TlsRule base = TlsRule.of(tls, t.references(), global.fqdnCheck(), global.algorithmCheck());
        DanePolicy.Decision d = DanePolicy.decide(daneSetting, tls, resolver, t.dane());
        TlsRule rule = switch (d.state()) {
            case REQUIRED -> base.withDane(d.authenticator());
            case UNUSABLE_RECORDS -> base.withMandatoryTls();
            default -> base;
        };
        return new HostPlan(t, d, rule, d.baseDomain() != null ? d.baseDomain() : t.sniName());
    }
}

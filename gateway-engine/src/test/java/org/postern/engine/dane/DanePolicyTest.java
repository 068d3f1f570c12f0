package org.postern.engine.dane;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReport.DaneState;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.dns.DnssecStatus;
import org.postern.engine.dns.Lookup;
import org.postern.engine.dns.MxResult;
import org.postern.engine.dns.TlsaData;

/** DANE-1, -3a, -4, -5: the per-host decision taken before connecting. */
class DanePolicyTest {

    /** Answers TLSA lookups from a table and records which names were asked. */
    static final class Tlsa implements DnsResolver {
        final Map<String, Lookup<TlsaData>> answers = new HashMap<>();
        final List<String> asked = new ArrayList<>();

        @Override
        public MxResult mx(String domain) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Lookup<InetAddress> addresses(String host) {
            throw new UnsupportedOperationException();
        }

        @Override
        public Lookup<TlsaData> tlsa(String host, int port) {
            String name = "_" + port + "._tcp." + host;
            asked.add(name);
            return answers.getOrDefault(name, new Lookup<>(name, name, List.of(), false, DnssecStatus.SECURE, null));
        }
    }

    static final TlsaData EE = new TlsaData(3, 1, 1, new byte[32]);
    static final TlsaData PKIX = new TlsaData(1, 1, 1, new byte[32]);

    static Lookup<InetAddress> addresses(String name, String canonical, DnssecStatus status) {
        return new Lookup<>(name, canonical, List.of(InetAddress.getLoopbackAddress()), true, status, null);
    }

    static DanePolicy.Host host(Lookup<InetAddress> a, DnssecStatus mx) {
        return new DanePolicy.Host(a.name(), a, 25, mx, "example.test");
    }

    static Lookup<TlsaData> secure(String owner, TlsaData... records) {
        return new Lookup<>(owner, owner, List.of(records), true, DnssecStatus.SECURE, null);
    }

    @Test
    void daneIsOffWhereTlsIsNoneOrDaneIsNone() {
        Tlsa dns = new Tlsa();
        var h = host(addresses("mx.example.test", "mx.example.test", DnssecStatus.SECURE), DnssecStatus.SECURE);
        assertThat(DanePolicy.decide(DaneSetting.MANDATORY, OutboundTls.NONE, dns, h).state()).isEqualTo(DaneState.OFF);
        assertThat(DanePolicy.decide(DaneSetting.NONE, OutboundTls.REQUIRED, dns, h).state()).isEqualTo(DaneState.OFF);
        assertThat(dns.asked).isEmpty();
    }

    @Test
    void tlsaIsLookedUpOnlyForSecureAddresses() {
        Tlsa dns = new Tlsa();
        var insecure = host(addresses("mx.example.test", "mx.example.test", DnssecStatus.INSECURE), DnssecStatus.SECURE);
        assertThat(DanePolicy.decide(DaneSetting.OPPORTUNISTIC, OutboundTls.PREFERRED, dns, insecure).state())
                .isEqualTo(DaneState.NOT_APPLICABLE);
        assertThat(dns.asked).isEmpty();
        var d = DanePolicy.decide(DaneSetting.MANDATORY, OutboundTls.PREFERRED, dns, insecure);
        assertThat(d.state()).isEqualTo(DaneState.HOST_SKIPPED);
        assertThat(d.resultType()).isEqualTo("dane-required");
        assertThat(dns.asked).isEmpty();
    }

    @Test
    void aFailedTlsaLookupSkipsTheHost() {
        Tlsa dns = new Tlsa();
        String owner = "_25._tcp.mx.example.test";
        dns.answers.put(owner, new Lookup<>(owner, owner, List.of(), false, DnssecStatus.BOGUS, "validation failed"));
        var d = DanePolicy.decide(DaneSetting.OPPORTUNISTIC, OutboundTls.PREFERRED, dns,
                host(addresses("mx.example.test", "mx.example.test", DnssecStatus.SECURE), DnssecStatus.SECURE));
        assertThat(d.skip()).isTrue();
        assertThat(d.resultType()).isEqualTo("dnssec-invalid");
        assertThat(d.skipReason()).contains("validation failed", "RFC 7672 §2.1.1");
    }

    @Test
    void usableRecordsRequireDaneAndUnusableOnesMakeTlsMandatory() {
        Tlsa dns = new Tlsa();
        dns.answers.put("_25._tcp.mx.example.test", secure("_25._tcp.mx.example.test", EE, PKIX));
        dns.answers.put("_25._tcp.mx2.example.test", secure("_25._tcp.mx2.example.test", PKIX));
        var d = DanePolicy.decide(DaneSetting.OPPORTUNISTIC, OutboundTls.PREFERRED, dns,
                host(addresses("mx.example.test", "mx.example.test", DnssecStatus.SECURE), DnssecStatus.SECURE));
        assertThat(d.state()).isEqualTo(DaneState.REQUIRED);
        assertThat(d.baseDomain()).isEqualTo("mx.example.test");
        assertThat(d.authenticator().references()).containsExactly("mx.example.test", "example.test");
        var unusable = host(addresses("mx2.example.test", "mx2.example.test", DnssecStatus.SECURE), DnssecStatus.SECURE);
        assertThat(DanePolicy.decide(DaneSetting.OPPORTUNISTIC, OutboundTls.PREFERRED, dns, unusable).state())
                .isEqualTo(DaneState.UNUSABLE_RECORDS);
        assertThat(DanePolicy.decide(DaneSetting.MANDATORY, OutboundTls.PREFERRED, dns, unusable).state())
                .isEqualTo(DaneState.HOST_SKIPPED);
    }

    @Test
    void anAliasIsLookedUpAtItsTargetFirstThenAtItsOwnName() {
        Tlsa dns = new Tlsa();
        dns.answers.put("_25._tcp.alias.example.test", secure("_25._tcp.alias.example.test", EE));
        var alias = host(addresses("alias.example.test", "target.example.net", DnssecStatus.SECURE), DnssecStatus.SECURE);
        var d = DanePolicy.decide(DaneSetting.OPPORTUNISTIC, OutboundTls.PREFERRED, dns, alias);
        assertThat(dns.asked).containsExactly("_25._tcp.target.example.net", "_25._tcp.alias.example.test");
        assertThat(d.state()).isEqualTo(DaneState.REQUIRED);
        assertThat(d.baseDomain()).isEqualTo("alias.example.test");

        dns.asked.clear();
        dns.answers.put("_25._tcp.target.example.net", secure("_25._tcp.target.example.net", EE));
        d = DanePolicy.decide(DaneSetting.OPPORTUNISTIC, OutboundTls.PREFERRED, dns, alias);
        assertThat(dns.asked).containsExactly("_25._tcp.target.example.net");
        assertThat(d.baseDomain()).isEqualTo("target.example.net");
        assertThat(d.authenticator().references()).containsExactly("target.example.net", "alias.example.test", "example.test");
    }

    @Test
    void anInsecureMxRrsetIsNoted() {
        Tlsa dns = new Tlsa();
        dns.answers.put("_25._tcp.mx.example.test", secure("_25._tcp.mx.example.test", EE));
        var d = DanePolicy.decide(DaneSetting.OPPORTUNISTIC, OutboundTls.REQUIRED_VERIFY, dns,
                host(addresses("mx.example.test", "mx.example.test", DnssecStatus.SECURE), DnssecStatus.INSECURE));
        assertThat(d.state()).isEqualTo(DaneState.REQUIRED);
        assertThat(d.notes()).anyMatch(n -> n.contains("DANE-trusted, not verified as an MX host of example.test"));
    }
}

package org.postern.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.testsupport.TestDnsServer;
import org.xbill.DNS.Type;

class DnsjavaResolverTest {

    static final String TLSA_HEX = "8d02536c887482bc34ff54e41d2ba659bf85b341a0a20afadb5813dcfbcf286d";

    static TestDnsServer server;       // plain authoritative-style server, validated in-process
    static TestDnsServer adServer;     // the same data behind a server that sets AD like a validator
    static DnsjavaResolver resolver;   // VALIDATE against server's root

    @BeforeAll
    static void start() {
        server = hierarchy(TestDnsServer.builder()).start();
        adServer = hierarchy(TestDnsServer.builder().actAsValidatingResolver(true)).start();
        resolver = new DnsjavaResolver(validating(server), new Random(42));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
        if (adServer != null) {
            adServer.close();
        }
    }

    static TestDnsServer.Builder hierarchy(TestDnsServer.Builder b) {
        return b
                .zone(".", true)
                .zone("test.", true)
                .zone("example.test.", true,
                        "@ MX 10 mx1",
                        "@ MX 20 mx2a",
                        "@ MX 20 mx2b",
                        "mx1 A 192.0.2.1",
                        "mx1 AAAA 2001:db8::1",
                        "mx2a A 192.0.2.2",
                        "mx2b A 192.0.2.3",
                        "_25._tcp.mx1 TLSA 3 1 1 " + TLSA_HEX,
                        "nomx A 192.0.2.9",
                        "alias CNAME host",
                        "host A 192.0.2.10",
                        "mxcname CNAME example.test.",
                        "toinsecure CNAME unsigned.test.",
                        "nullmx MX 0 .",
                        "tlsalias CNAME mx1",
                        "own CNAME host",
                        "_25._tcp.own TLSA 2 0 1 " + TLSA_HEX,
                        "big A 192.0.2.50",
                        mediumTlsa(0), mediumTlsa(1),
                        bigTlsa(0), bigTlsa(1), bigTlsa(2), bigTlsa(3), bigTlsa(4), bigTlsa(5))
                .zone("unsigned.test.", false,
                        "@ MX 10 mail",
                        "mail A 192.0.2.20",
                        "_25._tcp.mail TLSA 3 1 1 " + TLSA_HEX)
                .zone(new TestDnsServer.ZoneSpec("island.test.", true, false, false,
                        List.of("@ MX 10 mail", "mail A 192.0.2.40")))
                .bogusZone("bad.test.",
                        "@ MX 10 mail",
                        "mail A 192.0.2.30")
                .servfail("broken.example.test.");
    }

    static String bigTlsa(int i) {
        byte[] data = new byte[300];
        new Random(i).nextBytes(data);
        return "_25._tcp.big TLSA 3 0 0 " + HexFormat.of().formatHex(data);
    }

    /** Two TLSA records of 250 bytes: the answer is over 512 bytes but fits 1232. */
    static String mediumTlsa(int i) {
        byte[] data = new byte[250];
        new Random(100 + i).nextBytes(data);
        return "_25._tcp.medium TLSA 3 0 0 " + HexFormat.of().formatHex(data);
    }

    static DnsSettings validating(TestDnsServer s) {
        return DnsSettings.of(DnsSettings.Mode.VALIDATE, s.hostPort())
                .withTimeout(Duration.ofSeconds(2), 2)
                .withTrustAnchors(List.of(s.rootTrustAnchor()));
    }

    // ------------------------------------------------------------------ MX (DLV-8)

    @Test
    void mxSortedByPreferenceAndSecure() {
        MxResult r = resolver.mx("example.test");
        assertThat(r.lookup().failed()).isFalse();
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.SECURE);
        assertThat(r.nullMx()).isFalse();
        assertThat(r.hosts()).extracting(MxHost::preference).containsExactly(10, 20, 20);
        assertThat(r.hosts().get(0).host()).isEqualTo("mx1.example.test");
        assertThat(r.hosts().subList(1, 3)).extracting(MxHost::host)
                .containsExactlyInAnyOrder("mx2a.example.test", "mx2b.example.test");
        assertThat(r.hosts()).noneMatch(MxHost::implicit);
    }

    @Test
    void equalPreferencesAreShuffled() {
        List<String> firstOfTies = IntStream.range(0, 30)
                .mapToObj(i -> resolver.mx("example.test.").hosts().get(1).host())
                .collect(Collectors.toList());
        assertThat(firstOfTies).contains("mx2a.example.test", "mx2b.example.test");
    }

    @Test
    void noMxMeansImplicitMx() {
        MxResult r = resolver.mx("nomx.example.test");
        assertThat(r.lookup().failed()).isFalse();
        assertThat(r.lookup().nameExists()).isTrue();
        assertThat(r.hosts()).containsExactly(new MxHost(0, "nomx.example.test", true));
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.SECURE);
    }

    @Test
    void nullMx() {
        MxResult r = resolver.mx("nullmx.example.test");
        assertThat(r.nullMx()).isTrue();
        assertThat(r.hosts()).isEmpty();
        assertThat(r.lookup().failed()).isFalse();
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.SECURE);
    }

    @Test
    void nxdomainIsNotAFailure() {
        MxResult r = resolver.mx("nonexistent.example.test");
        assertThat(r.hosts()).isEmpty();
        assertThat(r.nullMx()).isFalse();
        assertThat(r.lookup().failed()).isFalse();
        assertThat(r.lookup().nameExists()).isFalse();
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.SECURE); // authenticated denial (NSEC)

        Lookup<InetAddress> a = resolver.addresses("no.such.name.test");
        assertThat(a.failed()).isFalse();
        assertThat(a.nameExists()).isFalse();
        assertThat(a.status()).isEqualTo(DnssecStatus.SECURE);
    }

    @Test
    void cnameToMxLessHostGivesImplicitMxWithCanonicalName() {
        MxResult r = resolver.mx("alias.example.test");
        assertThat(r.lookup().failed()).isFalse();
        assertThat(r.hosts()).containsExactly(new MxHost(0, "alias.example.test", true));
        assertThat(r.lookup().canonicalName()).isEqualTo("host.example.test");
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.SECURE);
    }

    @Test
    void cnameToDomainWithMx() {
        MxResult r = resolver.mx("mxcname.example.test");
        assertThat(r.hosts()).extracting(MxHost::preference).containsExactly(10, 20, 20);
        assertThat(r.lookup().canonicalName()).isEqualTo("example.test");
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.SECURE);
    }

    @Test
    void cnameChainThroughInsecureZoneIsInsecure() {
        MxResult r = resolver.mx("toinsecure.example.test");
        assertThat(r.lookup().failed()).isFalse();
        assertThat(r.hosts()).containsExactly(new MxHost(10, "mail.unsigned.test", false));
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.INSECURE);
    }

    // ------------------------------------------------------------------ addresses

    @Test
    void addressesAThenAaaa() throws Exception {
        Lookup<InetAddress> a = resolver.addresses("mx1.example.test");
        assertThat(a.failed()).isFalse();
        assertThat(a.records()).containsExactly(InetAddress.getByName("192.0.2.1"),
                InetAddress.getByName("2001:db8::1"));
        assertThat(a.status()).isEqualTo(DnssecStatus.SECURE);

        Lookup<InetAddress> v4only = resolver.addresses("mx2a.example.test"); // AAAA: secure NODATA
        assertThat(v4only.records()).containsExactly(InetAddress.getByName("192.0.2.2"));
        assertThat(v4only.status()).isEqualTo(DnssecStatus.SECURE);
    }

    @Test
    void addressesFollowCnames() throws Exception {
        Lookup<InetAddress> a = resolver.addresses("alias.example.test");
        assertThat(a.name()).isEqualTo("alias.example.test");
        assertThat(a.canonicalName()).isEqualTo("host.example.test");
        assertThat(a.records()).containsExactly(InetAddress.getByName("192.0.2.10"));
        assertThat(a.status()).isEqualTo(DnssecStatus.SECURE);
    }

    // ------------------------------------------------------------------ TLSA

    @Test
    void tlsaParsed() {
        Lookup<TlsaData> t = resolver.tlsa("mx1.example.test", 25);
        assertThat(t.failed()).isFalse();
        assertThat(t.name()).isEqualTo("_25._tcp.mx1.example.test");
        assertThat(t.status()).isEqualTo(DnssecStatus.SECURE);
        assertThat(t.records()).hasSize(1);
        TlsaData d = t.records().get(0);
        assertThat(List.of(d.usage(), d.selector(), d.matchingType())).containsExactly(3, 1, 1);
        assertThat(HexFormat.of().formatHex(d.data())).isEqualTo(TLSA_HEX);

        Lookup<TlsaData> none = resolver.tlsa("mx2a.example.test", 25);
        assertThat(none.failed()).isFalse();
        assertThat(none.records()).isEmpty();
        assertThat(none.status()).isEqualTo(DnssecStatus.SECURE);
    }

    @Test
    void tlsaCandidatesTryTheCnameTargetFirstThenTheOriginalName() {
        Lookup<TlsaData> atTarget = resolver.tlsaCandidates(resolver.addresses("tlsalias.example.test"), 25);
        assertThat(atTarget.name()).isEqualTo("_25._tcp.mx1.example.test");
        assertThat(atTarget.records()).hasSize(1);

        Lookup<TlsaData> atOriginal = resolver.tlsaCandidates(resolver.addresses("own.example.test"), 25);
        assertThat(atOriginal.name()).isEqualTo("_25._tcp.own.example.test");
        assertThat(atOriginal.records()).extracting(TlsaData::usage).containsExactly(2);
        assertThat(atOriginal.status()).isEqualTo(DnssecStatus.SECURE);
    }

    @Test
    void answerLargerThanUdpLimitComesOverTcp() {
        int tcpBefore = server.tcpQueries();
        Lookup<TlsaData> t = resolver.tlsa("big.example.test", 25);
        assertThat(t.failed()).as(t.error()).isFalse();
        assertThat(t.records()).hasSize(6);
        assertThat(t.records()).allSatisfy(d -> assertThat(d.data()).hasSize(300));
        assertThat(t.status()).isEqualTo(DnssecStatus.SECURE);
        assertThat(server.tcpQueries()).isGreaterThan(tcpBefore);
    }

    @Test
    void answerOver512BytesComesOverTcpWhenTheServerLimitsUdpTo512() {
        int tcpBefore = server.tcpQueries();
        Lookup<TlsaData> viaUdp = resolver.tlsa("medium.example.test", 25);
        assertThat(viaUdp.records()).hasSize(2);
        assertThat(server.tcpQueries()).as("fits the EDNS size: no TCP").isEqualTo(tcpBefore);

        try (TestDnsServer small = hierarchy(TestDnsServer.builder().maxUdpPayload(512)).start()) {
            DnsjavaResolver r = new DnsjavaResolver(validating(small));
            Lookup<TlsaData> t = r.tlsa("medium.example.test", 25);
            assertThat(t.failed()).as(t.error()).isFalse();
            assertThat(t.records()).hasSize(2);
            assertThat(t.status()).isEqualTo(DnssecStatus.SECURE);
            assertThat(small.queries()).anyMatch(q -> q.tcp() && q.type() == Type.TLSA);
        }
    }

    // ------------------------------------------------------------------ DNSSEC status

    @Test
    void unsignedChildDelegationIsInsecure() {
        MxResult r = resolver.mx("unsigned.test");
        assertThat(r.lookup().failed()).isFalse();
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.INSECURE);
        assertThat(r.hosts()).containsExactly(new MxHost(10, "mail.unsigned.test", false));

        Lookup<TlsaData> t = resolver.tlsa("mail.unsigned.test", 25);
        assertThat(t.records()).hasSize(1);
        assertThat(t.status()).isEqualTo(DnssecStatus.INSECURE);
    }

    @Test
    void signedZoneWithoutDsInParentIsInsecure() {
        MxResult r = resolver.mx("island.test");
        assertThat(r.lookup().failed()).isFalse();
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.INSECURE);
    }

    @Test
    void corruptedSignaturesAreBogus() {
        MxResult r = resolver.mx("bad.test");
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.BOGUS);
        assertThat(r.lookup().failed()).isTrue();
        assertThat(r.hosts()).isEmpty();
        assertThat(r.lookup().error()).contains("DNSSEC validation failed");

        Lookup<InetAddress> a = resolver.addresses("mail.bad.test");
        assertThat(a.status()).isEqualTo(DnssecStatus.BOGUS);
        assertThat(a.failed()).isTrue();
    }

    @Test
    void upstreamServfailIsIndeterminateNotBogus() {
        Lookup<InetAddress> a = resolver.addresses("broken.example.test");
        assertThat(a.status()).isEqualTo(DnssecStatus.INDETERMINATE);
        assertThat(a.failed()).isTrue();
        assertThat(a.error()).contains("SERVFAIL");
    }

    @Test
    void deadServerIsIndeterminate() throws Exception {
        try (DatagramSocket blackHole = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0))) {
            for (DnsSettings.Mode mode : DnsSettings.Mode.values()) {
                DnsSettings s = DnsSettings.of(mode, "127.0.0.1:" + blackHole.getLocalPort())
                        .withTimeout(Duration.ofMillis(200), 1)
                        .withTrustAnchors(List.of(server.rootTrustAnchor()));
                long t0 = System.nanoTime();
                MxResult r = new DnsjavaResolver(s).mx("example.test");
                assertThat(r.lookup().status()).isEqualTo(DnssecStatus.INDETERMINATE);
                assertThat(r.lookup().failed()).isTrue();
                assertThat(r.lookup().error()).isNotBlank();
                assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
            }
        }
    }

    @Test
    void onlyTheBuiltInRootAnchorMakesTheTestRootBogus() {
        DnsSettings s = DnsSettings.of(DnsSettings.Mode.VALIDATE, server.hostPort())
                .withTimeout(Duration.ofSeconds(2), 2);
        MxResult r = new DnsjavaResolver(s).mx("example.test");
        assertThat(r.lookup().status()).isEqualTo(DnssecStatus.BOGUS);
    }

    @Test
    void trustAnchorFromFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("root.key");
        Files.writeString(file, "; test root\n" + server.dnskeyTrustAnchor(".") + "\n");
        DnsSettings s = DnsSettings.of(DnsSettings.Mode.VALIDATE, server.hostPort()).withTrustAnchorFile(file);
        assertThat(new DnsjavaResolver(s).mx("example.test").lookup().status()).isEqualTo(DnssecStatus.SECURE);
    }

    // ------------------------------------------------------------------ TRUST_AD

    @Test
    void trustAdModeTakesTheStatusFromTheResolver() {
        DnsjavaResolver r = new DnsjavaResolver(
                DnsSettings.of(DnsSettings.Mode.TRUST_AD, adServer.hostPort()).withTimeout(Duration.ofSeconds(2), 2));
        adServer.clearQueries();

        MxResult secure = r.mx("example.test");
        assertThat(secure.lookup().status()).isEqualTo(DnssecStatus.SECURE);
        assertThat(secure.hosts()).hasSize(3);
        assertThat(adServer.queries()).allSatisfy(q -> {
            assertThat(q.dnssecOk()).as("DO").isTrue();
            assertThat(q.ad()).as("AD").isTrue();
        });

        assertThat(r.mx("unsigned.test").lookup().status()).isEqualTo(DnssecStatus.INSECURE);
        assertThat(r.mx("toinsecure.example.test").lookup().status()).isEqualTo(DnssecStatus.INSECURE);
        assertThat(r.mx("nonexistent.example.test").lookup())
                .satisfies(l -> {
                    assertThat(l.nameExists()).isFalse();
                    assertThat(l.status()).isEqualTo(DnssecStatus.SECURE);
                });

        MxResult bogus = r.mx("bad.test");
        assertThat(bogus.lookup().status()).isEqualTo(DnssecStatus.BOGUS);
        assertThat(bogus.lookup().error()).contains("DNSSEC_BOGUS");

        Lookup<InetAddress> broken = r.addresses("broken.example.test");
        assertThat(broken.status()).isEqualTo(DnssecStatus.INDETERMINATE);

        Lookup<TlsaData> big = r.tlsa("big.example.test", 25);
        assertThat(big.records()).hasSize(6);
        assertThat(big.status()).isEqualTo(DnssecStatus.SECURE);
        assertThat(adServer.queries()).anyMatch(q -> q.tcp() && q.type() == Type.TLSA);
    }

    @Test
    void trustAdModeWithoutAdIsInsecure() {
        // the plain server never sets AD: everything is insecure, even signed data
        DnsjavaResolver r = new DnsjavaResolver(DnsSettings.of(DnsSettings.Mode.TRUST_AD, server.hostPort()));
        MxResult m = r.mx("example.test");
        assertThat(m.lookup().failed()).isFalse();
        assertThat(m.lookup().status()).isEqualTo(DnssecStatus.INSECURE);
    }

    // ------------------------------------------------------------------ settings

    @Test
    void settingsParseServersAndResolvConf(@TempDir Path dir) throws Exception {
        assertThat(DnsSettings.parseServer("127.0.0.1:5353")).isEqualTo(new InetSocketAddress("127.0.0.1", 5353));
        assertThat(DnsSettings.parseServer("[::1]:54").getPort()).isEqualTo(54);
        assertThat(DnsSettings.parseServer("::1").getPort()).isEqualTo(53);
        assertThat(DnsSettings.parseServer("192.0.2.1").getPort()).isEqualTo(53);
        // a resolver is an address: a name would need a resolver to look it up (and was kept unresolved)
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsSettings.parseServer("resolver.example:53"))
                .hasMessageContaining("is not an IP address");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> DnsSettings.parseServer("127.0.0.1:domain"))
                .hasMessage("bad port in 127.0.0.1:domain");

        Path conf = dir.resolve("resolv.conf");
        Files.writeString(conf, "# x\nsearch example\nnameserver 127.0.0.53\nnameserver ::1\noptions trust-ad\n");
        DnsSettings s = DnsSettings.fromResolvConf(conf);
        assertThat(s.mode()).isEqualTo(DnsSettings.Mode.TRUST_AD);
        assertThat(s.servers()).containsExactly(new InetSocketAddress("127.0.0.53", 53), new InetSocketAddress("::1", 53));
        assertThat(DnsSettings.fromResolvConf(dir.resolve("missing")).servers())
                .containsExactly(new InetSocketAddress("127.0.0.1", 53));
    }
}

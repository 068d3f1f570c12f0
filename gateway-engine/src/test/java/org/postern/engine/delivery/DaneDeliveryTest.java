package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.api.TlsOutcome;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.TestCa;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.testsupport.TestDnsServer;
import org.postern.engine.testsupport.TestSmtpServer;
import org.postern.engine.testsupport.TestSmtpServer.Mode;

/**
 * The RFC 7672 scenarios (DANE-3..6) through the whole engine: signed zones on the in-process DNS
 * server validated in-process from its root, real STARTTLS handshakes with loopback SMTP servers
 * on 127.0.2.x, and each message ending delivered (with the TLS outcome) or deferred with its
 * 4.7.x reason and RFC 8460 result type in the queue and the mail log.
 */
class DaneDeliveryTest {

    static final String Z = "dane.test";
    static final TestCa CA = new TestCa();
    static final Instant NOW = Instant.now();

    @TempDir
    static Path dir;
    static int port;
    static TestDnsServer dns;
    static EmbeddedGateway gateway;
    static final List<TestSmtpServer> servers = new ArrayList<>();
    static TestSmtpServer eeName;
    static TestSmtpServer eeExpired;
    static TestSmtpServer taName;
    static TestSmtpServer taExpired;
    static TestSmtpServer taGood;
    static TestSmtpServer mismatch;
    static TestSmtpServer plain;
    static TestSmtpServer servfail;
    static TestSmtpServer bogus;
    static TestSmtpServer unusable;
    static TestSmtpServer unusableClear;
    static TestSmtpServer noStarttls;
    static TestSmtpServer alertSink;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.2.1", 0));
            port = probe.getLocalPort();
        }
        KeyPair eeKeys = KeyPairs.generate(KeyType.EC_P256);
        X509Certificate eeWrongName = selfSigned(eeKeys, "wrong.example.net", NOW.minusSeconds(3600), NOW.plusSeconds(86400));
        KeyPair expiredKeys = KeyPairs.generate(KeyType.EC_P256);
        X509Certificate eeOld = selfSigned(expiredKeys, "mx-ee-expired." + Z, NOW.minusSeconds(86400 * 30), NOW.minusSeconds(86400));
        KeyPair leafKeys = KeyPairs.generate(KeyType.EC_P256);
        X509Certificate taOtherName = issued(leafKeys, "other.example.net", NOW.minusSeconds(3600), NOW.plusSeconds(86400));
        X509Certificate taOld = issued(leafKeys, "mx-ta-expired." + Z, NOW.minusSeconds(86400 * 30), NOW.minusSeconds(86400));
        X509Certificate taRight = issued(leafKeys, "mx-ta-good." + Z, NOW.minusSeconds(3600), NOW.plusSeconds(86400));
        KeyPair plainKeys = KeyPairs.generate(KeyType.EC_P256);
        X509Certificate plainCert = selfSigned(plainKeys, "mx-plain." + Z, NOW.minusSeconds(3600), NOW.plusSeconds(86400));

        eeName = server("127.0.2.1", Mode.NORMAL, eeKeys, eeWrongName);
        eeExpired = server("127.0.2.2", Mode.NORMAL, expiredKeys, eeOld);
        taName = server("127.0.2.3", Mode.NORMAL, leafKeys, taOtherName, CA.intermediate);
        taExpired = server("127.0.2.4", Mode.NORMAL, leafKeys, taOld, CA.intermediate);
        taGood = server("127.0.2.5", Mode.NORMAL, leafKeys, taRight, CA.intermediate);
        mismatch = server("127.0.2.6", Mode.NORMAL, plainKeys, plainCert);
        plain = server("127.0.2.7", Mode.NORMAL, plainKeys, plainCert);
        servfail = server("127.0.2.8", Mode.NORMAL, eeKeys, eeWrongName);
        bogus = server("127.0.2.9", Mode.NORMAL, eeKeys, eeWrongName);
        unusable = server("127.0.2.10", Mode.NORMAL, plainKeys, plainCert);
        unusableClear = server("127.0.2.11", Mode.NO_STARTTLS, plainKeys, plainCert);
        noStarttls = server("127.0.2.12", Mode.NO_STARTTLS, eeKeys, eeWrongName);
        alertSink = server("127.0.2.20", Mode.NO_STARTTLS, null);

        String p = "_" + port + "._tcp.";
        String eeSpki = "3 1 1 " + sha256(eeKeys.getPublic().getEncoded());
        dns = TestDnsServer.builder()
                .zone(".", true)
                .zone("test.", true)
                .zone(Z + ".", true,
                        "ee-name MX 10 mx-ee-name", "mx-ee-name A 127.0.2.1", p + "mx-ee-name TLSA " + eeSpki,
                        "ee-expired MX 10 mx-ee-expired", "mx-ee-expired A 127.0.2.2",
                        p + "mx-ee-expired TLSA 3 0 1 " + sha256(eeOld.getEncoded()),
                        "ta-name MX 10 mx-ta-name", "mx-ta-name A 127.0.2.3",
                        p + "mx-ta-name TLSA 2 0 1 " + sha256(CA.intermediate.getEncoded()),
                        "ta-expired MX 10 mx-ta-expired", "mx-ta-expired A 127.0.2.4",
                        p + "mx-ta-expired TLSA 2 1 1 " + sha256(CA.intermediate.getPublicKey().getEncoded()),
                        "ta-good MX 10 mx-ta-good", "mx-ta-good A 127.0.2.5",
                        p + "mx-ta-good TLSA 2 0 2 " + sha512(CA.intermediate.getEncoded()),
                        "mismatch MX 10 mx-mismatch", "mx-mismatch A 127.0.2.6",
                        p + "mx-mismatch TLSA 3 1 1 " + sha256(eeKeys.getPublic().getEncoded()),
                        "nxdomain MX 10 mx-plain", "mx-plain A 127.0.2.7",
                        "servfail MX 10 mx-servfail", "mx-servfail A 127.0.2.8",
                        "bogus MX 10 mx-bogus", "mx-bogus A 127.0.2.9",
                        "unusable MX 10 mx-unusable", "mx-unusable A 127.0.2.10",
                        p + "mx-unusable TLSA 1 1 1 " + sha256(plainKeys.getPublic().getEncoded()),
                        p + "mx-unusable TLSA 0 0 1 " + sha256(CA.root.getEncoded()),
                        "unusable-clear MX 10 mx-unusable-clear", "mx-unusable-clear A 127.0.2.11",
                        p + "mx-unusable-clear TLSA 1 1 1 " + sha256(plainKeys.getPublic().getEncoded()),
                        "no-starttls MX 10 mx-no-starttls", "mx-no-starttls A 127.0.2.12",
                        p + "mx-no-starttls TLSA " + eeSpki,
                        "two-mx MX 10 mx-mismatch", "two-mx MX 20 mx-ee-name",
                        "alias MX 10 mx-alias", "mx-alias CNAME mx-ee-target", "mx-ee-target A 127.0.2.1",
                        p + "mx-ee-target TLSA " + eeSpki)
                .bogusZone(p + "mx-bogus." + Z + ".", "@ TLSA " + eeSpki)
                .servfail(p + "mx-servfail." + Z + ".")
                .zone("insecure.test.", false, "@ MX 10 mx", "mx A 127.0.2.7",
                        p + "mx TLSA 3 1 1 " + "00".repeat(32),
                        "secure-host MX 10 mx-ee-name." + Z + ".", "mandatory MX 10 mx")
                .start();
        Path anchors = dir.resolve("root.anchor");
        Files.writeString(anchors, dns.rootTrustAnchor() + "\n");
        gateway = EmbeddedGateway.open(dir.resolve("data"), EngineOptions.defaults()
                .withClientTimeouts(new DeliveryAttempt.Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5)))
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(100), List.of(Duration.ofHours(1))))
                .withMxPort(port));
        gateway.dns().set(new DnsApi.DnsConfig(List.of(dns.hostPort()), "validate", anchors.toString()));
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        DestinationApi d = gateway.destinations();
        d.save(new DestinationEntry(DestinationEntry.DEFAULT_DOMAIN, OutboundTls.PREFERRED, DaneSetting.OPPORTUNISTIC, 20,
                null, false));
        d.save(new DestinationEntry("mandatory.insecure.test", OutboundTls.PREFERRED, DaneSetting.MANDATORY, 20,
                null, false));
        d.save(new DestinationEntry("alerts.example", OutboundTls.NONE, DaneSetting.NONE, 20, "127.0.2.20:" + port, false));
        var g = d.globalSettings();
        d.saveGlobalSettings(new DestinationApi.GlobalSettings(null, false, g.queueLifetimeHours(), false, false, true));
        gateway.alerts().add(new AlertApi.AlertRecipient("sec@alerts.example", AlertApi.AlertType.SECURITY, AlertApi.Severity.WARNING));
        gateway.engine().start();
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        dns.close();
        for (TestSmtpServer s : servers) {
            s.close();
        }
    }

    // ------------------------------------------------------------------ scenarios: delivered

    @Test
    void daneEeMatchWithAWrongNameDelivers() throws Exception {
        delivered("ee-name." + Z, eeName, TlsOutcome.DANE);
        assertThat(received(eeName, "ee-name." + Z).sni()).isEqualTo("mx-ee-name." + Z);
        assertThat(deliveredEvent("ee-name." + Z).text()).contains("DANE-authenticated: TLSA DANE-EE(3) SPKI(1) SHA2-256(1)",
                "matched the server certificate 'CN=wrong.example.net' at depth 0");
    }

    @Test
    void daneEeMatchWithAnExpiredCertificateDelivers() throws Exception {
        delivered("ee-expired." + Z, eeExpired, TlsOutcome.DANE);
    }

    @Test
    void daneTaWithTheRightNameDelivers() throws Exception {
        delivered("ta-good." + Z, taGood, TlsOutcome.DANE);
        assertThat(deliveredEvent("ta-good." + Z).text()).contains("TLSA DANE-TA(2) Cert(0) SHA2-512(2)",
                "matched 'O=Test,CN=Postern Test Intermediate' at depth 1", "name 'mx-ta-good.dane.test' matches");
    }

    @Test
    void aSecurelyDeniedTlsaRrsetLeavesTheTlsSettingInCharge() throws Exception {
        delivered("nxdomain." + Z, plain, TlsOutcome.OPPORTUNISTIC);
        assertThat(deliveredEvent("nxdomain." + Z).text()).contains("TLSA _" + port + "._tcp.mx-plain.dane.test does not exist (secure denial)");
    }

    @Test
    void allRecordsUnusableMeansMandatoryUnauthenticatedTls() throws Exception {
        delivered("unusable." + Z, unusable, TlsOutcome.REQUIRED);
        assertThat(deliveredEvent("unusable." + Z).text()).contains("no TLSA record is usable: TLS is mandatory, unauthenticated");
    }

    @Test
    void allRecordsUnusableAndNoStarttlsDefers() throws Exception {
        deferred("unusable-clear." + Z, "4.7.10 TLS is required but STARTTLS is not in the remote's EHLO list",
                "starttls-not-supported");
        assertThat(unusableClear.received()).isEmpty();
    }

    @Test
    void theSecondMxIsUsedWhenTheFirstFailsDane() throws Exception {
        delivered("two-mx." + Z, eeName, TlsOutcome.DANE);
        assertThat(events(MailEvent.Type.DEFERRED)).anyMatch(e -> e.domain().equals("two-mx." + Z)
                && e.text().startsWith("host mx-mismatch.dane.test [127.0.2.6:" + port + "]: DANE authentication failed")
                && "tlsa-invalid".equals(e.resultType()));
        assertThat(mismatch.received()).noneMatch(r -> r.recipients().contains("bob@two-mx." + Z));
    }

    @Test
    void anInsecureZoneWithAWrongTlsaRecordIsIgnored() throws Exception {
        delivered("insecure.test", plain, TlsOutcome.OPPORTUNISTIC);
        assertThat(deliveredEvent("insecure.test").text()).contains("no TLSA lookup: the address records of mx.insecure.test are insecure");
    }

    @Test
    void tlsaAtTheCnameTargetIsUsedAndNamesTheServer() throws Exception {
        delivered("alias." + Z, eeName, TlsOutcome.DANE);
        assertThat(received(eeName, "alias." + Z).sni()).isEqualTo("mx-ee-target." + Z);
        assertThat(deliveredEvent("alias." + Z).text()).contains("TLSA _" + port + "._tcp.mx-ee-target.dane.test is secure");
    }

    @Test
    void aSecureTlsaRrsetReachedThroughAnInsecureMxStillCountsAsTrustedNotVerified() throws Exception {
        delivered("secure-host.insecure.test", eeName, TlsOutcome.DANE);
        assertThat(deliveredEvent("secure-host.insecure.test").text())
                .contains("the MX RRset is insecure: mx-ee-name.dane.test is DANE-trusted, not verified as an MX host of"
                        + " secure-host.insecure.test");
    }

    // ------------------------------------------------------------------ scenarios: deferred

    @Test
    void daneTaWithAWrongNameDefers() throws Exception {
        deferred("ta-name." + Z, "4.7.5 DANE authentication failed: TLSA DANE-TA(2) Cert(0) SHA2-256(1)",
                "certificate-host-mismatch");
        assertThat(lastError("ta-name." + Z)).contains("but the server certificate names other.example.net;"
                + " expected mx-ta-name.dane.test or ta-name.dane.test");
        assertThat(taName.received()).isEmpty();
    }

    @Test
    void daneTaWithAnExpiredCertificateDefers() throws Exception {
        deferred("ta-expired." + Z, "4.7.5 DANE authentication failed: TLSA DANE-TA(2) SPKI(1) SHA2-256(1)", "certificate-expired");
        assertThat(lastError("ta-expired." + Z)).contains("certificate expired on");
        assertThat(taExpired.received()).isEmpty();
    }

    @Test
    void aTlsaMismatchDefersWithoutFallbackAndRaisesTheDaneAlert() throws Exception {
        deferred("mismatch." + Z, "4.7.5 DANE authentication failed: no usable TLSA record matches the presented chain",
                "tlsa-invalid");
        assertThat(mismatch.received()).isEmpty();
        await(() -> alertSink.received().stream().anyMatch(r -> r.recipients().contains("sec@alerts.example")
                && r.data().contains("DANE authentication for mismatch.dane.test failed")));
    }

    @Test
    void aServfailForTlsaDefers() throws Exception {
        deferred("servfail." + Z, "4.7.5 DANE: TLSA lookup _" + port + "._tcp.mx-servfail.dane.test failed (indeterminate)",
                "dnssec-invalid");
        assertThat(servfail.received()).isEmpty();
    }

    @Test
    void aBogusTlsaRrsetDefersEvenWhenItWouldMatch() throws Exception {
        deferred("bogus." + Z, "4.7.5 DANE: TLSA lookup _" + port + "._tcp.mx-bogus.dane.test failed (bogus)", "dnssec-invalid");
        assertThat(bogus.received()).isEmpty();
    }

    @Test
    void noStarttlsOnADaneHostDefers() throws Exception {
        deferred("no-starttls." + Z, "4.7.10 TLS is required but STARTTLS is not in the remote's EHLO list",
                "starttls-not-supported");
        assertThat(noStarttls.received()).isEmpty();
    }

    @Test
    void mandatoryDaneWithAnInsecureDomainDefers() throws Exception {
        deferred("mandatory.insecure.test", "4.7.5 DANE: DANE is mandatory but mx.insecure.test has no secure TLSA RRset",
                "dane-required");
        assertThat(plain.received()).noneMatch(r -> r.recipients().contains("bob@mandatory.insecure.test"));
    }

    // ------------------------------------------------------------------ the probe (daneverify, the console's inspector)

    @Test
    void theProbeReportsEveryDaneStepAsDeliveryDecidesIt() {
        ProbeReport r = gateway.destinations().probe("two-mx." + Z, null);
        assertThat(r.dane()).isEqualTo(DaneSetting.OPPORTUNISTIC);
        assertThat(r.mx().status()).isEqualTo(ProbeReport.Dnssec.SECURE);
        assertThat(r.mx().records()).containsExactly("10 mx-mismatch.dane.test", "20 mx-ee-name.dane.test");
        assertThat(r.hosts()).hasSize(2);
        ProbeReport.HostProbe first = r.hosts().get(0);
        assertThat(first.host()).isEqualTo("mx-mismatch.dane.test");
        assertThat(first.addresses().status()).isEqualTo(ProbeReport.Dnssec.SECURE);
        assertThat(first.addresses().records()).containsExactly("127.0.2.6");
        assertThat(first.tlsa().status()).isEqualTo(ProbeReport.Dnssec.SECURE);
        assertThat(first.tlsa().query()).isEqualTo("_" + port + "._tcp.mx-mismatch.dane.test TLSA");
        assertThat(first.daneState()).isEqualTo(ProbeReport.DaneState.REQUIRED);
        assertThat(first.wouldDeliver()).isFalse();
        assertThat(first.resultType()).isEqualTo("tlsa-invalid");
        assertThat(first.tlsaChecks()).singleElement().satisfies(c -> {
            assertThat(c.unusable()).isNull();
            assertThat(c.matchedDepth()).isNull();
            assertThat(c.parameters()).isEqualTo("DANE-EE(3) SPKI(1) SHA2-256(1)");
        });
        assertThat(first.chain()).hasSize(1);
        ProbeReport.HostProbe second = r.hosts().get(1);
        assertThat(second.wouldDeliver()).isTrue();
        assertThat(second.tls()).isEqualTo(TlsOutcome.DANE);
        assertThat(second.tlsaChecks()).singleElement().satisfies(c -> assertThat(c.matchedDepth()).isZero());
        assertThat(r.wouldDeliver()).isTrue();

        ProbeReport.HostProbe skipped = gateway.destinations().probe("servfail." + Z, null).hosts().getFirst();
        assertThat(skipped.daneState()).isEqualTo(ProbeReport.DaneState.HOST_SKIPPED);
        assertThat(skipped.tlsa().status()).isEqualTo(ProbeReport.Dnssec.INDETERMINATE);
        assertThat(skipped.resultType()).isEqualTo("dnssec-invalid");
        assertThat(skipped.wouldDeliver()).isFalse();

        ProbeReport.HostProbe ta = gateway.destinations().probe("ta-name." + Z, null).hosts().getFirst();
        assertThat(ta.resultType()).isEqualTo("certificate-host-mismatch");
        assertThat(ta.tlsaChecks()).singleElement().satisfies(c -> assertThat(c.matchedDepth()).isEqualTo(1));
        assertThat(ta.chain()).hasSize(2);

        ProbeReport.HostProbe unusableHost = gateway.destinations().probe("unusable." + Z, null).hosts().getFirst();
        assertThat(unusableHost.daneState()).isEqualTo(ProbeReport.DaneState.UNUSABLE_RECORDS);
        assertThat(unusableHost.tls()).isEqualTo(TlsOutcome.REQUIRED);
        assertThat(unusableHost.tlsaChecks()).extracting(ProbeReport.TlsaCheck::unusable)
                .allSatisfy(u -> assertThat(u).contains("unusable for SMTP"));
        assertThat(taName.received()).isEmpty();
    }

    // ------------------------------------------------------------------ helpers

    static TestSmtpServer server(String address, Mode mode, KeyPair keys, X509Certificate... chain) throws Exception {
        TestSmtpServer s = new TestSmtpServer(address, port, mode, keys, List.of(chain));
        servers.add(s);
        return s;
    }

    static X509Certificate selfSigned(KeyPair k, String name, Instant from, Instant to) {
        X500Name n = new X500Name("CN=" + name);
        return CertificateIssuer.sign(k.getPrivate(), k.getPublic(), n, n, k.getPublic(), List.of(name), from, to, false);
    }

    static X509Certificate issued(KeyPair k, String name, Instant from, Instant to) {
        return CertificateIssuer.sign(CA.intermediateKeys.getPrivate(), CA.intermediateKeys.getPublic(), CA.intermediateName,
                new X500Name("CN=" + name), k.getPublic(), List.of(name), from, to, false);
    }

    static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    static String sha512(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
    }

    static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(25);
        }
    }

    static String send(String domain) {
        return gateway.queue().inject("alice@sender.example", List.of("bob@" + domain),
                ("Subject: to " + domain + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    static TestSmtpServer.Received received(TestSmtpServer s, String domain) {
        return s.received().stream().filter(r -> r.recipients().contains("bob@" + domain)).findFirst().orElseThrow();
    }

    static void delivered(String domain, TestSmtpServer server, TlsOutcome outcome) throws Exception {
        String id = send(domain);
        try {
            await(() -> server.received().stream().anyMatch(r -> r.recipients().contains("bob@" + domain)));
        } catch (AssertionError e) {
            gateway.flushLog();
            throw new AssertionError("not delivered to " + domain + "; log: " + gateway.mailLog()
                    .search(MailLogQuery.latest(50).withMessageId(id)).stream().map(MailEvent::text).toList(), e);
        }
        await(() -> gateway.queue().list().stream().noneMatch(m -> m.id().equals(id)));
        assertThat(received(server, domain).tls()).isTrue();
        assertThat(deliveredEvent(domain).tls()).isEqualTo(outcome);
    }

    static void deferred(String domain, String reasonStart, String resultType) throws Exception {
        String id = send(domain);
        await(() -> gateway.queue().list().stream().anyMatch(m -> m.id().equals(id) && "DEFERRED".equals(m.state())));
        QueuedMessage m = gateway.queue().list().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        assertThat(m.lastError()).startsWith(reasonStart);
        assertThat(events(MailEvent.Type.DEFERRED)).anyMatch(e -> id.equals(e.messageId()) && resultType.equals(e.resultType()));
        assertThat(events(MailEvent.Type.BOUNCED)).noneMatch(e -> id.equals(e.messageId()));
    }

    static String lastError(String domain) {
        return gateway.queue().list().stream().filter(m -> m.recipients().contains("bob@" + domain)).findFirst()
                .orElseThrow().lastError();
    }

    static List<MailEvent> events(MailEvent.Type type) {
        gateway.flushLog();
        return gateway.mailLog().search(MailLogQuery.latest(1000).withType(type));
    }

    static MailEvent deliveredEvent(String domain) {
        return events(MailEvent.Type.DELIVERED).stream().filter(e -> ("bob@" + domain).equals(e.recipient())).findFirst()
                .orElseThrow();
    }
}

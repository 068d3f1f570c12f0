package org.postern.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.ByteArrayInputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.FileInspection;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PemBundle;
import org.postern.engine.api.Pkcs12Encryption;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.api.SenderGroup;
import org.postern.engine.api.TlsSettingsApi.Direction;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;
import org.postern.engine.api.TlsaRequest;
import org.postern.engine.api.TlsaRolloverCheck;
import org.postern.engine.api.TlsaRolloverCheck.Verdict;
import org.postern.engine.api.TlsaRolloverException;
import org.postern.engine.pki.TestCa;
import org.postern.engine.testsupport.TestDnsServer;

/**
 * Every operation of every area of the gateway API, called on a running engine through the control
 * API (most over the Unix-domain socket, a representative part over authenticated HTTPS), with
 * arguments that exercise the wire: byte and char arrays, instants, nested records, enums, nulls,
 * lists, void and primitive results, the event stream. A read must return exactly what the
 * embedded engine returns; a write must be visible in the embedded engine; a refusal must arrive
 * as the embedded engine's {@code PosternException} message, a DANE-7 refusal with its check.
 * The table has one labelled entry per operation and must cover {@link ApiCatalog#AREAS} exactly,
 * so an API method without a remote test fails the build.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class EveryOperationRemotelyTest {

    static final String INBOUND_IP = "127.0.16.101";
    static final String HTTPS_IP = "127.0.16.102";
    static final String SECOND_IP = "127.0.16.103";
    static final String EXTRA_IP = "127.0.16.104";
    /** Nothing listens here: deliveries routed to it are deferred at once. */
    static final String DEAD_ROUTE = "127.0.16.105:9";
    static final String MOVED_HTTPS_IP = "127.0.16.106";
    static final String MX1 = "mx1.example.test";
    static final String MX2 = "mx2.example.test";
    static final String HOLD = "hold.test";

    /** The event stream is not an operation of the catalog (see {@link ApiCatalog}), but has its entry. */
    static final String EVENT_STREAM = "mailLog.subscribe";

    enum Via { SOCKET, HTTPS }

    @FunctionalInterface
    interface Body {
        void run(GatewayApi remote) throws Exception;
    }

    record Op(String label, Via via, Body body) {
    }

    @TempDir
    static Path dir;
    EmbeddedGateway engine;
    TestDnsServer dns;
    DnsApi.DnsConfig dnsConfig;
    final TestCa ca = new TestCa();
    GatewayApi socket;
    GatewayApi https;
    URI httpsUri;
    String pin;
    String token;

    // carried from one entry to the next
    String csr;
    X509Certificate signedLeaf;
    byte[] pkcs12;
    final char[] pkcs12Password = "pkcs12 secret".toCharArray();
    String rootFingerprint;
    String queued;

    @BeforeAll
    void startEngine() throws Exception {
        engine = EmbeddedGateway.open(dir);
        engine.listeners().list().forEach(l -> engine.listeners().delete(l.name()));
        create("mx", MX1);
        create("mx-next", MX1);
        create("pinned", MX2);
        create("signed", "signed.example.test");
        engine.listeners().create(listener("Inbound", ListenerKind.PUBLIC, INBOUND_IP, freePort(), "mx"));
        engine.listeners().create(listener("Second", ListenerKind.PUBLIC, SECOND_IP, freePort(), "pinned"));
        dns = TestDnsServer.builder().zone(".", true).zone("test.", true)
                .zone("example.test.", true, "mx1 A " + INBOUND_IP, "mx2 A " + SECOND_IP,
                        "_25._tcp.mx1 TLSA 3 1 1 " + tlsaData("mx", 3, 1, 1, MX1),
                        "_25._tcp.mx2 TLSA 3 0 1 " + tlsaData("pinned", 3, 0, 1, MX2))
                .start();
        Path anchor = dir.resolve("root.ds");
        Files.writeString(anchor, dns.rootTrustAnchor() + "\n");
        dnsConfig = new DnsApi.DnsConfig(List.of(dns.hostPort()), "validate", anchor.toString());
        engine.dns().set(dnsConfig);
        // deliveries to hold.test are deferred, so queued messages stay where the test can see them
        engine.destinations().save(new DestinationEntry(HOLD, OutboundTls.NONE, DaneSetting.NONE, 2, DEAD_ROUTE, false));
        // an unreadable queue file, moved aside at start-up (queue.quarantined)
        Path messages = Files.createDirectories(dir.resolve("queue").resolve("messages"));
        Files.writeString(messages.resolve("not-a-queue-file"), "garbage");
        engine.engine().start();

        socket = RemoteGateway.overSocket(dir);
        int port = freePort();
        engine.admin().setHttps(new AdminApi.HttpsSettings(true, HTTPS_IP, port, null));
        httpsUri = URI.create("https://" + HTTPS_IP + ":" + port);
        pin = engine.admin().httpsStatus().sha256Fingerprint();
        token = RemoteGateway.login(httpsUri, pin, initialPassword().toCharArray(), 10).token();
        https = RemoteGateway.overHttps(httpsUri, pin, token);
    }

    @AfterAll
    void stopEngine() {
        for (AutoCloseable c : new AutoCloseable[] {socket, https, engine, dns}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception e) {
                // closing: nothing more to do
            }
        }
    }

    /** The table: one entry per operation, in an order in which each builds on the ones before. */
    List<Op> operations() {
        List<Op> ops = new ArrayList<>();

        // --- certificates -------------------------------------------------------------------
        ops.add(new Op("certificates.createSelfSigned", Via.HTTPS, api -> {
            NewCertificateRequest full = new NewCertificateRequest("wire", "wire.example.test",
                    List.of("alt.example.test", "other.example.test"), "Postern Test", "Wire", "Berlin", "Berlin", "DE",
                    200, KeyType.EC_P384, true);
            CertificateSummary made = api.certificates().createSelfSigned(full);
            assertThat(made).isEqualTo(engine.certificates().details("wire").summary());
            assertThat(made.dnsNames()).containsExactly("wire.example.test", "alt.example.test", "other.example.test");
            assertThat(made.notAfter()).isAfter(Instant.now().plus(Duration.ofDays(199)));
            NewCertificateRequest bad = NewCertificateRequest.simple("not a host name", KeyType.EC_P256);
            sameRefusal(() -> api.certificates().createSelfSigned(bad), () -> engine.certificates().createSelfSigned(bad));
        }));
        ops.add(new Op("certificates.list", Via.SOCKET, api ->
                assertThat(api.certificates().list()).isEqualTo(engine.certificates().list()).hasSize(6)));
        ops.add(new Op("certificates.details", Via.SOCKET, api -> {
            assertThat(api.certificates().details("wire")).isEqualTo(engine.certificates().details("wire"));
            sameRefusal(() -> api.certificates().details("no-such-entry"), () -> engine.certificates().details("no-such-entry"));
        }));
        ops.add(new Op("certificates.certificateSigningRequest", Via.SOCKET, api -> {
            csr = api.certificates().certificateSigningRequest("signed");
            assertThat(csr).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
            assertThat(engine.certificates().details("signed").summary().status()).isEqualTo(CertificateStatus.CSR_PENDING);
            signedLeaf = ca.sign(csr);
        }));
        ops.add(new Op("certificates.checkUploadSigned", Via.SOCKET, api -> {
            byte[] leaf = TestCa.pem(signedLeaf);
            TlsaRolloverCheck check = api.certificates().checkUploadSigned("signed", leaf, null);
            assertThat(check).isEqualTo(engine.certificates().checkUploadSigned("signed", leaf, null));
            assertThat(check.verdict()).isEqualTo(Verdict.NOT_SERVED);
        }));
        ops.add(new Op("certificates.uploadSigned", Via.HTTPS, api -> {
            byte[] foreign = TestCa.pem(ca.root);
            sameRefusal(() -> api.certificates().uploadSigned("signed", foreign, null, false),
                    () -> engine.certificates().uploadSigned("signed", foreign, null, false));
            // intermediates null: the leaf alone
            CertificateSummary up = api.certificates().uploadSigned("signed", TestCa.pem(signedLeaf), null, false);
            assertThat(up).isEqualTo(engine.certificates().details("signed").summary());
            assertThat(up.status()).isEqualTo(CertificateStatus.CA_SIGNED);
            assertThat(engine.certificates().details("signed").chain()).hasSize(1);
        }));
        ops.add(new Op("certificates.addIntermediates", Via.SOCKET, api -> {
            CertificateSummary s = api.certificates().addIntermediates("signed", TestCa.pem(ca.intermediate, ca.root));
            assertThat(s).isEqualTo(engine.certificates().details("signed").summary());
            assertThat(engine.certificates().details("signed").chain()).hasSize(3);
        }));
        ops.add(new Op("certificates.exportPkcs12", Via.HTTPS, api -> {
            pkcs12 = api.certificates().exportPkcs12("signed", pkcs12Password.clone(), Pkcs12Encryption.AES_256);
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(new ByteArrayInputStream(pkcs12), pkcs12Password);
            String alias = ks.aliases().nextElement();
            assertThat(ks.isKeyEntry(alias)).isTrue();
            assertThat(ks.getCertificateChain(alias)).hasSize(3);
            assertThat(ks.getCertificateChain(alias)[0]).isEqualTo(signedLeaf);
        }));
        ops.add(new Op("certificates.readPkcs12", Via.SOCKET, api -> {
            assertThat(api.certificates().readPkcs12(pkcs12, pkcs12Password.clone()))
                    .isEqualTo(engine.certificates().readPkcs12(pkcs12, pkcs12Password.clone()));
            sameRefusal(() -> api.certificates().readPkcs12(pkcs12, "wrong".toCharArray()),
                    () -> engine.certificates().readPkcs12(pkcs12, "wrong".toCharArray()));
        }));
        ops.add(new Op("certificates.importPkcs12", Via.HTTPS, api -> {
            CertificateSummary imported = api.certificates().importPkcs12("imported", pkcs12, pkcs12Password.clone(), true);
            assertThat(imported).isEqualTo(engine.certificates().details("imported").summary());
            assertThat(imported.status()).isEqualTo(CertificateStatus.IMPORTED);
            sameRefusal(() -> api.certificates().importPkcs12("imported", pkcs12, pkcs12Password.clone(), true),
                    () -> engine.certificates().importPkcs12("imported", pkcs12, pkcs12Password.clone(), true));
        }));
        ops.add(new Op("certificates.exportPem", Via.SOCKET, api -> {
            for (PemBundle b : PemBundle.values()) {
                assertThat(api.certificates().exportPem("signed", b)).as(b.name())
                        .isEqualTo(engine.certificates().exportPem("signed", b));
            }
        }));
        ops.add(new Op("certificates.inspect", Via.SOCKET, api -> {
            FileInspection p12 = api.certificates().inspect(pkcs12);
            assertThat(p12).isEqualTo(engine.certificates().inspect(pkcs12));
            assertThat(p12.kind()).isEqualTo(FileInspection.Kind.PKCS12);
            byte[] pem = TestCa.pem(ca.intermediate, ca.root);
            FileInspection chain = api.certificates().inspect(pem);
            assertThat(chain).isEqualTo(engine.certificates().inspect(pem));
            assertThat(chain.certificates()).hasSize(2);
        }));
        ops.add(new Op("certificates.tlsaRecord", Via.SOCKET, api -> {
            TlsaRequest r = new TlsaRequest(3, 0, 2, MX1, 25);
            assertThat(api.certificates().tlsaRecord("mx", r)).isEqualTo(engine.certificates().tlsaRecord("mx", r));
        }));
        ops.add(new Op("certificates.tlsaRollover", Via.SOCKET, api -> {
            TlsaRequest r = TlsaRequest.daneEe(MX1);
            assertThat(api.certificates().tlsaRollover("mx", "mx-next", null, r))
                    .isEqualTo(engine.certificates().tlsaRollover("mx", "mx-next", null, r)).hasSize(2);
            byte[] next = engine.certificates().exportPem("mx-next", PemBundle.CERTIFICATE).getBytes(StandardCharsets.US_ASCII);
            assertThat(api.certificates().tlsaRollover("mx", null, next, r))
                    .isEqualTo(engine.certificates().tlsaRollover("mx", null, next, r));
        }));
        ops.add(new Op("certificates.checkRenew", Via.SOCKET, api -> {
            TlsaRolloverCheck sameKey = api.certificates().checkRenew("mx", 100);
            assertThat(sameKey).isEqualTo(engine.certificates().checkRenew("mx", 100));
            assertThat(sameKey.verdict()).isEqualTo(Verdict.SAFE);
            TlsaRolloverCheck pinned = api.certificates().checkRenew("pinned", 100);
            assertThat(pinned).isEqualTo(engine.certificates().checkRenew("pinned", 100));
            assertThat(pinned.verdict()).isEqualTo(Verdict.WOULD_NOT_MATCH);
        }));
        ops.add(new Op("certificates.renew", Via.HTTPS, api -> {
            // the full certificate of mx2 is pinned (3 0 1): a renewal breaks it and needs confirmation
            String before = leafFingerprint("pinned");
            sameRollover(() -> api.certificates().renew("pinned", 100, false),
                    () -> engine.certificates().renew("pinned", 100, false),
                    engine.certificates().checkRenew("pinned", 100));
            assertThat(leafFingerprint("pinned")).isEqualTo(before);
            CertificateSummary renewed = api.certificates().renew("pinned", 100, true);
            assertThat(renewed).isEqualTo(engine.certificates().details("pinned").summary());
            assertThat(leafFingerprint("pinned")).isNotEqualTo(before);
            assertThat(renewed.daysLeft()).isBetween(99L, 100L);
        }));
        ops.add(new Op("certificates.checkDelete", Via.SOCKET, api -> {
            TlsaRolloverCheck served = api.certificates().checkDelete("mx");
            assertThat(served).isEqualTo(engine.certificates().checkDelete("mx"));
            assertThat(served.verdict()).isEqualTo(Verdict.WOULD_NOT_MATCH);
            assertThat(api.certificates().checkDelete("imported").verdict()).isEqualTo(Verdict.NOT_SERVED);
        }));
        ops.add(new Op("certificates.delete", Via.SOCKET, api -> {
            sameRefusal(() -> api.certificates().delete("mx"), () -> engine.certificates().delete("mx"));
            api.certificates().delete("imported");
            assertThat(engine.certificates().list()).extracting(CertificateSummary::name).doesNotContain("imported");
        }));
        ops.add(new Op("certificates.expiryWarningDays", Via.SOCKET, api ->
                assertThat(api.certificates().expiryWarningDays()).isEqualTo(engine.certificates().expiryWarningDays())
                        .isEqualTo(30)));
        ops.add(new Op("certificates.setExpiryWarningDays", Via.HTTPS, api -> {
            api.certificates().setExpiryWarningDays(45);
            assertThat(engine.certificates().expiryWarningDays()).isEqualTo(45);
            sameRefusal(() -> api.certificates().setExpiryWarningDays(-1), () -> engine.certificates().setExpiryWarningDays(-1));
        }));

        // --- CA lists -------------------------------------------------------------------------
        ops.add(new Op("caLists.importCustom", Via.SOCKET, api -> {
            // the test root's name is no host name: imported without the name check
            assertThat(api.caLists().importCustom(TestCa.pem(ca.root), false)).isEqualTo(1);
            rootFingerprint = engine.caLists().certificates(CaList.CUSTOM).getFirst().sha256Fingerprint();
            byte[] leafOnly = TestCa.pem(signedLeaf);
            sameRefusal(() -> api.caLists().importCustom(leafOnly, false), () -> engine.caLists().importCustom(leafOnly, false));
        }));
        ops.add(new Op("caLists.info", Via.SOCKET, api -> {
            for (CaList l : CaList.values()) {
                assertThat(api.caLists().info(l)).as(l.name()).isEqualTo(engine.caLists().info(l));
            }
            assertThat(api.caLists().info(CaList.CUSTOM).count()).isEqualTo(1);
        }));
        ops.add(new Op("caLists.certificates", Via.HTTPS, api ->
                assertThat(api.caLists().certificates(CaList.CUSTOM)).isEqualTo(engine.caLists().certificates(CaList.CUSTOM))
                        .singleElement().satisfies(c -> assertThat(c.kind()).isEqualTo("CA"))));
        ops.add(new Op("caLists.exportPem", Via.SOCKET, api ->
                assertThat(api.caLists().exportPem(CaList.CUSTOM)).isEqualTo(engine.caLists().exportPem(CaList.CUSTOM))
                        .contains("-----BEGIN CERTIFICATE-----")));
        ops.add(new Op("caLists.setEnabled", Via.HTTPS, api -> {
            api.caLists().setEnabled(CaList.CUSTOM, false);
            assertThat(engine.caLists().info(CaList.CUSTOM).enabled()).isFalse();
            api.caLists().setEnabled(CaList.CUSTOM, true);
            assertThat(engine.caLists().info(CaList.CUSTOM).enabled()).isTrue();
        }));
        ops.add(new Op("caLists.deleteCustom", Via.SOCKET, api -> {
            api.caLists().deleteCustom(rootFingerprint);
            assertThat(engine.caLists().certificates(CaList.CUSTOM)).isEmpty();
            sameRefusal(() -> api.caLists().deleteCustom(rootFingerprint), () -> engine.caLists().deleteCustom(rootFingerprint));
        }));
        ops.add(new Op("caLists.updateSystem", Via.HTTPS, api -> {
            var info = api.caLists().updateSystem(TestCa.pem(ca.root), "wire-test-1");
            assertThat(info).isEqualTo(engine.caLists().info(CaList.SYSTEM));
            assertThat(info.count()).isEqualTo(1);
            assertThat(info.version()).isEqualTo("wire-test-1");
            assertThat(info.updated()).isNotNull();
        }));
        ops.add(new Op("caLists.updateSystemFromOperatingSystem", Via.SOCKET, api -> {
            var info = api.caLists().updateSystemFromOperatingSystem();
            assertThat(info).isEqualTo(engine.caLists().info(CaList.SYSTEM));
            assertThat(info.count()).isGreaterThan(1);
        }));

        // --- listeners -----------------------------------------------------------------------
        ops.add(new Op("listeners.list", Via.SOCKET, api ->
                assertThat(api.listeners().list()).isEqualTo(engine.listeners().list()).hasSize(2)));
        ops.add(new Op("listeners.get", Via.SOCKET, api -> {
            assertThat(api.listeners().get("Inbound")).isEqualTo(engine.listeners().get("Inbound"));
            sameRefusal(() -> api.listeners().get("Nowhere"), () -> engine.listeners().get("Nowhere"));
        }));
        ops.add(new Op("listeners.warnings", Via.SOCKET, api -> {
            ListenerSpec demo = listener("Extra", ListenerKind.PRIVATE, EXTRA_IP, 2525, null);
            assertThat(api.listeners().warnings(demo)).isEqualTo(engine.listeners().warnings(demo))
                    .anyMatch(w -> w.contains("demo"));
        }));
        ops.add(new Op("listeners.create", Via.HTTPS, api -> {
            ListenerSpec extra = listener("Extra", ListenerKind.PRIVATE, EXTRA_IP, freePort(), null);
            assertThat(api.listeners().create(extra)).isEqualTo(engine.listeners().warnings(extra));
            assertThat(engine.listeners().get("Extra")).isEqualTo(extra);
            await(() -> engine.engine().status().stream().anyMatch(s -> s.name().equals("Extra") && s.listening()));
            sameRefusal(() -> api.listeners().create(extra), () -> engine.listeners().create(extra));
        }));
        ops.add(new Op("listeners.checkCertificateChange", Via.SOCKET, api -> {
            ListenerSpec next = engine.listeners().get("Inbound").withCertificate("mx-next");
            TlsaRolloverCheck check = api.listeners().checkCertificateChange("Inbound", next);
            assertThat(check).isEqualTo(engine.listeners().checkCertificateChange("Inbound", next));
            assertThat(check.verdict()).isEqualTo(Verdict.WOULD_NOT_MATCH);
            assertThat(check.hosts()).singleElement().satisfies(h -> assertThat(h.dnssec()).isEqualTo("secure"));
        }));
        ops.add(new Op("listeners.update", Via.HTTPS, api -> {
            // the published 3 1 1 record names mx's key: switching to mx-next needs confirmation
            ListenerSpec next = engine.listeners().get("Inbound").withCertificate("mx-next");
            sameRollover(() -> api.listeners().update("Inbound", next, false),
                    () -> engine.listeners().update("Inbound", next, false),
                    engine.listeners().checkCertificateChange("Inbound", next));
            assertThat(engine.listeners().get("Inbound").certificate()).isEqualTo("mx");
            ListenerSpec moved = listener("Extra", ListenerKind.PRIVATE, EXTRA_IP, freePort(), "wire");
            assertThat(api.listeners().update("Extra", moved, false)).isEqualTo(engine.listeners().warnings(moved));
            assertThat(engine.listeners().get("Extra")).isEqualTo(moved);
        }));
        ops.add(new Op("listeners.delete", Via.SOCKET, api -> {
            api.listeners().delete("Extra");
            assertThat(engine.listeners().list()).extracting(ListenerSpec::name).containsExactlyInAnyOrder("Inbound", "Second");
            sameRefusal(() -> api.listeners().delete("Extra"), () -> engine.listeners().delete("Extra"));
        }));

        // --- destinations --------------------------------------------------------------------
        ops.add(new Op("destinations.save", Via.HTTPS, api -> {
            DestinationEntry partner = new DestinationEntry(".partner.test", OutboundTls.REQUIRED_VERIFY,
                    DaneSetting.MANDATORY, 7, null, false);
            api.destinations().save(partner);
            assertThat(engine.destinations().get(".partner.test")).isEqualTo(partner);
            DestinationEntry bad = new DestinationEntry("clear.test", OutboundTls.NONE, DaneSetting.MANDATORY, 3, null, true);
            sameRefusal(() -> api.destinations().save(bad), () -> engine.destinations().save(bad));
        }));
        ops.add(new Op("destinations.get", Via.SOCKET, api -> {
            assertThat(api.destinations().get(HOLD)).isEqualTo(engine.destinations().get(HOLD));
            assertThat(api.destinations().get(DestinationEntry.DEFAULT_DOMAIN))
                    .isEqualTo(engine.destinations().get(DestinationEntry.DEFAULT_DOMAIN));
        }));
        ops.add(new Op("destinations.list", Via.SOCKET, api ->
                assertThat(api.destinations().list()).isEqualTo(engine.destinations().list()).hasSize(3)));
        ops.add(new Op("destinations.effective", Via.SOCKET, api -> {
            for (String domain : List.of("mx.partner.test", HOLD, "elsewhere.test")) {
                assertThat(api.destinations().effective(domain)).as(domain).isEqualTo(engine.destinations().effective(domain));
            }
        }));
        ops.add(new Op("destinations.probe", Via.SOCKET, api -> {
            // a route to a closed port: connection refused at once; setting and DANE null = the entry's
            var report = api.destinations().probe(HOLD, null, null);
            assertThat(report).isEqualTo(engine.destinations().probe(HOLD, null, null));
            assertThat(report.wouldDeliver()).isFalse();
            assertThat(report.hosts()).isNotEmpty();
            // an MX lookup in the signed test zone (no MX there: the report says so)
            var mx = api.destinations().probe("example.test", OutboundTls.PREFERRED, DaneSetting.OPPORTUNISTIC);
            assertThat(mx).isEqualTo(engine.destinations().probe("example.test", OutboundTls.PREFERRED, DaneSetting.OPPORTUNISTIC));
            assertThat(mx.dane()).isEqualTo(DaneSetting.OPPORTUNISTIC);
        }));
        ops.add(new Op("destinations.delete", Via.SOCKET, api -> {
            api.destinations().delete(".partner.test");
            assertThat(engine.destinations().list()).extracting(DestinationEntry::domain).doesNotContain(".partner.test");
            sameRefusal(() -> api.destinations().delete(DestinationEntry.DEFAULT_DOMAIN),
                    () -> engine.destinations().delete(DestinationEntry.DEFAULT_DOMAIN));
        }));
        ops.add(new Op("destinations.globalSettings", Via.SOCKET, api ->
                assertThat(api.destinations().globalSettings()).isEqualTo(engine.destinations().globalSettings())));
        ops.add(new Op("destinations.saveGlobalSettings", Via.HTTPS, api -> {
            DestinationApi.GlobalSettings before = engine.destinations().globalSettings();
            DestinationApi.GlobalSettings changed = new DestinationApi.GlobalSettings("wire", true, 48, false, true, true);
            api.destinations().saveGlobalSettings(changed);
            assertThat(engine.destinations().globalSettings()).isEqualTo(changed);
            DestinationApi.GlobalSettings bad = new DestinationApi.GlobalSettings("no-such-entry", true, 48, false, true, true);
            sameRefusal(() -> api.destinations().saveGlobalSettings(bad), () -> engine.destinations().saveGlobalSettings(bad));
            api.destinations().saveGlobalSettings(before); // clientCertificate null again
            assertThat(engine.destinations().globalSettings()).isEqualTo(before);
        }));

        // --- queue and mail log --------------------------------------------------------------
        ops.add(new Op("queue.inject", Via.SOCKET, api -> {
            queued = api.queue().inject("sender@example.org", List.of("a@" + HOLD, "b@" + HOLD),
                    "Subject: wire\r\n\r\nover the control socket\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(engine.queue().list()).extracting(QueuedMessage::id).contains(queued);
            awaitQueueSettled();
        }));
        ops.add(new Op("queue.list", Via.HTTPS, api -> {
            List<QueuedMessage> list = api.queue().list();
            assertThat(list).isEqualTo(engine.queue().list());
            assertThat(list).singleElement().satisfies(m -> {
                assertThat(m.recipients()).containsExactly("a@" + HOLD, "b@" + HOLD);
                assertThat(m.receivedAt()).isNotNull();
            });
        }));
        ops.add(new Op("queue.content", Via.HTTPS, api -> {
            byte[] content = api.queue().content(queued);
            assertThat(content).isEqualTo(engine.queue().content(queued));
            assertThat(new String(content, StandardCharsets.US_ASCII)).endsWith("over the control socket\r\n");
            sameRefusal(() -> api.queue().content("0000000000000000000"), () -> engine.queue().content("0000000000000000000"));
        }));
        ops.add(new Op("queue.flush", Via.SOCKET, api -> {
            assertThat(api.queue().flush()).isEqualTo(1);
            // due now: delivery tries again and defers it once more
            await(() -> engine.queue().list().stream().allMatch(m -> m.attempts() > 1));
            awaitQueueSettled();
        }));
        ops.add(new Op("queue.quarantined", Via.SOCKET, api ->
                assertThat(api.queue().quarantined()).isEqualTo(engine.queue().quarantined())
                        .singleElement().satisfies(q -> {
                            assertThat(q.name()).isEqualTo("not-a-queue-file");
                            assertThat(q.quarantinedAt()).isNotNull();
                        })));
        ops.add(new Op("queue.counts", Via.HTTPS, api ->
                assertThat(api.queue().counts()).isEqualTo(engine.queue().counts())
                        .satisfies(c -> assertThat(c.total()).isPositive())));
        ops.add(new Op("queue.health", Via.SOCKET, api ->
                assertThat(api.queue().health()).isEqualTo(engine.queue().health())
                        .satisfies(h -> assertThat(h.indexHealthy()).isTrue())));
        ops.add(new Op("mailLog.search", Via.SOCKET, api -> {
            engine.flushLog();
            MailLogQuery q = new MailLogQuery(queued, "sender@", null, null, MailEvent.Type.QUEUE, Instant.EPOCH,
                    Instant.now(), 50);
            List<MailEvent> found = api.mailLog().search(q);
            assertThat(found).isEqualTo(engine.mailLog().search(q)).isNotEmpty();
            MailLogQuery services = MailLogQuery.latest(20).withType(MailEvent.Type.SERVICE);
            assertThat(api.mailLog().search(services)).isEqualTo(engine.mailLog().search(services)).isNotEmpty();
        }));
        ops.add(new Op(EVENT_STREAM, Via.HTTPS, api -> {
            List<MailEvent> seen = new CopyOnWriteArrayList<>();
            List<String> ids = new ArrayList<>();
            BooleanSupplier arrived = () -> seen.stream().anyMatch(e -> ids.contains(e.messageId())
                    && e.type() == MailEvent.Type.QUEUE);
            try (AutoCloseable sub = api.mailLog().subscribe(seen::addAll)) {
                // the stream connects in the background: what is logged before it is not replayed
                for (int attempt = 0; attempt < 3 && !arrived.getAsBoolean(); attempt++) {
                    Thread.sleep(500);
                    ids.add(engine.queue().inject("stream@example.org", List.of("c@" + HOLD),
                            "Subject: stream\r\n\r\nlive\r\n".getBytes(StandardCharsets.US_ASCII)));
                    long until = System.nanoTime() + Duration.ofSeconds(4).toNanos();
                    while (System.nanoTime() < until && !arrived.getAsBoolean()) {
                        Thread.sleep(50);
                    }
                }
            }
            MailEvent live = seen.stream().filter(e -> ids.contains(e.messageId()) && e.type() == MailEvent.Type.QUEUE)
                    .findFirst().orElseThrow(() -> new AssertionError("no QUEUE event of " + ids + " in " + seen));
            engine.flushLog();
            assertThat(engine.mailLog().search(MailLogQuery.latest(50).withMessageId(live.messageId())))
                    .contains(live);
            awaitQueueSettled();
            ids.forEach(engine.queue()::delete);
        }));
        ops.add(new Op("queue.delete", Via.SOCKET, api -> {
            api.queue().delete(queued);
            assertThat(engine.queue().list()).isEmpty();
            sameRefusal(() -> api.queue().delete(queued), () -> engine.queue().delete(queued));
        }));

        // --- DNS, TLS, alerts ----------------------------------------------------------------
        ops.add(new Op("dns.get", Via.SOCKET, api ->
                assertThat(api.dns().get()).isEqualTo(engine.dns().get()).isEqualTo(dnsConfig)));
        ops.add(new Op("dns.set", Via.HTTPS, api -> {
            DnsApi.DnsConfig trustAd = new DnsApi.DnsConfig(List.of(dns.hostPort(), "127.0.0.1:53"), "trust-ad", null);
            api.dns().set(trustAd);
            assertThat(engine.dns().get()).isEqualTo(trustAd);
            DnsApi.DnsConfig bad = new DnsApi.DnsConfig(List.of(dns.hostPort()), "sometimes", null);
            sameRefusal(() -> api.dns().set(bad), () -> engine.dns().set(bad));
            api.dns().set(dnsConfig);
            assertThat(engine.dns().get()).isEqualTo(dnsConfig);
        }));
        ops.add(new Op("tls.defaults", Via.SOCKET, api ->
                assertThat(api.tls().defaults()).isEqualTo(engine.tls().defaults())));
        ops.add(new Op("tls.allowedProtocols", Via.SOCKET, api ->
                assertThat(api.tls().allowedProtocols()).isEqualTo(engine.tls().allowedProtocols()).contains("TLSv1.3")));
        ops.add(new Op("tls.allowedCipherSuites", Via.SOCKET, api ->
                assertThat(api.tls().allowedCipherSuites()).isEqualTo(engine.tls().allowedCipherSuites())
                        .contains("TLS_AES_256_GCM_SHA384")));
        ops.add(new Op("tls.set", Via.HTTPS, api -> {
            TlsPolicy p = new TlsPolicy(List.of("TLSv1.3"), List.of("TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256"));
            TlsPolicy stored = api.tls().set(Direction.OUTBOUND, p);
            assertThat(stored).isEqualTo(engine.tls().get(Direction.OUTBOUND)).isEqualTo(p);
            TlsPolicy bad = new TlsPolicy(List.of("SSLv3"), List.of("TLS_AES_256_GCM_SHA384"));
            sameRefusal(() -> api.tls().set(Direction.INBOUND, bad), () -> engine.tls().set(Direction.INBOUND, bad));
        }));
        ops.add(new Op("tls.get", Via.SOCKET, api -> {
            for (Direction d : Direction.values()) {
                assertThat(api.tls().get(d)).as(d.label()).isEqualTo(engine.tls().get(d));
            }
        }));
        ops.add(new Op("tls.isDefault", Via.SOCKET, api -> {
            assertThat(api.tls().isDefault(Direction.OUTBOUND)).isFalse().isEqualTo(engine.tls().isDefault(Direction.OUTBOUND));
            assertThat(api.tls().isDefault(Direction.INBOUND)).isTrue().isEqualTo(engine.tls().isDefault(Direction.INBOUND));
        }));
        ops.add(new Op("tls.reset", Via.SOCKET, api -> {
            api.tls().reset(Direction.OUTBOUND);
            assertThat(engine.tls().isDefault(Direction.OUTBOUND)).isTrue();
        }));
        ops.add(new Op("alerts.add", Via.HTTPS, api -> {
            var r = new AlertApi.AlertRecipient("ops@example.org", AlertApi.AlertType.SECURITY, AlertApi.Severity.WARNING);
            api.alerts().add(r);
            assertThat(engine.alerts().recipients()).contains(r);
            var bad = new AlertApi.AlertRecipient("not an address", AlertApi.AlertType.SYSTEM, AlertApi.Severity.CRITICAL);
            sameRefusal(() -> api.alerts().add(bad), () -> engine.alerts().add(bad));
        }));
        ops.add(new Op("alerts.recipients", Via.SOCKET, api ->
                assertThat(api.alerts().recipients()).isEqualTo(engine.alerts().recipients()).hasSize(1)));
        ops.add(new Op("alerts.remove", Via.SOCKET, api -> {
            api.alerts().remove(new AlertApi.AlertRecipient("ops@example.org", AlertApi.AlertType.SECURITY,
                    AlertApi.Severity.WARNING));
            assertThat(engine.alerts().recipients()).isEmpty();
        }));

        // --- administration ------------------------------------------------------------------
        ops.add(new Op("admin.https", Via.SOCKET, api ->
                assertThat(api.admin().https()).isEqualTo(engine.admin().https())));
        ops.add(new Op("admin.httpsStatus", Via.HTTPS, api -> {
            var status = api.admin().httpsStatus();
            assertThat(status).isEqualTo(engine.admin().httpsStatus());
            assertThat(status.listening()).isTrue();
            assertThat(status.sha256Fingerprint()).isEqualTo(pin);
        }));
        ops.add(new Op("admin.httpsWarnings", Via.SOCKET, api -> {
            var demo = new AdminApi.HttpsSettings(true, "0.0.0.0", 8443, null);
            assertThat(api.admin().httpsWarnings(demo)).isEqualTo(engine.admin().httpsWarnings(demo)).isNotEmpty();
            var own = new AdminApi.HttpsSettings(true, "0.0.0.0", 8443, "wire");
            assertThat(api.admin().httpsWarnings(own)).isEqualTo(engine.admin().httpsWarnings(own));
        }));
        ops.add(new Op("admin.setHttps", Via.SOCKET, api -> {
            int port = freePort();
            var moved = new AdminApi.HttpsSettings(true, MOVED_HTTPS_IP, port, null);
            assertThat(api.admin().setHttps(moved)).isEqualTo(engine.admin().httpsWarnings(moved));
            assertThat(engine.admin().https()).isEqualTo(moved);
            assertThat(engine.admin().httpsStatus().port()).isEqualTo(port);
            var bad = new AdminApi.HttpsSettings(true, MOVED_HTTPS_IP, 70000, null);
            sameRefusal(() -> api.admin().setHttps(bad), () -> engine.admin().setHttps(bad));
            https.close();
            httpsUri = URI.create("https://" + MOVED_HTTPS_IP + ":" + port);
            https = RemoteGateway.overHttps(httpsUri, pin, token);
            assertThat(https.admin().httpsStatus().port()).isEqualTo(port);
        }));
        ops.add(new Op("admin.initialPasswordPending", Via.SOCKET, api ->
                assertThat(api.admin().initialPasswordPending()).isTrue()
                        .isEqualTo(engine.admin().initialPasswordPending())));
        ops.add(new Op("admin.setPassword", Via.HTTPS, api -> {
            sameRefusal(() -> api.admin().setPassword("short".toCharArray()),
                    () -> engine.admin().setPassword("short".toCharArray()));
            api.admin().setPassword("a much longer passphrase".toCharArray());
            assertThat(engine.admin().initialPasswordPending()).isFalse();
            assertThat(RemoteGateway.login(httpsUri, pin, "a much longer passphrase".toCharArray(), 1).token()).isNotBlank();
        }));
        ops.add(new Op("admin.addClientCertificate", Via.HTTPS, api -> {
            byte[] pem = engine.certificates().exportPem("wire", PemBundle.CERTIFICATE).getBytes(StandardCharsets.US_ASCII);
            var added = api.admin().addClientCertificate(pem);
            assertThat(engine.admin().clientCertificates()).containsExactly(added);
            assertThat(added.notAfter()).isEqualTo(engine.certificates().details("wire").summary().notAfter());
            byte[] junk = "no certificate".getBytes(StandardCharsets.US_ASCII);
            sameRefusal(() -> api.admin().addClientCertificate(junk), () -> engine.admin().addClientCertificate(junk));
        }));
        ops.add(new Op("admin.clientCertificates", Via.SOCKET, api ->
                assertThat(api.admin().clientCertificates()).isEqualTo(engine.admin().clientCertificates()).hasSize(1)));
        ops.add(new Op("admin.removeClientCertificate", Via.SOCKET, api -> {
            api.admin().removeClientCertificate(engine.admin().clientCertificates().getFirst().sha256Fingerprint());
            assertThat(engine.admin().clientCertificates()).isEmpty();
        }));

        // --- engine (stop last: it ends the control API) -------------------------------------
        ops.add(new Op("engine.running", Via.HTTPS, api ->
                assertThat(api.engine().running()).isTrue().isEqualTo(engine.engine().running())));
        ops.add(new Op("engine.state", Via.HTTPS, api ->
                assertThat(api.engine().state()).isEqualTo(engine.engine().state())
                        .satisfies(st -> assertThat(st.activity()).isEqualTo(org.postern.engine.api.EngineApi.Activity.RUNNING))));
        ops.add(new Op("engine.status", Via.SOCKET, api ->
                assertThat(api.engine().status()).isEqualTo(engine.engine().status()).hasSize(2)
                        .allSatisfy(s -> assertThat(s.listening()).isTrue())));
        ops.add(new Op("engine.start", Via.SOCKET, api -> {
            api.engine().start(); // already running: nothing changes
            assertThat(engine.engine().running()).isTrue();
            assertThat(api.engine().running()).isTrue();
        }));
        ops.add(new Op("engine.stop", Via.SOCKET, api -> {
            api.engine().stop();
            await(() -> !engine.engine().running());
            assertThat(AdminServer.socketOf(dir)).doesNotExist();
        }));
        return ops;
    }

    @TestFactory
    Stream<DynamicTest> everyOperationOverTheControlApi() {
        return operations().stream().map(op -> dynamicTest(op.label() + " (" + op.via().name().toLowerCase() + ")",
                () -> op.body().run(op.via() == Via.SOCKET ? socket : https)));
    }

    @Test
    void theTableCoversEveryOperationOfTheCatalogExactlyOnce() {
        List<String> labels = operations().stream().map(Op::label).toList();
        assertThat(labels).doesNotHaveDuplicates();
        Set<String> catalog = new TreeSet<>();
        ApiCatalog.AREAS.forEach((name, area) -> area.operations().keySet().forEach(op -> catalog.add(name + "." + op)));
        catalog.add(EVENT_STREAM);
        assertThat(new TreeSet<>(labels)).isEqualTo(catalog);
        assertThat(operations()).extracting(Op::via).contains(Via.SOCKET, Via.HTTPS);
    }

    // --- helpers -----------------------------------------------------------------------------

    /** The remote call is refused exactly as the embedded engine refuses the same call. */
    static void sameRefusal(ThrowingCallable remote, ThrowingCallable embedded) {
        PosternException expected = catchThrowableOfType(PosternException.class, embedded);
        assertThat(expected).as("the embedded engine refuses the call").isNotNull();
        assertThatThrownBy(remote).isExactlyInstanceOf(expected.getClass()).hasMessage(expected.getMessage());
    }

    /** A DANE-7 refusal arrives as {@link TlsaRolloverException} with the embedded engine's message and check. */
    static void sameRollover(ThrowingCallable remote, ThrowingCallable embedded, TlsaRolloverCheck check) {
        TlsaRolloverException expected = catchThrowableOfType(TlsaRolloverException.class, embedded);
        assertThat(expected).as("the embedded engine asks for confirmation").isNotNull();
        assertThat(expected.check()).isEqualTo(check);
        assertThatThrownBy(remote).isInstanceOfSatisfying(TlsaRolloverException.class, e -> {
            assertThat(e).hasMessage(expected.getMessage());
            assertThat(e.check()).isEqualTo(check);
            assertThat(e.check().needsConfirmation()).isTrue();
            assertThat(e.check().lines()).isEqualTo(check.lines());
        });
    }

    void create(String name, String cn) {
        engine.certificates().createSelfSigned(new NewCertificateRequest(name, cn, List.of(), null, null, null, null,
                null, 365, KeyType.EC_P256, true));
    }

    String tlsaData(String name, int usage, int selector, int matching, String host) {
        return engine.certificates().tlsaRecord(name, new TlsaRequest(usage, selector, matching, host, 25)).data();
    }

    String leafFingerprint(String name) {
        return engine.certificates().details(name).leaf().sha256Fingerprint();
    }

    static ListenerSpec listener(String name, ListenerKind kind, String address, int port, String certificate) {
        return new ListenerSpec(name, kind, address, port, "example.test", List.of("example.test", "example.org"), 100, 50,
                certificate, List.of(new SenderGroup("LOCAL", List.of("127.0.0.0/8", ".example.test"), "TRUSTED")),
                List.of(MailFlowPolicy.of("ACCEPTED", PolicyAction.ACCEPT, InboundTls.PREFERRED),
                        new MailFlowPolicy("TRUSTED", PolicyAction.RELAY, InboundTls.REQUIRED, 4096, 3)),
                "ACCEPTED");
    }

    /** Waits until no queued message is being delivered (each deferred after its attempt). */
    void awaitQueueSettled() throws InterruptedException {
        await(() -> engine.queue().list().stream().allMatch(m -> m.state().equals("DEFERRED") && m.attempts() > 0
                && m.lastError() != null));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting");
            }
            Thread.sleep(20);
        }
    }

    String initialPassword() throws Exception {
        return Files.readString(dir.resolve(AdminService.INITIAL_PASSWORD_FILE)).strip();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}

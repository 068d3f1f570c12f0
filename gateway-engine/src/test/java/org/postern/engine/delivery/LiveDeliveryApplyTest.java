package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.api.TlsOutcome;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.TestCa;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.testsupport.TestDnsServer;
import org.postern.engine.testsupport.TestSmtpServer;
import org.postern.engine.tls.TestPki;

/**
 * ADM-2a, the delivery side: CA lists, DNS settings and destination controls changed through the
 * API while the engine runs are what the next delivery uses; nothing is restarted.
 */
class LiveDeliveryApplyTest {

    @TempDir
    Path dir;
    EmbeddedGateway gateway;
    final List<AutoCloseable> servers = new java.util.ArrayList<>();

    EmbeddedGateway start(int mxPort) {
        gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                .withClientTimeouts(new DeliveryAttempt.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3),
                        Duration.ofSeconds(5)))
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(50), List.of(Duration.ofHours(1))))
                .withMxPort(mxPort));
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        return gateway;
    }

    @AfterEach
    void close() throws Exception {
        if (gateway != null) {
            gateway.close();
        }
        for (AutoCloseable s : servers) {
            s.close();
        }
    }

    <T extends AutoCloseable> T server(T s) {
        servers.add(s);
        return s;
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(20);
        }
    }

    String send(String to, String subject) {
        return gateway.queue().inject("alice@sender.test", List.of(to),
                ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    QueuedMessage message(String id) {
        return gateway.queue().list().stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
    }

    /** Waits until {@code id} is deferred; its last error. */
    String deferred(String id) throws InterruptedException {
        await(() -> message(id) != null && "DEFERRED".equals(message(id).state()) && message(id).lastError() != null);
        return message(id).lastError();
    }

    static boolean holds(TestSmtpServer s, String subject) {
        return s.received().stream().anyMatch(r -> r.data().contains("Subject: " + subject));
    }

    List<MailEvent> delivered() {
        gateway.flushLog();
        return gateway.mailLog().search(MailLogQuery.latest(100).withType(MailEvent.Type.DELIVERED));
    }

    @Test
    void aCaListChangeIsUsedByTheNextDelivery() throws Exception {
        TestPki.Ca ca = TestPki.root("Live Private Root", TestPki.VALID);
        KeyPair keys = KeyPairs.generate(KeyType.EC_P256);
        X509Certificate leaf = CertificateIssuer.sign(ca.keys().getPrivate(), ca.keys().getPublic(), ca.name(),
                new X500Name("CN=private.test"), keys.getPublic(), List.of("private.test"), TestPki.VALID.from(),
                TestPki.VALID.to(), false);
        TestSmtpServer receiver = server(new TestSmtpServer("127.0.13.20", TestSmtpServer.Mode.NORMAL, keys, List.of(leaf)));
        start(25);
        gateway.destinations().save(new DestinationEntry("private.test", OutboundTls.REQUIRED_VERIFY, DaneSetting.NONE, 5,
                "127.0.13.20:" + receiver.port(), false));
        gateway.engine().start();

        // not trusted yet: Required (Verify) defers
        String first = send("bob@private.test", "first");
        assertThat(deferred(first)).contains("certificate-not-trusted");
        assertThat(receiver.received()).isEmpty();

        // the private root imported while the engine runs: the next attempt verifies
        assertThat(gateway.caLists().importCustom(TestCa.pem(ca.cert()), false)).isEqualTo(1);
        gateway.flushQueue();
        await(() -> holds(receiver, "first") && message(first) == null);
        await(() -> !delivered().isEmpty());
        assertThat(delivered().getFirst().tls()).isEqualTo(TlsOutcome.VERIFIED);

        // the custom list disabled: the next delivery no longer trusts the root; enabled again: it does
        gateway.caLists().setEnabled(CaList.CUSTOM, false);
        String second = send("bob@private.test", "second");
        assertThat(deferred(second)).contains("certificate-not-trusted");
        gateway.caLists().setEnabled(CaList.CUSTOM, true);
        gateway.flushQueue();
        await(() -> holds(receiver, "second") && message(second) == null);

        // the root deleted: untrusted again
        gateway.caLists().deleteCustom(gateway.caLists().certificates(CaList.CUSTOM).getFirst().sha256Fingerprint());
        String third = send("bob@private.test", "third");
        assertThat(deferred(third)).contains("certificate-not-trusted");
        assertThat(holds(receiver, "third")).isFalse();
        assertThat(gateway.engine().running()).isTrue();
    }

    @Test
    void dnsSettingsAndDestinationControlsChangedWhileRunningAreUsedByTheNextDelivery() throws Exception {
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        TestSmtpServer first = server(new TestSmtpServer("127.0.13.21", port, TestSmtpServer.Mode.NO_STARTTLS, null, List.of()));
        TestSmtpServer second = server(new TestSmtpServer("127.0.13.22", port, TestSmtpServer.Mode.NO_STARTTLS, null, List.of()));
        TestDnsServer oldDns = server(TestDnsServer.builder()
                .zone("live.test.", false, "@ MX 10 mx", "mx A 127.0.13.21").start());
        TestDnsServer newDns = server(TestDnsServer.builder()
                .zone("live.test.", false, "@ MX 10 mx", "mx A 127.0.13.22").start());
        start(port);
        gateway.dns().set(new DnsApi.DnsConfig(List.of(oldDns.hostPort()), "trust-ad", null));
        gateway.engine().start();

        send("bob@live.test", "by the old resolver");
        await(() -> holds(first, "by the old resolver"));

        // another resolver: the next delivery asks it (the old one's cached answer is not used)
        gateway.dns().set(new DnsApi.DnsConfig(List.of(newDns.hostPort()), "trust-ad", null));
        send("bob@live.test", "by the new resolver");
        await(() -> holds(second, "by the new resolver"));
        assertThat(holds(first, "by the new resolver")).isFalse();

        // a destination control (a route for the domain) reaches the next delivery
        gateway.destinations().save(new DestinationEntry("live.test", OutboundTls.NONE, DaneSetting.NONE, 5,
                "127.0.13.21:" + port, false));
        send("bob@live.test", "by the route");
        await(() -> holds(first, "by the route"));
        assertThat(holds(second, "by the route")).isFalse();
    }
}

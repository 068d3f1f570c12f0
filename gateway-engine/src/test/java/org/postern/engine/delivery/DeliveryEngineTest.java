package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.config.Database;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.testsupport.TestSmtpServer;

/** DLV-1, DLV-5, DLV-6, DLV-7, DLV-9 through the whole engine: queue → policy → delivery → log/DSN/alert. */
class DeliveryEngineTest {

    @TempDir
    Path dir;
    EmbeddedGateway gateway;
    TestSmtpServer clearServer;
    TestSmtpServer tlsServer;

    @BeforeEach
    void start() throws Exception {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        var self = CertificateIssuer.selfSigned(k, new X500Name("CN=mx.example.test"), List.of("mx.example.test"), 5);
        clearServer = new TestSmtpServer("127.0.0.1", TestSmtpServer.Mode.NO_STARTTLS, null, List.of());
        tlsServer = new TestSmtpServer("127.0.0.1", TestSmtpServer.Mode.NORMAL, k, List.of(self));
        EngineOptions options = EngineOptions.defaults()
                .withClientTimeouts(new DeliveryAttempt.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5)))
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(100), List.of(Duration.ofHours(1))));
        gateway = EmbeddedGateway.open(dir, options);
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        gateway.engine().start();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        clearServer.close();
        tlsServer.close();
    }

    void route(String domain, OutboundTls tls, TestSmtpServer server) {
        gateway.destinations().save(new DestinationEntry(domain, tls, DaneSetting.DEFAULT, 5, "127.0.0.1:" + server.port(), false));
    }

    String inject(String to) {
        return gateway.queue().inject("sender@example.org", List.of(to),
                ("Subject: test to " + to + "\r\nMessage-ID: <m@example.org>\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(25);
        }
    }

    List<MailEvent> events(MailEvent.Type type) {
        gateway.flushLog();
        return gateway.mailLog().search(MailLogQuery.latest(200).withType(type));
    }

    @Test
    void deliversOverTlsAndLogsTheOutcome() throws Exception {
        route("example.test", OutboundTls.REQUIRED, tlsServer);
        String id = inject("bob@example.test");
        await(() -> tlsServer.received().size() == 1);
        await(() -> gateway.queue().list().isEmpty());
        assertThat(tlsServer.received().getFirst().tls()).isTrue();
        assertThat(tlsServer.received().getFirst().data()).contains("Subject: test to bob@example.test", "with local id " + id);
        await(() -> !events(MailEvent.Type.DELIVERED).isEmpty());
        MailEvent e = events(MailEvent.Type.DELIVERED).getFirst();
        assertThat(e.messageId()).isEqualTo(id);
        assertThat(e.tls().name()).isEqualTo("REQUIRED");
        assertThat(e.protocol()).isEqualTo("TLSv1.3");
        assertThat(e.peerSubject()).isEqualTo("CN=mx.example.test");
    }

    @Test
    void parentDomainEntriesAndTheDefaultApply() {
        DestinationApi d = gateway.destinations();
        d.save(new DestinationEntry(".example.com", OutboundTls.REQUIRED_VERIFY, DaneSetting.DEFAULT, 5, null, false));
        d.save(new DestinationEntry(".mail.example.com", OutboundTls.REQUIRED, DaneSetting.DEFAULT, 5, null, false));
        d.save(new DestinationEntry("example.com", OutboundTls.NONE, DaneSetting.NONE, 5, null, false));
        d.save(new DestinationEntry("partner.example", OutboundTls.DEFAULT, DaneSetting.DEFAULT, 5, null, false));
        assertThat(d.effective("example.com").tls()).isEqualTo(OutboundTls.NONE);
        assertThat(d.effective("a.example.com").tls()).isEqualTo(OutboundTls.REQUIRED_VERIFY);
        assertThat(d.effective("x.mail.example.com").tls()).isEqualTo(OutboundTls.REQUIRED);
        assertThat(d.effective("EXAMPLE.COM.").tls()).isEqualTo(OutboundTls.NONE);
        assertThat(d.effective("partner.example").tls()).isEqualTo(OutboundTls.PREFERRED);
        assertThat(d.effective("elsewhere.example").domain()).isEqualTo("default");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.save(new DestinationEntry("x.example", OutboundTls.NONE,
                DaneSetting.MANDATORY, 5, null, false))).hasMessageContaining("DANE cannot be mandatory where the TLS setting is none");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> d.delete("default")).hasMessageContaining("cannot be deleted");
    }

    @Test
    void requiredTlsToAServerWithoutStarttlsDefersWithTheReasonAndAlerts() throws Exception {
        route("example.test", OutboundTls.REQUIRED, clearServer);
        var g = gateway.destinations().globalSettings();
        gateway.destinations().saveGlobalSettings(new DestinationApi.GlobalSettings(null, true, g.queueLifetimeHours(), false, false, false));
        gateway.alerts().add(new AlertApi.AlertRecipient("admin@alerts.example", AlertApi.AlertType.SYSTEM, AlertApi.Severity.WARNING));
        route("alerts.example", OutboundTls.NONE, clearServer); // the alert mail is delivered like any other
        String id = inject("bob@example.test");
        await(() -> gateway.queue().list().stream().anyMatch(m -> m.id().equals(id) && m.state().equals("DEFERRED")));
        QueuedMessage m = gateway.queue().list().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        assertThat(m.lastError()).startsWith("4.7.10 TLS is required but STARTTLS is not in the remote's EHLO list");
        assertThat(clearServer.received()).noneMatch(r -> r.recipients().contains("bob@example.test"));
        MailEvent deferred = events(MailEvent.Type.DEFERRED).getFirst();
        assertThat(deferred.resultType()).isEqualTo("starttls-not-supported");
        // the alert: a mail to the alert recipient, queued and delivered through the engine itself
        await(() -> clearServer.received().stream().anyMatch(r -> r.recipients().contains("admin@alerts.example")));
        assertThat(clearServer.received().stream().filter(r -> r.recipients().contains("admin@alerts.example"))
                .findFirst().orElseThrow().data())
                .contains("Subject: [Postern warning] required TLS connection to example.test failed", "starttls-not-supported");
    }

    @Test
    void expiredMessagesBounceWithADsnStatingTheTlsReason() throws Exception {
        route("example.test", OutboundTls.REQUIRED, clearServer);
        route("example.org", OutboundTls.NONE, clearServer); // where the DSN goes
        String id = inject("bob@example.test");
        await(() -> gateway.queue().list().stream().anyMatch(m -> m.id().equals(id) && m.state().equals("DEFERRED")));
        // age the message past the queue lifetime (default 120 h) and retry now
        gateway.engine().stop();
        try (Database db = Database.open(dir.resolve(EmbeddedGateway.DATABASE_FILE))) {
            db.update("UPDATE queue SET received_at = ?, next_attempt = NULL WHERE id = ?",
                    Instant.now().minus(Duration.ofDays(6)).toString(), id);
        }
        gateway.engine().start();
        await(() -> clearServer.received().stream().anyMatch(r -> r.recipients().contains("sender@example.org")));
        String dsn = clearServer.received().stream().filter(r -> r.recipients().contains("sender@example.org")).findFirst()
                .orElseThrow().data();
        assertThat(dsn).contains("Content-Type: multipart/report; report-type=delivery-status",
                "Content-Type: message/delivery-status", "Final-Recipient: rfc822; bob@example.test", "Action: failed",
                "Status: 4.7.10", "TLS is required but STARTTLS is not in the remote's EHLO list",
                "Content-Type: text/rfc822-headers", "Subject: test to bob@example.test");
        assertThat(clearServer.received().stream().filter(r -> r.recipients().contains("sender@example.org")).findFirst()
                .orElseThrow().sender()).isEmpty();
        await(() -> gateway.queue().list().isEmpty());
        assertThat(events(MailEvent.Type.BOUNCED)).anyMatch(e -> "bob@example.test".equals(e.recipient()));
    }

    @Test
    void permanentRecipientFailuresBounceAtOnceAndTheRestIsDelivered() throws Exception {
        route("example.test", OutboundTls.PREFERRED, tlsServer);
        route("example.org", OutboundTls.PREFERRED, tlsServer);
        String id = gateway.queue().inject("sender@example.org", List.of("ok@example.test", "unknown@example.test"),
                "Subject: two\r\n\r\nx\r\n".getBytes(StandardCharsets.US_ASCII));
        await(() -> tlsServer.received().size() >= 2);
        assertThat(tlsServer.received()).anyMatch(r -> r.recipients().equals(List.of("ok@example.test")));
        assertThat(tlsServer.received()).anyMatch(r -> r.data().contains("Status: 5.1.1")
                && r.data().contains("550 5.1.1 <unknown@example.test>: Recipient address rejected"));
        await(() -> gateway.queue().list().isEmpty());
        assertThat(id).isNotBlank();
    }

    @Test
    void anUnexpectedFailureIsDeferredNotRetriedAtOnce() throws Exception {
        gateway.close();
        gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(50), List.of(Duration.ofHours(1))))
                .withDns(() -> {
                    throw new IllegalStateException("resolver exploded");
                }));
        gateway.engine().start();
        String id = inject("bob@nowhere.example");
        await(() -> gateway.queue().list().stream().anyMatch(m -> m.id().equals(id) && "DEFERRED".equals(m.state())));
        Thread.sleep(500);
        QueuedMessage m = gateway.queue().list().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        assertThat(m.attempts()).isEqualTo(1);
        assertThat(m.lastError()).isEqualTo("4.3.0 delivery failed: resolver exploded");
    }

    @Test
    void preferredNeverFallsBackToClearAfterAFailedHandshakeUnlessReconnectInClearIsOn() throws Exception {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        var self = CertificateIssuer.selfSigned(k, new X500Name("CN=mx.example.test"), List.of("mx.example.test"), 5);
        try (TestSmtpServer broken = new TestSmtpServer("127.0.0.1", TestSmtpServer.Mode.HANDSHAKE_FAILS, k, List.of(self))) {
            gateway.destinations().save(new DestinationEntry("strict.test", OutboundTls.PREFERRED, DaneSetting.DEFAULT, 5,
                    "127.0.0.1:" + broken.port(), false));
            gateway.destinations().save(new DestinationEntry("lenient.test", OutboundTls.PREFERRED, DaneSetting.DEFAULT, 5,
                    "127.0.0.1:" + broken.port(), true));
            String strict = inject("bob@strict.test");
            inject("bob@lenient.test");
            await(() -> broken.received().stream().anyMatch(r -> r.recipients().contains("bob@lenient.test")));
            assertThat(broken.received()).noneMatch(r -> r.recipients().contains("bob@strict.test"));
            assertThat(broken.received()).allMatch(r -> !r.tls());
            await(() -> gateway.queue().list().stream().anyMatch(m -> m.id().equals(strict) && "DEFERRED".equals(m.state())));
            assertThat(gateway.queue().list().stream().filter(m -> m.id().equals(strict)).findFirst().orElseThrow().lastError())
                    .startsWith("4.7.5 TLS handshake failed");
            await(() -> events(MailEvent.Type.WARNING).stream().anyMatch(e -> e.text().startsWith("downgrade: reconnecting to")
                    && e.text().contains("lenient.test")));
        }
    }

    @Test
    void theDestinationConnectionLimitCapsConcurrentDeliveries() throws Exception {
        try (TestSmtpServer slow = new TestSmtpServer("127.0.0.1", TestSmtpServer.Mode.SLOW_DATA, null, List.of())) {
            gateway.destinations().save(new DestinationEntry("limited.test", OutboundTls.NONE, DaneSetting.NONE, 2,
                    "127.0.0.1:" + slow.port(), false));
            for (int i = 0; i < 6; i++) {
                inject("user" + i + "@limited.test");
            }
            await(() -> slow.received().size() == 6);
            assertThat(slow.maxConcurrentSessions()).isEqualTo(2);
        }
    }
}

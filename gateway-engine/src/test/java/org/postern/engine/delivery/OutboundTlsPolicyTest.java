package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.TlsSettingsApi.Direction;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.testsupport.TestSmtpServer;

/** TLS-1 for delivery: the outbound policy decides what the SMTP client negotiates, from the next attempt on. */
class OutboundTlsPolicyTest {

    @TempDir
    Path dir;
    EmbeddedGateway gateway;
    TestSmtpServer server;

    @BeforeEach
    void start() throws Exception {
        KeyPair k = KeyPairs.generate(KeyType.RSA_2048);
        var self = CertificateIssuer.selfSigned(k, new X500Name("CN=mx.example.test"), List.of("mx.example.test"), 5);
        server = new TestSmtpServer("127.0.4.3", TestSmtpServer.Mode.NORMAL, k, List.of(self));
        gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                .withClientTimeouts(new DeliveryAttempt.Timeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(100), List.of(Duration.ofHours(1)))));
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        gateway.destinations().save(new DestinationEntry("example.test", OutboundTls.REQUIRED, DaneSetting.DEFAULT, 5,
                "127.0.4.3:" + server.port(), false));
        gateway.engine().start();
    }

    @AfterEach
    void stop() throws Exception {
        gateway.close();
        server.close();
    }

    MailEvent deliver(int n) throws InterruptedException {
        gateway.queue().inject("sender@example.org", List.of("bob@example.test"),
                "Subject: policy\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            gateway.flushLog();
            List<MailEvent> delivered = gateway.mailLog().search(MailLogQuery.latest(50).withType(MailEvent.Type.DELIVERED));
            if (delivered.size() >= n) {
                return delivered.getFirst();
            }
            Thread.sleep(25);
        }
        throw new AssertionError("message " + n + " not delivered; log: " + gateway.mailLog().search(MailLogQuery.latest(20)));
    }

    @Test
    void deliveryNegotiatesWhatTheOutboundPolicyAllowsFromTheNextAttempt() throws Exception {
        assertThat(deliver(1).protocol()).isEqualTo("TLSv1.3");
        gateway.tls().set(Direction.OUTBOUND, new TlsPolicy(List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")));
        MailEvent second = deliver(2);
        assertThat(second.protocol()).isEqualTo("TLSv1.2");
        assertThat(second.cipher()).isEqualTo("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
        gateway.tls().reset(Direction.OUTBOUND);
        assertThat(deliver(3).protocol()).isEqualTo("TLSv1.3");
        assertThat(server.received()).hasSize(3);
    }

    @Test
    void theInboundPolicyDoesNotChangeDelivery() throws Exception {
        gateway.tls().set(Direction.INBOUND, new TlsPolicy(List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")));
        assertThat(deliver(1).protocol()).isEqualTo("TLSv1.3");
    }
}

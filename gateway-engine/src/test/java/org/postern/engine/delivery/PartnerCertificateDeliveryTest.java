package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.CaListApi.CaCertificate;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
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
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.api.TlsOutcome;
import org.postern.engine.smtp.client.DeliveryAttempt;

/**
 * CA-7, the self-signed deployment: two Postern gateways each create a self-signed certificate,
 * export it as PEM and import the other's into their custom CA list; then each delivers to the
 * other under Required (Verify). Before the exchange the same delivery defers.
 */
class PartnerCertificateDeliveryTest {

    @TempDir
    Path dirA;
    @TempDir
    Path dirB;
    Peer a;
    Peer b;

    /** One gateway: its domain, listener address and port. */
    static final class Peer implements AutoCloseable {
        final String domain;
        final String address;
        final int port;
        final EmbeddedGateway gateway;

        Peer(Path dir, String domain, String address) throws IOException {
            this.domain = domain;
            this.address = address;
            try (ServerSocket s = new ServerSocket(0)) {
                this.port = s.getLocalPort();
            }
            gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                    .withClientTimeouts(new DeliveryAttempt.Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(5),
                            Duration.ofSeconds(5)))
                    .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(100), List.of(Duration.ofHours(1)))));
            gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
            gateway.certificates().createSelfSigned(new NewCertificateRequest(null, domain, List.of(), null, null, null,
                    null, null, 90, KeyType.EC_P256, true));
            gateway.listeners().create(new ListenerSpec("Partners", ListenerKind.PUBLIC, address, port, domain,
                    List.of(domain), 20, 10, domain, List.of(),
                    List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, InboundTls.REQUIRED, 64 * 1024, 5),
                            MailFlowPolicy.of("BLOCKED", PolicyAction.REJECT, InboundTls.NO)),
                    "ACCEPTED"));
            // mail that arrives for this gateway's own domain stays in its queue for the test to find
            gateway.destinations().save(new DestinationEntry(domain, OutboundTls.NONE, DaneSetting.NONE, 5, "127.0.0.1:9",
                    false));
            gateway.engine().start();
        }

        void deliverTo(Peer other) {
            gateway.destinations().save(new DestinationEntry(other.domain, OutboundTls.REQUIRED_VERIFY, DaneSetting.NONE, 5,
                    other.address + ":" + other.port, false));
        }

        String certificatePem() {
            return gateway.certificates().exportPem(domain, PemBundle.CERTIFICATE);
        }

        String send(String to, String subject) {
            return gateway.queue().inject("postmaster@" + domain, List.of(to),
                    ("Subject: " + subject + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
        }

        boolean holds(String subject) {
            return gateway.queue().list().stream().anyMatch(m -> new String(gateway.queue().content(m.id()),
                    StandardCharsets.US_ASCII).contains("Subject: " + subject));
        }

        QueuedMessage message(String id) {
            return gateway.queue().list().stream().filter(m -> m.id().equals(id)).findFirst().orElse(null);
        }

        List<MailEvent> events(MailEvent.Type type) {
            gateway.flushLog();
            return gateway.mailLog().search(MailLogQuery.latest(100).withType(type));
        }

        @Override
        public void close() {
            gateway.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        a = new Peer(dirA, "a.partner.test", "127.0.1.1");
        b = new Peer(dirB, "b.partner.test", "127.0.1.2");
        a.deliverTo(b);
        b.deliverTo(a);
    }

    @AfterEach
    void stop() {
        a.close();
        b.close();
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(50);
        }
    }

    @Test
    void gatewaysThatExchangedSelfSignedCertificatesDeliverToEachOtherVerified() throws Exception {
        // before the exchange: Required (Verify) defers, the message is not handed over
        String early = a.send("bob@b.partner.test", "before the exchange");
        await(() -> a.message(early) != null && "DEFERRED".equals(a.message(early).state()));
        assertThat(a.message(early).lastError()).isEqualTo("4.7.5 certificate verification failed: certificate-not-trusted:"
                + " self-signed certificate 'CN=b.partner.test' is not in an enabled CA list");
        assertThat(b.holds("before the exchange")).isFalse();

        // the exchange: each exports its certificate as PEM and imports the other's into its custom list
        String pemA = a.certificatePem();
        String pemB = b.certificatePem();
        assertThat(a.gateway.caLists().importCustom(pemB.getBytes(StandardCharsets.US_ASCII), true)).isEqualTo(1);
        assertThat(b.gateway.caLists().importCustom(pemA.getBytes(StandardCharsets.US_ASCII), true)).isEqualTo(1);
        assertThat(a.gateway.caLists().certificates(CaList.CUSTOM)).singleElement()
                .satisfies(c -> assertThat(c.subject()).isEqualTo("CN=b.partner.test"))
                .extracting(CaCertificate::kind).isEqualTo("partner");

        // the deferred message goes at the next attempt, verified
        a.gateway.queue().flush();
        await(() -> b.holds("before the exchange"));
        await(() -> a.message(early) == null);
        await(() -> !a.events(MailEvent.Type.DELIVERED).isEmpty());
        MailEvent delivered = a.events(MailEvent.Type.DELIVERED).getFirst();
        assertThat(delivered.tls()).isEqualTo(TlsOutcome.VERIFIED);
        assertThat(delivered.peerSubject()).isEqualTo("CN=b.partner.test");

        // and the other way round
        b.send("alice@a.partner.test", "from b");
        await(() -> a.holds("from b"));
        await(() -> !b.events(MailEvent.Type.DELIVERED).isEmpty());
        assertThat(b.events(MailEvent.Type.DELIVERED).getFirst().tls()).isEqualTo(TlsOutcome.VERIFIED);

        // removing the partner certificate withdraws the trust again
        a.gateway.caLists().deleteCustom(a.gateway.caLists().certificates(CaList.CUSTOM).getFirst().sha256Fingerprint());
        String late = a.send("bob@b.partner.test", "after the removal");
        await(() -> a.message(late) != null && "DEFERRED".equals(a.message(late).state()));
        assertThat(a.message(late).lastError()).contains("certificate-not-trusted");
        assertThat(b.holds("after the removal")).isFalse();
    }
}

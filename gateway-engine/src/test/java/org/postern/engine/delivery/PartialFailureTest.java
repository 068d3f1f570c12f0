package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.dns.Lookup;
import org.postern.engine.dns.MxResult;
import org.postern.engine.dns.TlsaData;
import org.postern.engine.testsupport.TestSmtpServer;

/** An unexpected failure part-way through an attempt retries only the recipients not yet delivered. */
class PartialFailureTest {

    @TempDir
    Path dir;

    /** A resolver that fails unexpectedly (a bug, not a DNS error) for every lookup. */
    static final DnsResolver EXPLODING = new DnsResolver() {
        @Override
        public MxResult mx(String domain) {
            throw new IllegalStateException("resolver exploded for " + domain);
        }

        @Override
        public Lookup<InetAddress> addresses(String host) {
            throw new IllegalStateException("resolver exploded for " + host);
        }

        @Override
        public Lookup<TlsaData> tlsa(String host, int port) {
            throw new IllegalStateException("resolver exploded for " + host);
        }
    };

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void recipientsDeliveredBeforeAnUnexpectedFailureAreNotSentAgain() throws Exception {
        try (TestSmtpServer server = new TestSmtpServer("127.0.8.3", TestSmtpServer.Mode.NO_STARTTLS, null, List.of());
             EmbeddedGateway gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                     .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(50), List.of(Duration.ofHours(1))))
                     .withDns(() -> EXPLODING))) {
            gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
            // example.test has a literal route (no DNS); boom.test needs an MX lookup, which throws
            gateway.destinations().save(new DestinationEntry("example.test", OutboundTls.NONE, DaneSetting.NONE, 5,
                    "127.0.8.3:" + server.port(), false));
            gateway.engine().start();
            String id = gateway.queue().inject("sender@example.org", List.of("ok@example.test", "bob@boom.test"),
                    "Subject: two domains\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            await(() -> gateway.queue().list().stream().anyMatch(m -> m.id().equals(id) && "DEFERRED".equals(m.state())));
            QueuedMessage m = gateway.queue().list().getFirst();
            assertThat(m.recipients()).containsExactly("bob@boom.test");
            assertThat(m.lastError()).startsWith("4.3.0 delivery failed: resolver exploded for boom.test");
            assertThat(server.received()).hasSize(1);
            // the retry (made due now) fails the same way and must not send ok@example.test a second copy
            gateway.queue().flush();
            await(() -> gateway.queue().list().getFirst().attempts() == 2);
            Thread.sleep(300);
            assertThat(server.received()).singleElement()
                    .satisfies(r -> assertThat(r.recipients()).containsExactly("ok@example.test"));
        }
    }
}

package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.DatagramSocket;
import java.net.InetSocketAddress;
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
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.QueuedMessage;

/**
 * Faults: the configured resolver is down (a closed loopback port). Delivery defers with 4.4.3
 * and the lookup failure, attempt after attempt; nothing bounces and the messages stay queued,
 * with DANE off, opportunistic or mandatory alike.
 */
class ResolverDownTest {

    @TempDir
    Path dir;

    static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(25).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(25);
        }
    }

    @Test
    void anUnreachableResolverDefersAndNeverBounces() throws Exception {
        int closedPort;
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress("127.0.12.3", 0))) {
            closedPort = s.getLocalPort();
        }
        try (EmbeddedGateway gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(50), List.of(Duration.ofMillis(200)))))) {
            gateway.dns().set(new DnsApi.DnsConfig(List.of("127.0.12.3:" + closedPort), "trust-ad", null));
            gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
            gateway.destinations().save(new DestinationEntry("plain.test", OutboundTls.PREFERRED, DaneSetting.NONE, 5, null, false));
            gateway.destinations().save(new DestinationEntry("dane.test", OutboundTls.PREFERRED, DaneSetting.OPPORTUNISTIC, 5, null, false));
            gateway.destinations().save(new DestinationEntry("mandatory.test", OutboundTls.REQUIRED, DaneSetting.MANDATORY, 5, null,
                    false));
            gateway.engine().start();
            List<String> ids = List.of("plain.test", "dane.test", "mandatory.test").stream()
                    .map(d -> gateway.queue().inject("alice@sender.test", List.of("bob@" + d),
                            ("Subject: to " + d + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII)))
                    .toList();
            // several attempts each: a retry must meet the same fault and defer again
            await(() -> ids.stream().allMatch(id -> gateway.queue().list().stream()
                    .anyMatch(m -> m.id().equals(id) && "DEFERRED".equals(m.state()) && m.attempts() >= 2)));
            List<QueuedMessage> queue = gateway.queue().list();
            assertThat(queue).extracting(QueuedMessage::id).containsExactlyInAnyOrderElementsOf(ids); // no DSN was queued either
            for (QueuedMessage m : queue) {
                assertThat(m.lastError()).as(m.id()).startsWith("4.4.3 ").contains("lookup for").contains("failed");
            }
            gateway.flushLog();
            assertThat(gateway.mailLog().search(MailLogQuery.latest(500).withType(MailEvent.Type.BOUNCED))).isEmpty();
            assertThat(gateway.mailLog().search(MailLogQuery.latest(500).withType(MailEvent.Type.DELIVERED))).isEmpty();
            List<MailEvent> queued = gateway.mailLog().search(MailLogQuery.latest(500).withType(MailEvent.Type.QUEUE));
            for (String id : ids) {
                assertThat(queued).as("deferral logged for " + id)
                        .anyMatch(e -> id.equals(e.messageId()) && e.text().startsWith("deferred 1 recipient(s)"));
            }
        }
    }
}

package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.testsupport.TestSmtpServer;

/** Stopping the engine with deliveries in flight, and destination limits that change while it runs. */
class EngineStopTest {

    static final String HOST = "127.0.8.1";

    @TempDir
    Path dir;
    EmbeddedGateway gateway;

    EmbeddedGateway open(Duration stopGrace) {
        gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                .withClientTimeouts(new DeliveryAttempt.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(50), List.of(Duration.ofHours(1)), stopGrace)));
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        return gateway;
    }

    @AfterEach
    void close() {
        if (gateway != null) {
            gateway.close();
        }
    }

    void route(String domain, TestSmtpServer server, int maxConnections) {
        gateway.destinations().save(new DestinationEntry(domain, OutboundTls.NONE, DaneSetting.NONE, maxConnections,
                HOST + ":" + server.port(), false));
    }

    String inject(String to) {
        return gateway.queue().inject("sender@example.org", List.of(to),
                ("Subject: to " + to + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(20);
        }
    }

    @Test
    void stopDrainsADeliveryInFlightSoARestartNeverSendsItTwice() throws Exception {
        try (TestSmtpServer hold = new TestSmtpServer(HOST, TestSmtpServer.Mode.HOLD_DATA, null, List.of())) {
            open(Duration.ofSeconds(20)).engine().start();
            route("slow.test", hold, 5);
            inject("bob@slow.test");
            await(() -> hold.dataEnded() == 1); // the remote holds the message before its 250
            gateway.engine().stop();
            assertThat(gateway.engine().running()).isFalse();
            gateway.engine().start();
            Thread.sleep(1500);
            assertThat(hold.dataEnded()).isEqualTo(1);
            assertThat(hold.received()).hasSize(1);
            assertThat(gateway.queue().list()).isEmpty(); // the attempt finished before the lock was released
        }
    }

    @Test
    void anAttemptCutOffByTheStopGraceStaysQueuedAndIsNotMarkedDelivered() throws Exception {
        try (TestSmtpServer hold = new TestSmtpServer(HOST, TestSmtpServer.Mode.HOLD_DATA, null, List.of());
             TestSmtpServer normal = new TestSmtpServer(HOST, TestSmtpServer.Mode.NO_STARTTLS, null, List.of())) {
            open(Duration.ofMillis(300)).engine().start();
            route("slow.test", hold, 5);
            String id = inject("bob@slow.test");
            await(() -> hold.dataEnded() == 1);
            long t0 = System.nanoTime();
            gateway.engine().stop();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            Thread.sleep(3500); // past the remote's hold: nothing may still be running to record a delivery
            assertThat(gateway.queue().list()).singleElement().satisfies(m -> {
                assertThat(m.id()).isEqualTo(id);
                assertThat(m.recipients()).containsExactly("bob@slow.test");
                assertThat(m.state()).isEqualTo("DEFERRED");
            });
            gateway.flushLog();
            assertThat(gateway.mailLog().search(MailLogQuery.latest(100).withType(MailEvent.Type.DELIVERED))).isEmpty();
            assertThat(gateway.mailLog().search(MailLogQuery.latest(100).withType(MailEvent.Type.WARNING)))
                    .anyMatch(e -> e.text().startsWith("stopping: interrupting 1 delivery attempt(s)"));
            // still queued: the next start delivers it
            route("slow.test", normal, 5);
            gateway.queue().flush();
            gateway.engine().start();
            await(() -> normal.received().size() == 1);
            await(() -> gateway.queue().list().isEmpty());
        }
    }

    @Test
    void aChangedDestinationConnectionLimitApplies() throws Exception {
        try (TestSmtpServer slow = new TestSmtpServer(HOST, TestSmtpServer.Mode.SLOW_DATA, null, List.of())) {
            open(DeliveryEngine.Schedule.STOP_GRACE).engine().start();
            route("limited.test", slow, 1);
            inject("first@limited.test");
            await(() -> slow.received().size() == 1);
            route("limited.test", slow, 3);
            for (int i = 0; i < 9; i++) {
                inject("user" + i + "@limited.test");
            }
            await(() -> slow.received().size() == 10);
            assertThat(slow.maxConcurrentSessions()).isEqualTo(3);
        }
    }
}

package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.QueuedMessage;

/**
 * Faults: the wall clock jumps. Retry times and the queue lifetime use the delivery engine's clock.
 * A backward jump cannot hold a deferred message for the length of the jump (a deferral further
 * away than the longest back-off is due at once); a forward jump shorter than the queue lifetime
 * only brings retries forward and bounces nothing. The lifetime is measured on the wall clock from
 * arrival (as Postfix's maximal_queue_lifetime), so a forward jump past it expires the message.
 */
class ClockJumpTest {

    /** A clock the test sets. */
    static final class JumpingClock extends Clock {
        volatile Duration offset = Duration.ZERO;

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }

    @TempDir
    Path dir;
    EmbeddedGateway gateway;
    final JumpingClock clock = new JumpingClock();

    @BeforeEach
    void start() {
        gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(50), List.of(Duration.ofHours(1)))));
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        // nothing listens there: every attempt defers
        gateway.destinations().save(new DestinationEntry("example.test", OutboundTls.NONE, DaneSetting.NONE, 5, "127.0.12.7:9", false));
        gateway.deliveryEngine().useClock(clock);
        gateway.engine().start();
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    String inject() {
        return gateway.queue().inject("alice@example.org", List.of("bob@example.test"),
                "Subject: clock\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    QueuedMessage awaitMessage(String id, Predicate<QueuedMessage> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            QueuedMessage m = gateway.queue().list().stream().filter(x -> x.id().equals(id)).findFirst().orElse(null);
            if (m != null && condition.test(m)) {
                return m;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("condition not reached for " + id + ": " + gateway.queue().list());
    }

    int attempts(String id) {
        return gateway.queue().list().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow().attempts();
    }

    @Test
    void aBackwardJumpDoesNotHoldADeferredMessageForTheLengthOfTheJump() throws Exception {
        clock.offset = Duration.ofDays(2); // the clock runs two days ahead...
        String id = inject();
        awaitMessage(id, m -> "DEFERRED".equals(m.state()) && m.attempts() == 1); // ...so the retry is set for 2 days + 1 h
        clock.offset = Duration.ZERO; // corrected: a jump back by two days
        awaitMessage(id, m -> "DEFERRED".equals(m.state()) && m.attempts() == 2); // retried at once, not in two days
        Thread.sleep(500);
        assertThat(attempts(id)).as("then the normal back-off (1 h) holds again").isEqualTo(2);
    }

    @Test
    void aForwardJumpWithinTheQueueLifetimeRetriesAndBouncesNothing() throws Exception {
        String id = inject();
        awaitMessage(id, m -> "DEFERRED".equals(m.state()) && m.attempts() == 1);
        clock.offset = Duration.ofHours(119); // the lifetime is 120 h
        awaitMessage(id, m -> "DEFERRED".equals(m.state()) && m.attempts() == 2);
        Thread.sleep(300);
        assertThat(attempts(id)).isEqualTo(2);
        gateway.flushLog();
        assertThat(gateway.mailLog().search(MailLogQuery.latest(100).withType(MailEvent.Type.BOUNCED))).isEmpty();
        // decided: the lifetime is wall-clock time since arrival, so a jump past it expires the message
        clock.offset = Duration.ofHours(121);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (gateway.queue().list().stream().anyMatch(m -> m.id().equals(id)) && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        gateway.flushLog();
        assertThat(gateway.mailLog().search(MailLogQuery.latest(100).withType(MailEvent.Type.BOUNCED)))
                .anyMatch(e -> id.equals(e.messageId()));
    }
}

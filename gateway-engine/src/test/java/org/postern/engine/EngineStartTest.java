package org.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PosternException;
import org.postern.engine.delivery.DeliveryEngine;
import org.postern.engine.testsupport.TestSmtpServer;

/** Starting the engine: a failed start leaves nothing held, and unreadable queue files do not block it. */
class EngineStartTest {

    @TempDir
    Path dir;
    EmbeddedGateway gateway;
    TestSmtpServer server;

    @BeforeEach
    void open() throws Exception {
        server = new TestSmtpServer("127.0.8.2", TestSmtpServer.Mode.NO_STARTTLS, null, List.of());
        gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(50), List.of(Duration.ofHours(1)))));
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        gateway.destinations().save(new DestinationEntry("example.test", OutboundTls.NONE, DaneSetting.NONE, 5,
                "127.0.8.2:" + server.port(), false));
    }

    @AfterEach
    void close() throws Exception {
        gateway.close();
        server.close();
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

    String inject() {
        return gateway.queue().inject("sender@example.org", List.of("bob@example.test"),
                "Subject: s\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void aFailedStartReleasesTheLockAndAStartAfterTheCauseIsGoneWorks() throws Exception {
        // recovery fails after the lock is taken: tmp/ holds something it cannot remove
        Path obstacle = dir.resolve("queue/tmp/leftover/inner");
        Files.createDirectories(obstacle);
        assertThatThrownBy(() -> gateway.engine().start()).isInstanceOf(PosternException.class)
                .hasMessageContaining("cannot clean the queue's tmp directory");
        assertThat(gateway.engine().running()).isFalse();
        // the lock is free: another engine on this directory could take it
        try (var ch = java.nio.channels.FileChannel.open(dir.resolve("engine.lock"), java.nio.file.StandardOpenOption.WRITE);
             var lock = ch.tryLock()) {
            assertThat(lock).isNotNull();
        }
        Files.delete(obstacle);
        inject();
        gateway.engine().start();
        assertThat(gateway.engine().running()).isTrue();
        await(() -> server.received().size() == 1);
    }

    @Test
    void anUnreadableQueueFileIsQuarantinedLoggedListedAndTheEngineStarts() throws Exception {
        String good = inject();
        Path bad = dir.resolve("queue/messages/0000000000000000001");
        Files.writeString(bad, "this is not a queue file\n\nat all\n");
        Path notAnId = dir.resolve("queue/messages/stray.txt");
        Files.writeString(notAnId, "x");
        gateway.engine().start();
        assertThat(gateway.engine().running()).isTrue();
        await(() -> server.received().size() == 1); // the good message is delivered
        assertThat(bad).doesNotExist();
        assertThat(notAnId).doesNotExist();
        assertThat(dir.resolve("queue/quarantine/0000000000000000001")).hasContent("this is not a queue file\n\nat all\n");
        assertThat(gateway.queue().quarantined()).extracting(q -> q.name())
                .containsExactlyInAnyOrder("0000000000000000001", "stray.txt");
        assertThat(gateway.queue().quarantined()).anySatisfy(q -> {
            assertThat(q.name()).isEqualTo("0000000000000000001");
            assertThat(q.reason()).contains("is not a Postern queue file");
            assertThat(q.size()).isEqualTo(33);
        });
        gateway.flushLog();
        assertThat(gateway.mailLog().search(MailLogQuery.latest(100).withType(MailEvent.Type.WARNING)))
                .anyMatch(e -> e.text().startsWith("recovery: unreadable queue file moved to queue/quarantine/0000000000000000001"));
        await(() -> gateway.queue().list().stream().noneMatch(m -> m.id().equals(good)));
    }
}

package org.postern.engine.log;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.config.Database;

/** The mail log's writer stays independent of its subscribers, and its memory is bounded. */
class MailLogTest {

    @TempDir
    Path dir;
    Database db;
    MailLog log;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("postern.db"));
    }

    @AfterEach
    void close() {
        log.close();
        db.close();
    }

    int stored() {
        return log.search(MailLogQuery.latest(100_000)).size();
    }

    @Test
    void aSubscriberThatBlocksDoesNotHoldTheWriter() throws Exception {
        log = new MailLog(db, new TextLog(dir.resolve("logs"), 1 << 20, 2));
        CountDownLatch called = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        try (AutoCloseable r = release::countDown; AutoCloseable s = log.subscribe(events -> {
            called.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        })) {
            log.log(MailEvent.of(MailEvent.Type.QUEUE, "first"));
            assertThat(called.await(5, TimeUnit.SECONDS)).isTrue(); // the subscriber now blocks
            for (int i = 0; i < 10; i++) {
                log.log(MailEvent.of(MailEvent.Type.QUEUE, "more " + i));
            }
            long t0 = System.nanoTime();
            log.flush();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
            assertThat(stored()).isEqualTo(11);
            release.countDown();
        }
    }

    @Test
    void eventsBeyondTheCapacityAreDroppedCountedAndReported() throws Exception {
        log = new MailLog(db, new TextLog(dir.resolve("logs"), 1 << 20, 2), 100);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        // the database is busy: the writer waits for it while events keep coming
        Thread busy = Thread.ofPlatform().start(() -> db.transaction(tx -> {
            holding.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return null;
        }));
        holding.await();
        long dropped;
        try {
            for (int i = 0; i < 2000; i++) {
                log.log(MailEvent.of(MailEvent.Type.QUEUE, "flood " + i));
            }
            dropped = log.dropped();
        } finally {
            release.countDown();
            busy.join();
        }
        assertThat(dropped).isGreaterThanOrEqualTo(2000 - 100 - 501); // at most the capacity plus one batch were taken
        log.flush();
        Thread.sleep(200);
        log.flush();
        List<MailEvent> all = log.search(MailLogQuery.latest(100_000));
        assertThat(all.stream().filter(e -> e.text().startsWith("flood ")).count()).isEqualTo(2000 - dropped);
        // every drop is reported in the log itself
        long reported = all.stream().filter(e -> e.type() == MailEvent.Type.WARNING && e.text().startsWith("mail log: "))
                .peek(e -> assertThat(e.text()).contains(" event(s) dropped because the log writer fell behind ("))
                .mapToLong(e -> Long.parseLong(e.text().substring("mail log: ".length()).split(" ")[0])).sum();
        assertThat(reported).isEqualTo(dropped);
    }
}

package org.postern.engine.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.config.Database;

/** The queue index against a real SQLite file, with failures injected by SQLite triggers. */
class SpoolIndexTest {

    @TempDir
    Path dir;
    Database db;
    Spool spool;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("postern.db"));
        spool = new Spool(dir.resolve("queue"), db);
    }

    @AfterEach
    void close() {
        spool.close();
        db.close();
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

    String receive() throws Exception {
        try (Spool.Draft d = spool.begin(new Envelope("a@example.org", List.of("b@example.test"), Instant.now(), "l", "c"))) {
            d.content().write("Subject: x\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII));
            return d.commit(); // acknowledged from here on
        }
    }

    boolean due(String id) {
        return spool.due(Instant.now(), 100).stream().map(QueuedMessage::id).anyMatch(id::equals);
    }

    @Test
    void aFailedIndexBatchIsReportedAndRetriedUntilTheMessageIsDue() throws Exception {
        List<String> reports = new CopyOnWriteArrayList<>();
        spool.onIndexTrouble(reports::add);
        db.update("CREATE TRIGGER fail_index BEFORE INSERT ON queue BEGIN SELECT RAISE(ABORT, 'injected index failure'); END");
        String id = receive();
        await(() -> !spool.health().indexHealthy());
        assertThat(spool.health().waitingForIndex()).isEqualTo(1);
        assertThat(spool.health().lastError()).contains("injected index failure");
        assertThat(reports).singleElement().asString()
                .startsWith("queue index write failed, 1 accepted message(s) wait for delivery; retrying:")
                .contains("injected index failure");
        assertThat(due(id)).isFalse();
        Thread.sleep(500); // several retries, still one report
        assertThat(reports).hasSize(1);
        db.update("DROP TRIGGER fail_index");
        // no restart needed: the retry indexes it and delivery sees it
        await(() -> due(id));
        await(() -> spool.health().indexHealthy());
        assertThat(spool.health().lastError()).isNull();
        assertThat(reports).hasSize(2);
        assertThat(reports.get(1)).startsWith("queue index write succeeded again");
    }

    @Test
    void deleteRemovesTheFileBeforeTheRowSoACrashInBetweenCannotResurrectTheMessage() throws Exception {
        String id = receive();
        await(() -> due(id));
        // the row step fails (as if the process died right before it)
        db.update("CREATE TRIGGER fail_delete BEFORE DELETE ON queue BEGIN SELECT RAISE(ABORT, 'cut short'); END");
        assertThatThrownBy(() -> spool.delete(id)).hasMessageContaining("cut short");
        assertThat(dir.resolve("queue/messages/" + id)).doesNotExist(); // the file went first
        db.update("DROP TRIGGER fail_delete");
        // the next start: a row without a file is dropped, nothing comes back
        spool.recover();
        assertThat(spool.list()).isEmpty();
        assertThat(due(id)).isFalse();
    }

    @Test
    void recoveryQueuesAFileWhoseRowWasNeverWritten() throws Exception {
        db.update("CREATE TRIGGER fail_index BEFORE INSERT ON queue BEGIN SELECT RAISE(ABORT, 'not yet'); END");
        String id = receive();
        await(() -> !spool.health().indexHealthy());
        spool.close(); // the process ends with the row unwritten
        db.update("DROP TRIGGER fail_index");
        spool = new Spool(dir.resolve("queue"), db);
        assertThat(spool.recover().reindexed()).isEqualTo(1);
        assertThat(due(id)).isTrue();
        assertThat(Files.exists(dir.resolve("queue/messages/" + id))).isTrue();
    }
}

package org.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.cli.PosternCli;

/**
 * Faults: the SQLite database is corrupt or locked by another process when the engine starts. The
 * start fails with an error naming the file, and the file is never reset, recreated or rewritten.
 */
class DatabaseFaultTest {

    @TempDir
    Path data;

    Path db() {
        return data.resolve(EmbeddedGateway.DATABASE_FILE);
    }

    /** A data directory with a real database holding one saved destination. */
    void populate() {
        try (EmbeddedGateway g = EmbeddedGateway.open(data)) {
            g.destinations().save(new DestinationEntry("kept.example", OutboundTls.REQUIRED, DaneSetting.NONE, 5, null, false));
        }
    }

    static byte[] garbage(int n, long seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    void assertStartFailsNamingTheFileAndLeavesItUnchanged(byte[] before) throws Exception {
        assertThatThrownBy(() -> EmbeddedGateway.open(data).close())
                .hasMessageContaining(db().toString());
        assertThat(Files.readAllBytes(db())).as("the database file is not reset or rewritten").isEqualTo(before);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = PosternCli.run(new PrintWriter(out, true), new PrintWriter(err, true), "--data-dir", data.toString(), "print");
        assertThat(exit).isNotZero();
        assertThat(err.toString()).contains(db().toString());
        assertThat(Files.readAllBytes(db())).isEqualTo(before);
    }

    @Test
    void aDatabaseFileOfGarbageFailsTheStartNamingTheFileAndIsNotReset() throws Exception {
        Files.createDirectories(data);
        byte[] before = garbage(64 * 1024, 1);
        Files.write(db(), before);
        assertStartFailsNamingTheFileAndLeavesItUnchanged(before);
        assertThatThrownBy(() -> EmbeddedGateway.open(data)).hasMessageContaining("not a database");
    }

    @Test
    void aDatabaseWithDamagedPagesFailsTheStartAndIsNotReset() throws Exception {
        populate();
        byte[] before = Files.readAllBytes(db());
        assertThat(before.length).isGreaterThan(8192);
        // keep the 100-byte header (still "SQLite format 3"), overwrite the rest of the first page and all others
        byte[] junk = garbage(before.length - 100, 2);
        System.arraycopy(junk, 0, before, 100, junk.length);
        Files.write(db(), before);
        assertStartFailsNamingTheFileAndLeavesItUnchanged(before);
    }

    @Test
    void aDatabaseLockedByAnotherConnectionFailsTheStartWithinTheBusyTimeoutAndIsNotReset() throws Exception {
        populate();
        try (Connection other = DriverManager.getConnection("jdbc:sqlite:" + db().toAbsolutePath());
             Statement s = other.createStatement()) {
            s.execute("PRAGMA locking_mode=EXCLUSIVE");
            s.execute("BEGIN EXCLUSIVE");
            s.execute("UPDATE destinations SET max_connections = max_connections");
            byte[] before = Files.readAllBytes(db());
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> EmbeddedGateway.open(data).close())
                    .hasMessageContaining(db().toString())
                    .hasMessageContaining("locked");
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            assertThat(waited).as("a bounded wait").isLessThan(Duration.ofSeconds(15));
            assertThat(Files.readAllBytes(db())).isEqualTo(before);
            s.execute("ROLLBACK");
        }
        try (EmbeddedGateway g = EmbeddedGateway.open(data)) {
            assertThat(g.destinations().list()).anyMatch(d -> d.domain().equals("kept.example"));
        }
    }
}

package org.postern.engine.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;

/** {@code logs/} and {@code queue/} are owner-only (0700 directories, 0600 files), like the key files. */
class DataDirectoryPermissionsTest {

    @TempDir
    Path dir;

    private static String mode(Path p) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }

    @Test
    void aNewDataDirectoryHasOwnerOnlyLogsAndQueue() throws Exception {
        Path data = dir.resolve("data");
        try (EmbeddedGateway g = EmbeddedGateway.open(data)) {
            g.flushLog();
        }
        assertOwnerOnly(data.resolve("logs"));
        assertOwnerOnly(data.resolve("queue"));
        assertThat(data.resolve("logs/mail.log")).exists();
    }

    @Test
    void aQueuedMessageFileIsOwnerOnly() throws Exception {
        Path data = dir.resolve("data");
        try (EmbeddedGateway g = EmbeddedGateway.open(data)) {
            String id = g.queue().inject("root@localhost", java.util.List.of("user@example.net"),
                    "Subject: t\r\n\r\nbody\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            try (Stream<Path> files = Files.walk(data.resolve("queue"))) {
                assertThat(files.filter(Files::isRegularFile).filter(p -> p.getFileName().toString().equals(id)).toList())
                        .singleElement().satisfies(p -> assertThat(mode(p)).isEqualTo("rw-------"));
            }
        }
    }

    @Test
    void anExistingDataDirectoryIsRestrictedAtStart() throws Exception {
        Path data = dir.resolve("data");
        Path logs = Files.createDirectories(data.resolve("logs"));
        Path queueTmp = Files.createDirectories(data.resolve("queue/tmp"));
        Files.writeString(logs.resolve("mail.log"), "2026-01-01T00:00:00Z STARTED earlier\n");
        Files.writeString(logs.resolve("mail.log.1"), "2025-12-31T00:00:00Z STARTED earlier\n");
        for (Path p : new Path[] {data.resolve("logs"), data.resolve("queue"), queueTmp}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        for (Path p : new Path[] {logs.resolve("mail.log"), logs.resolve("mail.log.1")}) {
            Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-r--r--"));
        }
        try (EmbeddedGateway g = EmbeddedGateway.open(data)) {
            g.flushLog();
        }
        assertOwnerOnly(data.resolve("logs"));
        assertOwnerOnly(data.resolve("queue"));
        assertThat(Files.readString(logs.resolve("mail.log"))).startsWith("2026-01-01T00:00:00Z STARTED earlier");
    }

    private static void assertOwnerOnly(Path tree) throws Exception {
        assertThat(tree).isDirectory();
        try (Stream<Path> all = Files.walk(tree)) {
            for (Path p : all.toList()) {
                assertThat(mode(p)).as(p.toString()).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
            }
        }
    }
}

package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.MailEvent;
import org.postern.engine.queue.Envelope;

/** Disk trouble is told to the client (451 / 452, RFC 3463) and logged, never taken for a vanished client. */
class StorageFailureTest {

    @TempDir
    Path dir;
    ServerFixture server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    /** A store whose drafts fail like a full disk once {@code limit} content bytes were written. */
    static UnaryOperator<MessageStore> failingAfter(long limit) {
        return real -> new Delegating(real) {
            @Override
            public Draft begin(Envelope envelope) throws IOException {
                Draft d = real.begin(envelope);
                long[] written = {0};
                OutputStream failing = new OutputStream() {
                    @Override
                    public void write(int b) throws IOException {
                        write(new byte[] {(byte) b}, 0, 1);
                    }

                    @Override
                    public void write(byte[] b, int off, int len) throws IOException {
                        if (written[0] + len > limit) {
                            throw new IOException("No space left on device");
                        }
                        written[0] += len;
                        d.content().write(b, off, len);
                    }
                };
                return new Draft() {
                    public String id() { return d.id(); }
                    public OutputStream content() { return failing; }
                    public String commit() throws IOException { return d.commit(); }
                    public void close() { d.close(); }
                };
            }
        };
    }

    /** A store that reports {@code free} bytes of usable space. */
    static UnaryOperator<MessageStore> freeSpace(AtomicLong free) {
        return real -> new Delegating(real) {
            @Override
            public long usableSpace() {
                return free.get();
            }
        };
    }

    static class Delegating implements MessageStore {
        final MessageStore real;

        Delegating(MessageStore real) {
            this.real = real;
        }

        @Override
        public Draft begin(Envelope envelope) throws IOException {
            return real.begin(envelope);
        }

        @Override
        public long usableSpace() throws IOException {
            return real.usableSpace();
        }
    }

    private static void transaction(SmtpClient c) throws IOException {
        c.command("EHLO client.example", "250");
        c.command("MAIL FROM:<a@example.org>", "250");
        c.command("RCPT TO:<b@example.test>", "250");
    }

    private static String body(int bytes) {
        return "Subject: big\r\n\r\n" + ("y".repeat(98) + "\r\n").repeat(bytes / 100) + ".\r\n";
    }

    @Test
    void aSpoolWriteFailureDuringDataAnswers451ConsumesTheDataAndKeepsNothing() throws Exception {
        server = new ServerFixture(dir, ServerFixture.fast(), ServerFixture.listener(ListenerKind.PRIVATE, 10, List.of()),
                failingAfter(4096));
        try (SmtpClient c = server.connect()) {
            transaction(c);
            c.command("DATA", "354");
            c.raw(body(300_000));
            c.expect("451 4.3.0");
            // the rest of the data was read as data, not as commands: the session is in step
            c.command("NOOP", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
        }
        assertThat(server.tmpFiles()).isEmpty();
        assertThat(server.spool.list()).isEmpty();
        assertThat(server.events(MailEvent.Type.MESSAGE_REJECTED))
                .anyMatch(e -> e.text().contains("cannot store the message") && e.text().contains("No space left on device"));
    }

    @Test
    void aQueueFileThatCannotBeCreatedAnswers451BeforeData() throws Exception {
        server = new ServerFixture(dir, ServerFixture.fast(), ServerFixture.listener(ListenerKind.PRIVATE, 10, List.of()),
                real -> new Delegating(real) {
                    @Override
                    public Draft begin(Envelope envelope) throws IOException {
                        throw new IOException("Read-only file system");
                    }
                });
        try (SmtpClient c = server.connect()) {
            transaction(c);
            c.command("DATA", "451 4.3.0");
            c.command("NOOP", "250");
        }
        assertThat(server.events(MailEvent.Type.MESSAGE_REJECTED)).anyMatch(e -> e.text().contains("Read-only file system"));
    }

    @Test
    void aDeclaredSizeBeyondTheFreeSpaceGets452AtMailFrom() throws Exception {
        AtomicLong free = new AtomicLong(1024 * 1024);
        server = new ServerFixture(dir, ServerFixture.fast(), ServerFixture.listener(ListenerKind.PRIVATE, 10, List.of()),
                freeSpace(free));
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org> SIZE=3145728", "452 4.3.1 Insufficient system storage");
            c.command("MAIL FROM:<a@example.org> SIZE=1000", "250");
            c.command("RCPT TO:<b@example.test>", "250");
        }
        assertThat(server.events(MailEvent.Type.WARNING)).anyMatch(e -> e.text().contains("free"));
    }

    @Test
    void freeSpaceBelowTheMarginGets452AtRcptAndData() throws Exception {
        AtomicLong free = new AtomicLong(10 * 1024 * 1024);
        server = new ServerFixture(dir, ServerFixture.fast().withMinFreeSpace(1024 * 1024),
                ServerFixture.listener(ListenerKind.PRIVATE, 10, List.of()), freeSpace(free));
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            free.set(512 * 1024);
            c.command("RCPT TO:<b@example.test>", "452 4.3.1 Insufficient system storage");
            free.set(10 * 1024 * 1024);
            c.command("RCPT TO:<b@example.test>", "250");
            free.set(512 * 1024);
            c.command("DATA", "452 4.3.1 Insufficient system storage");
            c.command("NOOP", "250");
        }
        assertThat(server.tmpFiles()).isEmpty();
    }

    @Test
    void anUnexpectedExceptionInACommandIsAnsweredAndLogged() throws Exception {
        server = new ServerFixture(dir, ServerFixture.fast(), ServerFixture.listener(ListenerKind.PRIVATE, 10, List.of()),
                real -> new Delegating(real) {
                    @Override
                    public long usableSpace() {
                        throw new IllegalStateException("file store went away");
                    }
                });
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "421 4.3.0");
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.events(MailEvent.Type.WARNING))
                .anyMatch(e -> e.text().contains("IllegalStateException") && e.text().contains("file store went away"));
    }

    /**
     * The reported failure, for real: a 3 MB message to a queue on a full 1 MB file system. Needs
     * root to mount a tmpfs; skipped otherwise.
     */
    @Test
    void aThreeMegabyteMessageToAFullFileSystem() throws Exception {
        Path queue = Files.createDirectories(dir.resolve("queue"));
        assumeTrue("root".equals(System.getProperty("user.name")), "needs root to mount a tmpfs");
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", queue.toString())
                .redirectErrorStream(true).start();
        assumeTrue(mount.waitFor() == 0, "cannot mount a tmpfs here");
        try {
            server = new ServerFixture(dir, ServerFixture.fast());
            String message = body(3 * 1024 * 1024);
            try (SmtpClient c = server.connect()) {
                c.command("EHLO client.example", "250");
                // declared: refused before any data is sent
                c.command("MAIL FROM:<a@example.org> SIZE=" + message.length(), "452 4.3.1");
                // undeclared: the disk fills during DATA
                c.command("MAIL FROM:<a@example.org>", "250");
                c.command("RCPT TO:<b@example.test>", "250");
                c.command("DATA", "354");
                c.raw(message);
                c.expect("451 4.3.0");
                c.command("NOOP", "250");
            }
            assertThat(server.tmpFiles()).isEmpty();
            assertThat(server.spool.list()).isEmpty();
            assertThat(server.events(MailEvent.Type.MESSAGE_REJECTED))
                    .anyMatch(e -> e.text().contains("No space left on device"));
        } finally {
            if (server != null) {
                server.close();
                server = null;
            }
            new ProcessBuilder("umount", queue.toString()).inheritIO().start().waitFor();
        }
    }
}

package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;

/**
 * Floods against a real engine listener on loopback: bounded time and bounded memory, with the
 * figures printed ("flood: ...") so they can be recorded.
 */
class FloodTest {

    static final String SERVER = "127.0.11.1";
    static final List<String> CLIENTS = List.of("127.0.11.2", "127.0.11.3", "127.0.11.4", "127.0.11.5");
    static final long MB = 1024 * 1024;

    @TempDir
    Path dir;
    EngineFixture engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    EngineFixture start(SmtpSettings settings, ListenerKind kind, int maxConnections, InboundTls tls, long maxSize,
                        int maxRecipients) throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName(SERVER))) {
            port = s.getLocalPort();
        }
        ListenerSpec spec = new ListenerSpec("Flood", kind, SERVER, port, "example.test", List.of("example.test"),
                maxConnections, 50, null, List.of(),
                List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, tls, maxSize, maxRecipients),
                        MailFlowPolicy.of("RELAYED", PolicyAction.RELAY, InboundTls.NO)),
                "ACCEPTED");
        engine = new EngineFixture(dir, settings, spec);
        return engine;
    }

    SmtpClient client(int i) throws IOException {
        return new SmtpClient(SERVER, engine.port, CLIENTS.get(i % CLIENTS.size()));
    }

    int active() {
        return engine.gateway.listenerRuntime().status().getFirst().activeConnections();
    }

    void awaitActive(int n, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (active() != n && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertThat(active()).as("active sessions").isEqualTo(n);
    }

    /** Heap in use after a full collection (several, until the figure settles). */
    static long heapAfterGc() throws InterruptedException {
        var memory = ManagementFactory.getMemoryMXBean();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(50);
            used = Math.min(used, memory.getHeapMemoryUsage().getUsed());
        }
        return used;
    }

    static int threads() {
        return ManagementFactory.getThreadMXBean().getThreadCount();
    }

    static void deliver(SmtpClient c, String subject) throws IOException {
        c.command("EHLO client.example", "250");
        c.command("MAIL FROM:<a@example.org>", "250");
        c.command("RCPT TO:<b@example.test>", "250");
        c.command("DATA", "354");
        c.raw("Subject: " + subject + "\r\n\r\nbody\r\n.\r\n");
        c.expect("250 2.0.0");
    }

    @Test
    void connectionsBeyondTheListenerLimitGet421AndTheEngineKeepsServing() throws Exception {
        start(EngineFixture.FAST.withMinFreeSpace(0), ListenerKind.PRIVATE, 50, InboundTls.NO, 64 * 1024, 100);
        List<SmtpClient> holders = new ArrayList<>();
        try {
            for (int i = 0; i < 50; i++) {
                SmtpClient c = client(i);
                holders.add(c);
                c.expect("220 ");
            }
            long t0 = System.nanoTime();
            int refused = 0;
            for (int i = 0; i < 1000; i++) {
                try (SmtpClient c = client(i)) {
                    assertThat(c.expect("421 4.7.0 ")).contains("Error: too many connections");
                    assertThat(c.closedByServer()).isTrue();
                    refused++;
                }
            }
            Duration flood = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("flood: 1000 connections beyond a full listener of 50 refused with 421 in " + flood.toMillis() + " ms");
            assertThat(refused).isEqualTo(1000);
            assertThat(flood).isLessThan(Duration.ofSeconds(20));
            assertThat(active()).isEqualTo(50);
            // the sessions holding the slots are still served
            holders.getFirst().command("NOOP", "250");
        } finally {
            for (SmtpClient c : holders) {
                c.close();
            }
        }
        awaitActive(0, Duration.ofSeconds(5));
        try (SmtpClient c = client(0)) {
            c.expect("220 ");
            deliver(c, "after the flood");
        }
        assertThat(engine.awaitQueue(1)).hasSize(1);
    }

    @Test
    void threeThousandIdleConnectionsAreHeldCheaplyAndClosedByTheCommandTimeout() throws Exception {
        int n = 3000;
        long fds = ((com.sun.management.UnixOperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getMaxFileDescriptorCount();
        assumeTrue(fds >= 2L * n + 1000, "needs " + (2 * n + 1000) + " file descriptors (client and server side of "
                + n + " sockets); the limit is " + fds + ": raise it with ulimit -n");
        Duration timeout = Duration.ofSeconds(10);
        start(EngineFixture.FAST.withMinFreeSpace(0).withTimeouts(timeout, Duration.ofSeconds(3), Duration.ofSeconds(2))
                        .withClientLimits(n, 10 * n, Duration.ofMinutes(1)),
                ListenerKind.PUBLIC, n + 10, InboundTls.NO, 64 * 1024, 100);
        long heapBefore = heapAfterGc();
        int threadsBefore = threads();
        List<SmtpClient> idle = new ArrayList<>(n);
        long t0 = System.nanoTime();
        try {
            for (int i = 0; i < n; i++) {
                SmtpClient c = client(i);
                idle.add(c);
                c.socket().setSoTimeout((int) timeout.multipliedBy(2).toMillis());
                c.expect("220 ");
            }
            long opened = System.nanoTime();
            System.out.println("flood: " + n + " connections opened and greeted in " + (opened - t0) / 1_000_000 + " ms");
            assertThat(Duration.ofNanos(opened - t0)).as("time to open and greet all").isLessThan(timeout);
            assertThat(active()).isEqualTo(n);
            long heapDuring = heapAfterGc();
            int threadsDuring = threads();
            // the engine still answers a new client while they are all held
            try (SmtpClient c = client(0)) {
                c.expect("220 ");
                deliver(c, "while flooded");
            }
            System.out.println("flood: heap " + heapBefore / 1024 + " KiB before, " + heapDuring / 1024 + " KiB with " + n
                    + " idle sessions (" + (heapDuring - heapBefore) / n + " B each, client side included); platform threads "
                    + threadsBefore + " before, " + threadsDuring + " during");
            // a session is a virtual thread and its buffers (16 KiB in, 8 KiB out): about 31 KiB each
            // measured, client sockets included; a buffer of 64 KiB or a thread stack per session fails this
            assertThat((heapDuring - heapBefore) / n).as("heap per idle session").isLessThan(48L * 1024);
            assertThat(threadsDuring - threadsBefore).as("platform threads added").isLessThan(20);
            // all are closed by the command timeout, counted from their greeting
            for (SmtpClient c : idle) {
                assertThat(c.expect("421 4.4.2 ")).contains("Error: timeout exceeded");
                assertThat(c.closedByServer()).isTrue();
            }
            long closed = System.nanoTime();
            System.out.println("flood: last idle session closed " + (closed - opened) / 1_000_000 + " ms after the last was opened"
                    + " (command timeout " + timeout.toMillis() + " ms)");
            assertThat(Duration.ofNanos(closed - t0)).isLessThan(timeout.plus(Duration.ofNanos(opened - t0)).plusSeconds(5));
        } finally {
            for (SmtpClient c : idle) {
                c.close();
            }
        }
        awaitActive(0, Duration.ofSeconds(5));
        idle.clear();
        long heapAfter = heapAfterGc();
        int threadsAfter = threads();
        System.out.println("flood: after the idle flood heap " + heapAfter / 1024 + " KiB, platform threads " + threadsAfter);
        assertThat(heapAfter - heapBefore).as("heap kept after the flood").isLessThan(16L * MB);
        assertThat(threadsAfter - threadsBefore).isLessThan(10);
    }

    @Test
    void aStartTlsHandshakeThatNeverCompletesIsClosedWithinTheHandshakeTimeout() throws Exception {
        Duration handshake = Duration.ofSeconds(1);
        start(EngineFixture.FAST.withMinFreeSpace(0).withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), handshake),
                ListenerKind.PRIVATE, 500, InboundTls.PREFERRED, 64 * 1024, 100);
        // one connection first, so the TLS context and its key are loaded before measuring
        try (SmtpClient c = client(0)) {
            c.expect("220 ");
            c.command("EHLO client.example", "250");
            c.command("STARTTLS", "220");
            c.startTls();
            deliver(c, "warm-up");
        }
        awaitActive(0, Duration.ofSeconds(5));
        long heapBefore = heapAfterGc();
        int threadsBefore = threads();
        int n = 200;
        List<SmtpClient> stalled = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                SmtpClient c = client(i);
                stalled.add(c);
                c.expect("220 ");
                c.command("EHLO client.example", "250");
                c.command("STARTTLS", "220");
                if (i % 2 == 0) {
                    // half send the start of a ClientHello and no more; half send nothing
                    c.bytes(new byte[] {0x16, 0x03, 0x01, 0x00, 0x40, 0x01, 0x00, 0x00, 0x3c, 0x03, 0x03});
                }
            }
            long t0 = System.nanoTime();
            for (SmtpClient c : stalled) {
                assertThat(c.closedByServer()).as("closed without a reply after 220 to STARTTLS").isTrue();
            }
            Duration waited = Duration.ofNanos(System.nanoTime() - t0);
            System.out.println("flood: " + n + " stalled STARTTLS handshakes all closed " + waited.toMillis()
                    + " ms after the last began (handshake timeout " + handshake.toMillis() + " ms)");
            assertThat(waited).isLessThan(handshake.plusSeconds(3));
        } finally {
            for (SmtpClient c : stalled) {
                c.close();
            }
        }
        awaitActive(0, Duration.ofSeconds(5));
        stalled.clear();
        long heapAfter = heapAfterGc();
        System.out.println("flood: heap " + heapBefore / 1024 + " KiB before, " + heapAfter / 1024
                + " KiB after the stalled handshakes; platform threads " + threadsBefore + " -> " + threads());
        assertThat(heapAfter - heapBefore).as("heap kept after the stalled handshakes").isLessThan(8L * MB);
        assertThat(threads() - threadsBefore).isLessThan(10);
        try (SmtpClient c = client(1)) {
            c.expect("220 ");
            c.command("EHLO client.example", "250");
            c.command("STARTTLS", "220");
            c.startTls();
            deliver(c, "after the stalled handshakes");
        }
    }

    @Test
    void aHandshakeDribbledByteByByteIsStillClosedAtTheHandshakeTimeout() throws Exception {
        Duration handshake = Duration.ofSeconds(1);
        start(EngineFixture.FAST.withMinFreeSpace(0).withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(30), handshake),
                ListenerKind.PRIVATE, 10, InboundTls.PREFERRED, 64 * 1024, 100);
        try (SmtpClient c = client(0)) {
            c.expect("220 ");
            c.command("EHLO client.example", "250");
            c.command("STARTTLS", "220");
            long t0 = System.nanoTime();
            // a ClientHello record header promising 16 KiB, then one byte every 300 ms: each read
            // succeeds well within the timeout, the handshake never ends
            c.bytes(new byte[] {0x16, 0x03, 0x01, 0x40, 0x00, 0x01, 0x00, 0x3f, (byte) 0xfc, 0x03, 0x03});
            Thread writer = SlowClientTest.dribble(c, Duration.ofMillis(300));
            assertThat(c.closedByServer()).isTrue();
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            writer.interrupt();
            System.out.println("flood: a handshake dribbled a byte every 300 ms closed after " + took.toMillis()
                    + " ms (handshake timeout " + handshake.toMillis() + " ms)");
            assertThat(took).isLessThan(handshake.plusSeconds(2));
        }
        awaitActive(0, Duration.ofSeconds(5));
    }

    @Test
    void tenThousandRecipientsInOneTransactionAreBounded() throws Exception {
        start(EngineFixture.FAST.withMinFreeSpace(0), ListenerKind.PRIVATE, 10, InboundTls.NO, 64 * 1024, 1000);
        int n = 10_000;
        try (SmtpClient c = client(0)) {
            c.expect("220 ");
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            long t0 = System.nanoTime();
            // pipelined by a writer of its own; the server may hang up before all are sent
            Thread writer = Thread.ofVirtual().start(() -> {
                try {
                    OutputStream out = c.socket().getOutputStream();
                    StringBuilder batch = new StringBuilder();
                    for (int i = 0; i < n; i++) {
                        batch.append("RCPT TO:<r").append(i).append("@example.test>\r\n");
                        if (batch.length() > 8192) {
                            out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                            batch.setLength(0);
                        }
                    }
                    out.write(batch.toString().getBytes(StandardCharsets.US_ASCII));
                    out.flush();
                } catch (IOException e) {
                    // the server closed after its 421
                }
            });
            int accepted = 0;
            int tooMany = 0;
            String last;
            while (true) {
                last = c.reply();
                if (last == null || !last.startsWith("250") && !last.startsWith("452 4.5.3")) {
                    break;
                }
                if (last.startsWith("250")) {
                    assertThat(tooMany).as("no 250 after the first 452").isZero();
                    accepted++;
                } else {
                    tooMany++;
                }
            }
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            writer.join(5_000);
            System.out.println("flood: " + n + " pipelined RCPT: " + accepted + " x 250, " + tooMany
                    + " x 452 4.5.3, then " + (last == null ? "EOF" : last.strip()) + " after " + took.toMillis() + " ms");
            assertThat(accepted).isEqualTo(1000);
            assertThat(tooMany).isEqualTo(1000 + 20);
            assertThat(last).startsWith("421 4.7.0");
            assertThat(c.closedByServer()).isTrue();
            assertThat(took).isLessThan(Duration.ofSeconds(15));
        }
        awaitActive(0, Duration.ofSeconds(5));
        try (SmtpClient c = client(1)) {
            c.expect("220 ");
            deliver(c, "after the recipient flood");
        }
        assertThat(engine.awaitQueue(1)).hasSize(1);
    }

    /** Writes {@code size} octets of 76-character lines, without the final dot. */
    static void body(SmtpClient c, long size) throws IOException {
        OutputStream out = new java.io.BufferedOutputStream(c.socket().getOutputStream(), 64 * 1024);
        out.write("Subject: big\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        byte[] line = new byte[78];
        Arrays.fill(line, (byte) 'x');
        line[76] = '\r';
        line[77] = '\n';
        for (long sent = 0; sent < size; sent += line.length) {
            out.write(line);
        }
        out.flush();
    }

    @Test
    void aFiftyMegabyteMessageStreamsToTheSpool() throws Exception {
        start(EngineFixture.FAST.withMinFreeSpace(0).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2))
                        .withSessionLimits(Duration.ofMinutes(5), 100, Duration.ofSeconds(30)),
                ListenerKind.PRIVATE, 10, InboundTls.NO, 64 * MB, 100);
        long size = 50 * MB;
        try (SmtpClient c = client(0)) {
            c.expect("220 ");
            deliver(c, "warm-up");
            long heapBefore = heapAfterGc();
            c.command("MAIL FROM:<a@example.org> SIZE=" + (size + 1024), "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            long t0 = System.nanoTime();
            body(c, size);
            // all 50 MB are with the server, and the final dot is not: whatever it holds now is live
            Thread.sleep(500);
            long heapInData = heapAfterGc();
            c.raw(".\r\n");
            c.expect("250 2.0.0");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            long heapAfter = heapAfterGc();
            System.out.println("flood: 50 MiB message accepted in " + took.toMillis() + " ms; heap " + heapBefore / 1024
                    + " KiB before, " + heapInData / 1024 + " KiB with the data sent and the dot not, "
                    + heapAfter / 1024 + " KiB after");
            assertThat(heapInData - heapBefore).as("heap held during DATA").isLessThan(8 * MB);
            assertThat(heapAfter - heapBefore).as("heap held after DATA").isLessThan(8 * MB);
            assertThat(took).isLessThan(Duration.ofSeconds(30));
        }
        var queued = engine.awaitQueue(2);
        assertThat(queued).hasSize(2).anyMatch(m -> m.size() > size);
    }

    @Test
    void aFiftyMegabyteMessageOverTheLimitGets552AndKeepsNothing() throws Exception {
        start(EngineFixture.FAST.withMinFreeSpace(0).withTimeouts(Duration.ofSeconds(10), Duration.ofSeconds(10), Duration.ofSeconds(2))
                        .withSessionLimits(Duration.ofMinutes(5), 100, Duration.ofSeconds(30)),
                ListenerKind.PRIVATE, 10, InboundTls.NO, 20 * MB, 100);
        long size = 50 * MB;
        try (SmtpClient c = client(0)) {
            c.expect("220 ");
            c.command("EHLO client.example", "250");
            long heapBefore = heapAfterGc();
            // no SIZE declared: the limit is found while reading
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            long t0 = System.nanoTime();
            body(c, size);
            Thread.sleep(500);
            long heapInData = heapAfterGc();
            c.raw(".\r\n");
            c.expect("552 ");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);
            long heapAfter = heapAfterGc();
            System.out.println("flood: 50 MiB message over a 20 MiB limit refused with 552 in " + took.toMillis()
                    + " ms; heap " + heapBefore / 1024 + " KiB before, " + heapInData / 1024
                    + " KiB with the data sent and the dot not, " + heapAfter / 1024 + " KiB after");
            assertThat(heapInData - heapBefore).as("heap held during DATA").isLessThan(8 * MB);
            assertThat(heapAfter - heapBefore).as("heap held after DATA").isLessThan(8 * MB);
            c.command("NOOP", "250");
        }
        assertThat(engine.gateway.queue().list()).isEmpty();
        try (var tmp = java.nio.file.Files.list(dir.resolve("queue").resolve("tmp"))) {
            assertThat(tmp.toList()).isEmpty();
        }
    }
}

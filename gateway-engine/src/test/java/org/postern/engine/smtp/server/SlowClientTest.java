package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.MailEvent;

/** Slow clients are closed within a bound: data timeout, minimum data rate, command line time, session deadline. */
class SlowClientTest {

    @TempDir
    Path dir;
    ServerFixture server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    ServerFixture start(SmtpSettings settings) throws Exception {
        server = new ServerFixture(dir, settings, ServerFixture.listener(ListenerKind.PUBLIC, 10, List.of()), s -> s);
        return server;
    }

    /** Writes one byte every {@code interval} until the connection breaks. */
    static Thread dribble(SmtpClient c, Duration interval) {
        return Thread.ofVirtual().start(() -> {
            try {
                while (true) {
                    c.raw("x");
                    Thread.sleep(interval);
                }
            } catch (IOException | InterruptedException e) {
                // closed: done
            }
        });
    }

    static void inData(SmtpClient c) throws IOException {
        c.command("EHLO client.example", "250");
        c.command("MAIL FROM:<a@example.org>", "250");
        c.command("RCPT TO:<b@example.test>", "250");
        c.command("DATA", "354");
    }

    @Test
    void aClientSendingAByteAtATimeDuringDataIsClosed() throws Exception {
        start(ServerFixture.fast().withSessionLimits(Duration.ofMinutes(5), 1000, Duration.ofMillis(500)));
        try (SmtpClient c = server.connect()) {
            inData(c);
            long t0 = System.nanoTime();
            Thread writer = dribble(c, Duration.ofMillis(200));
            c.expect("421 4.4.2 mx.example.test Error: data rate too low");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(c.closedByServer()).isTrue();
            writer.interrupt();
        }
        assertThat(server.tmpFiles()).isEmpty();
        assertThat(server.spool.list()).isEmpty();
        assertThat(server.events(MailEvent.Type.DISCONNECTED)).anyMatch(e -> e.text().contains("data rate too low"));
    }

    @Test
    void theDataTimeoutAppliesDuringData() throws Exception {
        start(ServerFixture.fast().withTimeouts(Duration.ofSeconds(20), Duration.ofMillis(500), Duration.ofSeconds(2))
                .withSessionLimits(Duration.ofMinutes(5), 0, Duration.ZERO));
        try (SmtpClient c = server.connect()) {
            inData(c);
            c.raw("Subject: stalled\r\n\r\nhalf");
            long t0 = System.nanoTime();
            c.expect("421 4.4.2 mx.example.test Error: timeout exceeded");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(3));
        }
        assertThat(server.tmpFiles()).isEmpty();
    }

    @Test
    void aCommandLineDribbledByteByByteIsCutOffAtTheCommandTimeout() throws Exception {
        start(ServerFixture.fast().withTimeouts(Duration.ofSeconds(1), Duration.ofSeconds(3), Duration.ofSeconds(2)));
        try (SmtpClient c = server.connect()) {
            long t0 = System.nanoTime();
            Thread writer = dribble(c, Duration.ofMillis(200));
            c.expect("421 4.4.2 mx.example.test Error: timeout exceeded");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
            writer.interrupt();
        }
    }

    @Test
    void theSessionDeadlineEndsABusySession() throws Exception {
        start(ServerFixture.fast().withSessionLimits(Duration.ofSeconds(1), 100, Duration.ofSeconds(30)));
        try (SmtpClient c = server.connect()) {
            long t0 = System.nanoTime();
            String reply;
            do {
                Thread.sleep(100);
                c.send("EHLO client.example");
                reply = c.reply();
            } while (reply != null && reply.startsWith("250") && System.nanoTime() - t0 < 5_000_000_000L);
            assertThat(reply).startsWith("421 4.4.2 mx.example.test Error: session time limit exceeded");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofMillis(2500));
        }
    }
}

package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.SenderGroup;

/** Closing a server ends or drains every session before it returns; the host name lookup cannot hold a client. */
class ShutdownTest {

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
        server = new ServerFixture(dir, settings, ServerFixture.listener(ListenerKind.PRIVATE, 10, List.of()), s -> s);
        return server;
    }

    @Test
    void closeEndsIdleSessionsWith421BeforeItReturns() throws Exception {
        start(ServerFixture.fast().withShutdownGrace(Duration.ofSeconds(5)));
        try (SmtpClient idle = server.connect(); SmtpClient inMail = server.connect()) {
            idle.command("EHLO client.example", "250");
            inMail.command("EHLO client.example", "250");
            inMail.command("MAIL FROM:<a@example.org>", "250");
            long t0 = System.nanoTime();
            server.server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(server.server.activeSessions()).isZero();
            idle.expect("421 4.3.2 mx.example.test Service shutting down");
            inMail.expect("421 4.3.2");
            assertThat(idle.closedByServer()).isTrue();
            assertThat(inMail.closedByServer()).isTrue();
        }
    }

    @Test
    void closeLetsAMessageInDataFinishWithinTheGrace() throws Exception {
        start(ServerFixture.fast().withShutdownGrace(Duration.ofSeconds(5)));
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            c.raw("Subject: in flight\r\n\r\nfirst half\r\n");
            CompletableFuture<Void> closing = CompletableFuture.runAsync(server.server::close);
            Thread.sleep(300);
            assertThat(closing).isNotDone();
            c.raw("second half\r\n.\r\n");
            c.expect("250 2.0.0");
            c.expect("421 4.3.2");
            closing.get();
            assertThat(server.server.activeSessions()).isZero();
        }
        assertThat(server.awaitQueue(1)).hasSize(1);
    }

    @Test
    void closeEndsASessionStillInDataAfterTheGraceAndKeepsNothing() throws Exception {
        start(ServerFixture.fast().withShutdownGrace(Duration.ofMillis(300)));
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            c.raw("Subject: never finished\r\n\r\nhalf");
            long t0 = System.nanoTime();
            server.server.close();
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            assertThat(server.server.activeSessions()).isZero();
            assertThat(c.closedByServer()).isTrue();
        }
        assertThat(server.tmpFiles()).isEmpty();
        assertThat(server.spool.list()).isEmpty();
    }

    @Test
    void aSlowHostNameLookupDoesNotHoldTheGreeting() throws Exception {
        server = new ServerFixture(dir, ServerFixture.fast().withReverseDnsTimeout(Duration.ofMillis(300)),
                ServerFixture.listener(ListenerKind.PRIVATE, 10,
                        List.of(new SenderGroup("NAMED", List.of(".example.test"), "RELAYED"))),
                s -> s, client -> {
                    try {
                        Thread.sleep(30_000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return Optional.of("mail.example.test");
                });
        long t0 = System.nanoTime();
        try (SmtpClient c = server.connect()) {
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(2));
            c.command("EHLO client.example", "250");
            // no name within the bound: the host-name group did not match, the default policy applies
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<x@elsewhere.example>", "554 5.7.1");
        }
        assertThat(server.events(MailEvent.Type.WARNING)).anyMatch(e -> e.text().contains("host name lookup"));
    }
}

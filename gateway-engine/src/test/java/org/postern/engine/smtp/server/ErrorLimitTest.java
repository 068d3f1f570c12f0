package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.MailEvent;

/**
 * Every error reply counts toward the soft limit (replies slow down) and the hard limit (421 and
 * close), as Postfix's smtpd_soft_error_limit / smtpd_hard_error_limit; junk commands beyond
 * smtpd_junk_command_limit count as errors too.
 */
class ErrorLimitTest {

    @TempDir
    Path dir;
    ServerFixture server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    ServerFixture start(SmtpSettings settings, InboundTls tls) throws Exception {
        server = new ServerFixture(dir, settings, ServerFixture.listener(ListenerKind.PUBLIC, 10, List.of(), tls), s -> s);
        return server;
    }

    /**
     * Sends {@code command} up to {@code times} times, one at a time, until the server answers
     * 421; returns how many replies came before the 421 (asserting each was {@code expected}).
     */
    static int repeatUntil421(SmtpClient c, String command, String expected, int times) throws Exception {
        for (int i = 0; i < times; i++) {
            c.send(command);
            String reply = c.reply();
            assertThat(reply).as("reply %d", i).isNotNull();
            if (reply.startsWith("421 ")) {
                assertThat(reply).startsWith("421 4.7.0").contains("too many errors");
                assertThat(c.closedByServer()).isTrue();
                return i;
            }
            assertThat(reply).as("reply %d", i).startsWith(expected);
        }
        return times;
    }

    @Test
    void relayDeniedRecipientsCountAndAreLoggedInOneLine() throws Exception {
        start(ServerFixture.fast(), InboundTls.NO);
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            int denied = repeatUntil421(c, "RCPT TO:<x@elsewhere.example>", "554 5.7.1", 300);
            assertThat(denied).isEqualTo(20);
        }
        List<MailEvent> refused = server.events(MailEvent.Type.REFUSED).stream()
                .filter(e -> e.text().contains("relay access denied")).toList();
        assertThat(refused).hasSizeLessThanOrEqualTo(2)
                .anyMatch(e -> e.text().contains("20 recipient(s)") && e.text().contains("x@elsewhere.example"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "RCPT TO:<b@example.test>|503 5.5.1|NO",
            "MAIL FROM:a@example.org|501 5.5.4|NO",
            "MAIL FROM:<a@example.org> FOO=1|555 5.5.4|NO",
            "MAIL FROM:<a@example.org>|530 5.7.0|REQUIRED",
            "DATA|503 5.5.1|NO",
    })
    void repeatedErrorRepliesEndIn421(String command, String expected, InboundTls tls) throws Exception {
        start(ServerFixture.fast(), tls);
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            assertThat(repeatUntil421(c, command, expected, 300)).isEqualTo(20);
        }
        assertThat(server.events(MailEvent.Type.DISCONNECTED)).anyMatch(e -> e.text().contains("too many errors"));
    }

    @ParameterizedTest
    @CsvSource({"NOOP,250", "RSET,250", "VRFY someone,252"})
    void junkCommandsBeyondTheirLimitCountAsErrors(String command, String expected) throws Exception {
        start(ServerFixture.fast().withErrorLimits(10, 20, Duration.ofMillis(10), 30), InboundTls.NO);
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            // 30 junk commands are free; each one after them is an error, and the 20th error closes
            assertThat(repeatUntil421(c, command, expected, 20_000)).isEqualTo(30 + 20);
        }
    }

    @Test
    void tooManyRecipientsCountOnlyBeyondTheOvershootLimit() throws Exception {
        start(ServerFixture.fast(), InboundTls.NO); // the policy takes 5 recipients per message
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            for (int i = 0; i < 5; i++) {
                c.command("RCPT TO:<r" + i + "@example.test>", "250");
            }
            // RFC 5321 4.5.3.1.10: a client sends the rest in another transaction; 1,000 such 452s
            // are not errors (Postfix smtpd_recipient_overshoot_limit), those beyond them are
            assertThat(repeatUntil421(c, "RCPT TO:<more@example.test>", "452 4.5.3", 10_000)).isEqualTo(1000 + 20);
        }
    }

    @Test
    void aDeliveredMessageStartsTheCountsAfresh() throws Exception {
        start(ServerFixture.fast().withErrorLimits(10, 20, Duration.ofMillis(10), 30), InboundTls.NO);
        try (SmtpClient c = server.connect()) {
            c.command("EHLO client.example", "250");
            for (int i = 0; i < 19; i++) {
                c.command("BOGUS", "500");
            }
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            c.raw("Subject: x\r\n\r\nbody\r\n.\r\n");
            c.expect("250 2.0.0");
            assertThat(repeatUntil421(c, "BOGUS", "500", 300)).isEqualTo(20);
        }
    }

    @Test
    void errorRepliesSlowDownAfterTheSoftLimit() throws Exception {
        start(ServerFixture.fast().withErrorLimits(2, 5, Duration.ofMillis(300), 100), InboundTls.NO);
        try (SmtpClient c = server.connect()) {
            long t0 = System.nanoTime();
            c.command("BOGUS", "500");
            c.command("BOGUS", "500");
            long fast = System.nanoTime() - t0;
            t0 = System.nanoTime();
            c.command("BOGUS", "500");
            long slow = System.nanoTime() - t0;
            c.command("NOOP", "250"); // not an error: not delayed
            assertThat(Duration.ofNanos(fast)).isLessThan(Duration.ofMillis(250));
            assertThat(Duration.ofNanos(slow)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
            c.command("BOGUS", "500");
            c.command("BOGUS", "500");
            c.expect("421 4.7.0");
        }
    }
}

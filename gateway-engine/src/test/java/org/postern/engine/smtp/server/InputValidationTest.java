package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.MailEvent;

/** Hostile input: malformed UTF-8, bad SIZE values, over-long lines; and replies stay ASCII. */
class InputValidationTest {

    @TempDir
    Path dir;
    ServerFixture server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    SmtpClient connect() throws Exception {
        server = new ServerFixture(dir, ServerFixture.fast(), ServerFixture.listener(ListenerKind.PRIVATE, 10, List.of()), s -> s);
        SmtpClient c = server.connect();
        c.command("EHLO client.example", "250");
        return c;
    }

    static byte[] line(String before, byte[] raw, String after) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        b.writeBytes(before.getBytes(StandardCharsets.US_ASCII));
        b.writeBytes(raw);
        b.writeBytes((after + "\r\n").getBytes(StandardCharsets.US_ASCII));
        return b.toByteArray();
    }

    static void assertAscii(String reply) {
        assertThat(reply.chars().allMatch(ch -> ch < 0x80)).as("reply is ASCII: %s", reply).isTrue();
    }

    @Test
    void invalidUtf8InAnAddressIsRefusedNotReplaced() throws Exception {
        // C3 28: a lead byte followed by a non-continuation byte; C0 AF: an overlong "/"; FF: never valid
        byte[][] invalid = {{(byte) 0xC3, 0x28}, {(byte) 0xC0, (byte) 0xAF}, {(byte) 0xFF}};
        try (SmtpClient c = connect()) {
            for (byte[] bad : invalid) {
                c.bytes(line("MAIL FROM:<j", bad, "rg@example.org> SMTPUTF8"));
                assertAscii(c.expect("501 "));
            }
            c.command("MAIL FROM:<j\u00f6rg@example.org> SMTPUTF8", "250");
            for (byte[] bad : invalid) {
                c.bytes(line("RCPT TO:<b", bad, "@example.test>"));
                assertAscii(c.expect("501 "));
            }
            c.command("RCPT TO:<b\u00fc@example.test>", "250");
            c.command("DATA", "354");
            c.raw("Subject: utf8\r\n\r\nok\r\n.\r\n");
            c.expect("250 2.0.0");
        }
        var queued = server.awaitQueue(1);
        assertThat(queued).singleElement().satisfies(m -> {
            assertThat(m.sender()).isEqualTo("j\u00f6rg@example.org").doesNotContain("\uFFFD");
            assertThat(m.recipients()).containsExactly("b\u00fc@example.test");
        });
    }

    @ParameterizedTest
    @CsvSource({"SIZE=-1,501 5.5.4", "SIZE=+5,501 5.5.4", "SIZE=,501 5.5.4", "SIZE,501 5.5.4", "SIZE=12a,501 5.5.4",
            "SIZE=1e3,501 5.5.4", "SIZE=123456789012345678901,501 5.5.4", "SIZE=99999999999999999999,552 5.3.4",
            "SIZE=0,250", "SIZE=00100,250"})
    void sizeMustBeDigits(String parameter, String expected) throws Exception {
        try (SmtpClient c = connect()) {
            c.command("MAIL FROM:<a@example.org> " + parameter, expected);
        }
    }

    @Test
    void aLineOver998OctetsRejectsTheMessageAtTheEndOfData() throws Exception {
        try (SmtpClient c = connect()) {
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            c.raw("Subject: long\r\n\r\n" + "z".repeat(999) + "\r\nnext line\r\n.\r\n");
            String reply = c.expect("550 5.6.0");
            assertThat(reply).contains("998");
            assertAscii(reply);
            // the session goes on, and 998 octets (plus a stuffed dot, which does not count) are fine
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            c.raw("Subject: long\r\n\r\n" + "z".repeat(998) + "\r\n.." + "z".repeat(997) + "\r\n.\r\n");
            c.expect("250 2.0.0");
        }
        assertThat(server.awaitQueue(1)).hasSize(1);
        assertThat(server.tmpFiles()).isEmpty();
        assertThat(server.events(MailEvent.Type.MESSAGE_REJECTED)).anyMatch(e -> e.text().contains("998"));
    }

    @Test
    void everyReplyIsAscii() throws Exception {
        try (SmtpClient c = connect()) {
            c.command("MAIL FROM:<a@example.org> SMTPUTF8", "250");
            assertAscii(c.command("RCPT TO:<\u00e9l\u00e8ve@\u00e9cole.example>", "554 5.7.1"));
            assertAscii(c.command("RCPT TO:<b@example.test> N\u00d6PE=1", "555"));
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            c.raw("Subject: bare\r\n\r\nbare\nline\r\n.\r\n");
            assertAscii(c.expect("550 5.6.0"));
            c.bytes(line("NO", new byte[] {(byte) 0xE2, (byte) 0x82, (byte) 0xAC}, "OP"));
            assertAscii(c.expect("500"));
        }
    }

    @Test
    void replyTextsMustBeAscii() {
        assertThatThrownBy(() -> Replies.requireAscii("550 5.6.0 see RFC 5321 \u00a72.3.8"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ASCII");
        assertThat(Replies.requireAscii("250-a\r\n250 b")).isEqualTo("250-a\r\n250 b");
        assertThat(Replies.printable("\u00e9l\u00e8ve\\x")).isEqualTo("\\x{E9}l\\x{E8}ve\\x{5C}x");
    }
}

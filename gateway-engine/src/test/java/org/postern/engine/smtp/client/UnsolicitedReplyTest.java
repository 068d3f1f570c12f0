package org.postern.engine.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.smtp.client.AttemptResult.Status;
import org.postern.engine.testsupport.ScriptedSmtpServer;
import org.postern.engine.testsupport.ScriptedSmtpServer.Step;
import org.postern.engine.tls.CertificateVerifier;
import org.postern.engine.tls.CertificateVerifier.Reference;
import org.postern.engine.tls.ClientContexts;
import org.postern.engine.trust.TrustAnchors;

/**
 * Bytes a server sends before a reply is due are a protocol error: they would put every later
 * reply one step behind (a forged EHLO reply hides STARTTLS and downgrades TLS Preferred), or
 * acknowledge a message body that was never read.
 */
class UnsolicitedReplyTest {

    private static final String ADDRESS = "127.0.9.10";
    private static final List<Reference> REFS = List.of(new Reference("example.test", Reference.Source.RECIPIENT_DOMAIN));

    private static DeliveryAttempt attempt() {
        return new DeliveryAttempt(ClientContexts.client(null, List.of()), new CertificateVerifier(TrustAnchors.of(List.of(), "none")),
                "client.example", new DeliveryAttempt.Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3)));
    }

    private static AttemptResult deliver(ScriptedSmtpServer s, OutboundTls tls) {
        return attempt().deliver("mx.example.test", s.address(), TlsRule.of(tls, REFS, false, false), "a@example.org",
                List.of("b@example.test"), () -> new ByteArrayInputStream("Subject: t\r\n\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    /** Why the attempt failed: for the host, or for the (one) recipient. */
    private static String failure(AttemptResult r) {
        return r.hostFailure() != null ? r.hostFailure() : r.recipients().getFirst().reply();
    }

    @Test
    void anEhloReplyInjectedIntoTheGreetingFailsTheAttemptInsteadOfDowngradingTls() throws Exception {
        try (ScriptedSmtpServer s = new ScriptedSmtpServer(ADDRESS, List.of(
                new Step(null, "220 mx.example.test ESMTP\r\n250-injected.example\r\n250 8BITMIME\r\n"),
                new Step("EHLO", "250-mx.example.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n"),
                new Step("MAIL", "250 2.1.0 Ok\r\n"),
                new Step("RCPT", "250 2.1.5 Ok\r\n"),
                new Step("DATA", "354 go ahead\r\n"),
                new Step(".", "250 2.0.0 queued\r\n")))) {
            AttemptResult r = deliver(s, OutboundTls.PREFERRED);

            assertThat(r.hostFailure()).contains("protocol error").contains("before a reply was due");
            assertThat(r.notes()).noneMatch(n -> n.contains("continuing in clear"));
            assertThat(r.recipients()).noneMatch(x -> x.status() == Status.DELIVERED);
            s.close();
            assertThat(s.received()).noneMatch(l -> l.startsWith("MAIL"));
        }
    }

    @Test
    void anInjectedEhloReplyFailsEvenWhenTlsIsRequired() throws Exception {
        try (ScriptedSmtpServer s = new ScriptedSmtpServer(ADDRESS, List.of(
                new Step(null, "220 mx.example.test ESMTP\r\n250-injected.example\r\n250 8BITMIME\r\n"),
                new Step("EHLO", "250-mx.example.test\r\n250-STARTTLS\r\n250 8BITMIME\r\n")))) {
            AttemptResult r = deliver(s, OutboundTls.REQUIRED);

            assertThat(r.hostFailure()).contains("before a reply was due").doesNotContain("STARTTLS");
        }
    }

    @Test
    void dataAnsweredWith354And250InOnePacketIsNotDelivered() throws Exception {
        try (ScriptedSmtpServer s = new ScriptedSmtpServer(ADDRESS, List.of(
                new Step(null, "220 mx.example.test ESMTP\r\n"),
                new Step("EHLO", "250-mx.example.test\r\n250 8BITMIME\r\n"),
                new Step("MAIL", "250 2.1.0 Ok\r\n"),
                new Step("RCPT", "250 2.1.5 Ok\r\n"),
                new Step("DATA", "354 go ahead\r\n250 2.0.0 queued as FAKE\r\n")))) {
            AttemptResult r = deliver(s, OutboundTls.NONE);

            assertThat(r.recipients()).noneMatch(x -> x.status() == Status.DELIVERED);
            assertThat(failure(r)).contains("protocol error").contains("before a reply was due");
        }
    }

    @Test
    void aSecondReplyToMailFromFailsTheAttempt() throws Exception {
        try (ScriptedSmtpServer s = new ScriptedSmtpServer(ADDRESS, List.of(
                new Step(null, "220 mx.example.test ESMTP\r\n"),
                new Step("EHLO", "250-mx.example.test\r\n250 8BITMIME\r\n"),
                new Step("MAIL", "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n"),
                new Step("RCPT", "250 2.1.5 Ok\r\n"),
                new Step("DATA", "354 go ahead\r\n"),
                new Step(".", "250 2.0.0 queued\r\n")))) {
            AttemptResult r = deliver(s, OutboundTls.NONE);

            assertThat(r.recipients()).noneMatch(x -> x.status() == Status.DELIVERED);
            assertThat(failure(r)).contains("before a reply was due");
        }
    }

    @Test
    void aWellBehavedServerWithRepliesInSeparatePacketsStillGetsTheMessage() throws Exception {
        try (ScriptedSmtpServer s = new ScriptedSmtpServer(ADDRESS, List.of(
                new Step(null, "220 mx.example.test ESMTP\r\n"),
                new Step("EHLO", "250-mx.example.test\r\n250 8BITMIME\r\n"),
                new Step("MAIL", "250 2.1.0 Ok\r\n"),
                new Step("RCPT", "250 2.1.5 Ok\r\n"),
                new Step("DATA", "354 go ahead\r\n"),
                new Step(".", "250 2.0.0 queued\r\n"),
                new Step("QUIT", "221 2.0.0 Bye\r\n")))) {
            AttemptResult r = deliver(s, OutboundTls.PREFERRED);

            assertThat(r.hostFailure()).isNull();
            assertThat(r.recipients()).singleElement().extracting(AttemptResult.RecipientResult::status).isEqualTo(Status.DELIVERED);
        }
    }

    private static ScriptedSmtpServer pipeliningServer(String batchedReplies) throws Exception {
        return new ScriptedSmtpServer(ADDRESS, List.of(
                new Step(null, "220 mx.example.test ESMTP\r\n"),
                new Step("EHLO", "250-mx.example.test\r\n250 PIPELINING\r\n"),
                new Step("MAIL", ""),
                new Step("RCPT", ""),
                new Step("DATA", batchedReplies)));
    }

    @Test
    void pipelinedCommandsMayHaveTheirRepliesInOnePacket() throws Exception {
        try (ScriptedSmtpServer s = pipeliningServer("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n");
             SmtpConnection c = SmtpConnection.open(s.address(), Duration.ofSeconds(3), Duration.ofSeconds(3))) {
            c.readReply();
            c.hello("client.example");
            c.send("MAIL FROM:<a@example.org>");
            c.send("RCPT TO:<b@example.test>");
            c.send("DATA");
            assertThat(c.readReply().code()).isEqualTo(250);
            assertThat(c.readReply().code()).isEqualTo(250);
            assertThat(c.readReply().code()).isEqualTo(354);
        }
    }

    @Test
    void onlyRepliesBeyondThoseDueCountWhenPipelining() throws Exception {
        try (ScriptedSmtpServer s = pipeliningServer("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 go ahead\r\n250 2.0.0 queued\r\n");
             SmtpConnection c = SmtpConnection.open(s.address(), Duration.ofSeconds(3), Duration.ofSeconds(3))) {
            c.readReply();
            c.hello("client.example");
            c.send("MAIL FROM:<a@example.org>");
            c.send("RCPT TO:<b@example.test>");
            c.send("DATA");
            c.readReply();
            c.readReply();
            assertThatThrownBy(c::readReply).isInstanceOf(SmtpProtocolException.class)
                    .hasMessageContaining("before a reply was due");
        }
    }
}

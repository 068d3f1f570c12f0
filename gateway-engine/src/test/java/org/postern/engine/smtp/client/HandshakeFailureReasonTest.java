package org.postern.engine.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.testsupport.ScriptedSmtpServer;
import org.postern.engine.testsupport.ScriptedSmtpServer.Step;
import org.postern.engine.tls.CertificateVerifier;
import org.postern.engine.tls.CertificateVerifier.Reference;
import org.postern.engine.tls.ClientContexts;
import org.postern.engine.trust.TrustAnchors;

/** A failed handshake is reported with its cause, not JSSE's outer message alone. */
class HandshakeFailureReasonTest {

    @Test
    void aServerThatHangsUpDuringTheHandshakeIsNamedAsTheCause() throws Exception {
        try (ScriptedSmtpServer s = new ScriptedSmtpServer("127.0.9.11", List.of(
                new Step(null, "220 mx.example.test ESMTP\r\n"),
                new Step("EHLO", "250-mx.example.test\r\n250 STARTTLS\r\n"),
                new Step("STARTTLS", "220 2.0.0 Ready to start TLS\r\n")))) {
            DeliveryAttempt attempt = new DeliveryAttempt(ClientContexts.client(null, List.of()),
                    new CertificateVerifier(TrustAnchors.of(List.of(), "none")), "client.example",
                    new DeliveryAttempt.Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(5), Duration.ofSeconds(5)));
            AttemptResult r = attempt.probe("mx.example.test", s.address(),
                    TlsRule.of(OutboundTls.REQUIRED, List.of(new Reference("example.test", Reference.Source.RECIPIENT_DOMAIN)), false, false));

            assertThat(r.hostFailure()).startsWith("TLS handshake failed: the remote closed the connection during the handshake (");
            assertThat(r.handshakeFailedAfter220()).isTrue();
        }
    }
}

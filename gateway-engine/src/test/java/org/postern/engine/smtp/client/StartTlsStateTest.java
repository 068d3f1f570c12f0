package org.postern.engine.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.KeyType;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.testsupport.TestSmtpServer;
import org.postern.engine.testsupport.TestSmtpServer.Mode;
import org.postern.engine.tls.ClientContexts;

/** DANE-3a: after STARTTLS nothing learned before TLS is used — neither buffered bytes nor EHLO capabilities. */
class StartTlsStateTest {

    @Test
    void capabilitiesLearnedBeforeTlsAreForgottenAndRelearnedAfterIt() throws Exception {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        X509Certificate cert = CertificateIssuer.selfSigned(k, new X500Name("CN=mx.example.test"), List.of("mx.example.test"), 2);
        try (TestSmtpServer s = new TestSmtpServer("127.0.2.30", Mode.INJECT_AFTER_220, k, List.of(cert));
             SmtpConnection c = SmtpConnection.open(new InetSocketAddress("127.0.2.30", s.port()), Duration.ofSeconds(3),
                     Duration.ofSeconds(3))) {
            assertThat(c.readReply().code()).isEqualTo(220);
            c.hello("client.example");
            assertThat(c.supports("STARTTLS")).isTrue();
            assertThat(c.supports("PIPELINING")).isTrue();
            assertThat(c.startTls(ClientContexts.client(null, List.of()), "mx.example.test")).isNull();
            // nothing from the pre-TLS EHLO survives the upgrade
            assertThat(c.esmtp()).isFalse();
            assertThat(c.supports("PIPELINING")).isFalse();
            assertThat(c.supports("STARTTLS")).isFalse();
            // the forged "250-injected.example / 250 AUTH PLAIN" sent with the 220 is not read as the EHLO reply
            Reply again = c.hello("client.example");
            assertThat(again.lines()).first().isEqualTo("test.example");
            assertThat(c.supports("AUTH")).isFalse();
            assertThat(c.supports("PIPELINING")).isTrue();
            assertThat(c.supports("STARTTLS")).isFalse(); // the server does not offer it again under TLS
        }
    }
}

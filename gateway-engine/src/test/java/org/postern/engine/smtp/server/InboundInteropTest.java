package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.pki.Tool;
import org.postern.engine.testsupport.PostfixInstance;

/** Independent SMTP clients against our listeners: swaks, openssl s_client and Postfix as a sending MTA. */
class InboundInteropTest {

    @TempDir
    Path dir;
    @TempDir
    Path work;
    EngineFixture engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    private Tool.Result swaks(String... extra) {
        List<String> cmd = new java.util.ArrayList<>(List.of("swaks", "--server", "127.0.0.1", "--port",
                Integer.toString(engine.port), "--from", "a@example.org", "--to", "b@example.test", "--ehlo", "swaks.example",
                "--timeout", "10"));
        cmd.addAll(List.of(extra));
        return Tool.run(work, cmd.toArray(String[]::new));
    }

    private List<QueuedMessage> queue() throws InterruptedException {
        return engine.awaitQueue(expected);
    }

    private int expected = 1;

    @Test
    void swaksWithTlsAndTlsOptionalDelivers() throws Exception {
        engine = new EngineFixture(dir, InboundTls.PREFERRED);
        Tool.Result tls = swaks("--tls");
        assertThat(tls.exit()).as(tls.output()).isZero();
        assertThat(tls.output()).contains("TLS started with cipher TLSv1.3", "250 2.0.0 Ok: queued as");
        Tool.Result optional = swaks("--tls-optional");
        assertThat(optional.exit()).as(optional.output()).isZero();
        expected = 2;
        assertThat(queue()).hasSize(2);
        String body = new String(engine.gateway.queue().content(queue().getFirst().id()), StandardCharsets.UTF_8);
        assertThat(body).contains("with ESMTPS id", "(using TLSv1.3 with cipher");
    }

    @Test
    void swaksWithoutTlsGets530FromARequiredListener() throws Exception {
        engine = new EngineFixture(dir, InboundTls.REQUIRED);
        Tool.Result plain = swaks();
        assertThat(plain.exit()).isNotZero();
        assertThat(plain.output()).contains("530 5.7.0 Must issue a STARTTLS command first");
        assertThat(engine.gateway.queue().list()).isEmpty();
        Tool.Result tls = swaks("--tls");
        assertThat(tls.exit()).as(tls.output()).isZero();
        assertThat(queue()).hasSize(1);
    }

    @Test
    void opensslStarttlsSeesTheListenersCertificate() throws Exception {
        engine = new EngineFixture(dir, InboundTls.PREFERRED);
        Tool.Result r = Tool.run(work, "EHLO openssl.example\nQUIT\n".getBytes(StandardCharsets.US_ASCII), "openssl",
                "s_client", "-starttls", "smtp", "-connect", "127.0.0.1:" + engine.port, "-brief", "-crlf",
                "-name", "openssl.example");
        assertThat(r.output()).contains("Protocol version: TLSv1.3", "Peer certificate: ", "CN = demo.postern.invalid",
                "250 SMTPUTF8");
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void postfixRelaysIntoARequiredListenerOverTls() throws Exception {
        engine = new EngineFixture(dir, InboundTls.REQUIRED);
        try (PostfixInstance relay = PostfixInstance.relay("127.0.0.71", 0).hostname("relay.test")
                .relayHost("127.0.0.1", engine.port).clientTls(PostfixInstance.ClientTls.ENCRYPT).start()) {
            String id = relay.submit("alice@relay.test", "bob@example.test", "Subject: via postfix\n\nhello from postfix\n");
            PostfixInstance.Delivery d = relay.awaitDelivery(id, Duration.ofSeconds(30));
            assertThat(d.status()).as(d.line()).isEqualTo("sent");
            assertThat(d.detail()).contains("250 2.0.0 Ok: queued as");
            assertThat(relay.log()).anyMatch(l -> l.contains("TLS connection established to 127.0.0.1"));
        }
        QueuedMessage m = queue().getFirst();
        assertThat(m.sender()).isEqualTo("alice@relay.test");
        assertThat(m.recipients()).containsExactly("bob@example.test");
        assertThat(new String(engine.gateway.queue().content(m.id()), StandardCharsets.UTF_8))
                .contains("Received: from relay.test", "with ESMTPS", "Subject: via postfix", "hello from postfix");
    }
}

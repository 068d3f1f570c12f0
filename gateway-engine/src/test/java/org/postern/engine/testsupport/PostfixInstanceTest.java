package org.postern.engine.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.pki.Tool;
import org.postern.engine.testsupport.PostfixInstance.ClientTls;
import org.postern.engine.testsupport.PostfixInstance.Delivery;
import org.postern.engine.testsupport.PostfixInstance.ServerTls;

/** The Postfix fixture itself: a relay hands a message over STARTTLS to a receiver's Maildir. */
class PostfixInstanceTest {

    @TempDir
    Path work;

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void relayDeliversOverStartTlsIntoReceiverMaildir() throws Exception {
        Tool.Result cert = Tool.run(work, "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes",
                "-keyout", "key.pem", "-out", "cert.pem", "-days", "2", "-subj", "/CN=receiver.test",
                "-addext", "subjectAltName=DNS:receiver.test");
        assertThat(cert.exit()).as(cert.output()).isZero();

        String token = UUID.randomUUID().toString();
        PostfixInstance receiver = PostfixInstance.receiver("127.0.0.61", 0).hostname("receiver.test")
                .serverTls(ServerTls.MAY, work.resolve("cert.pem"), work.resolve("key.pem")).start();
        PostfixInstance relay = null;
        try (receiver) {
            relay = PostfixInstance.relay("127.0.0.62", 0).hostname("relay.test")
                    .relayHost(receiver.address(), receiver.port()).clientTls(ClientTls.ENCRYPT).start();
            String id = relay.submit("alice@relay.test", "bob@example.org",
                    "From: alice@relay.test\nTo: bob@example.org\nSubject: fixture " + token + "\n\nhello\n.dot line\n");

            Delivery d = relay.awaitDelivery(id, Duration.ofSeconds(15));
            assertThat(d.status()).as(d.line()).isEqualTo("sent");
            assertThat(d.recipient()).isEqualTo("bob@example.org");
            assertThat(d.relay()).isEqualTo("127.0.0.61[127.0.0.61]:" + receiver.port());
            assertThat(relay.log()).anyMatch(l -> Pattern.compile(
                    "(Trusted|Untrusted) TLS connection established to 127\\.0\\.0\\.61\\[127\\.0\\.0\\.61\\]:"
                            + receiver.port() + ": TLSv1\\.[23]").matcher(l).find());
            relay.awaitQueueEmpty(Duration.ofSeconds(5));

            List<String> mail = receiver.awaitMaildir(1, Duration.ofSeconds(10));
            assertThat(mail).hasSize(1);
            assertThat(mail.get(0)).contains("Subject: fixture " + token, "\n.dot line\n",
                    "Received: from relay.test", "(using TLSv1.", "Delivered-To: bob@example.org");
            assertThat(receiver.log()).anyMatch(l -> l.contains("TLS connection established from"));
        } finally {
            if (relay != null) {
                relay.close();
            }
        }

        for (PostfixInstance p : List.of(receiver, relay)) {
            assertThat(running(p.masterPid())).as("master of %s still running", p).isFalse();
            assertThat(p.directory()).doesNotExist();
            assertThat(accepts(p.address(), p.port())).as("%s still listening", p).isFalse();
            p.stop(); // idempotent
        }
    }

    @Test
    @Timeout(value = 60, unit = TimeUnit.SECONDS)
    void encryptingRelayDefersWhenTheReceiverOffersNoStartTls() {
        try (PostfixInstance receiver = PostfixInstance.receiver("127.0.0.63", 0).start();
                PostfixInstance relay = PostfixInstance.relay("127.0.0.64", 0)
                        .relayHost(receiver.address(), receiver.port()).clientTls(ClientTls.ENCRYPT).start()) {
            String id = relay.submit("alice@relay.test", "bob@example.org", "Subject: clear\n\nhello\n");
            Delivery d = relay.awaitDelivery(id, Duration.ofSeconds(15));
            assertThat(d.status()).as(d.line()).isEqualTo("deferred");
            assertThat(d.detail()).contains("TLS is required, but was not offered");
            assertThat(relay.queueSize()).isEqualTo(1);
            assertThat(receiver.maildirMessages()).isEmpty();
        }
    }

    @Test
    void missingPostfixNamesTheDebianPackage() {
        assertThatThrownBy(() -> PostfixInstance.requirePostfix(work.resolve("nowhere")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("Debian package 'postfix'");
    }

    @Test
    void refusesNonLoopbackAddresses() {
        assertThatThrownBy(() -> PostfixInstance.receiver("192.0.2.1", 25))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("loopback");
    }

    /** Alive and not a zombie (an exited master may wait a moment for init to reap it). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return stat.charAt(stat.lastIndexOf(')') + 2) != 'Z';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean accepts(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}

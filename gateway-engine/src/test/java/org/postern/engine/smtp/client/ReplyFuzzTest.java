package org.postern.engine.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * Fuzz harness for what a remote SMTP server answers the delivery client: the greeting, the EHLO
 * reply with its capabilities, and any replies after it, served by a real loopback socket. The
 * client either reads a well-formed reply (RFC 5321 §4.2: code 2yz–5yz, bounded lines) or fails
 * with an {@link IOException} (a {@link SmtpProtocolException} naming what is wrong); it never
 * throws anything else and never hangs. Seeds: {@code ReplyFuzzTestInputs/serverReplies/}.
 */
class ReplyFuzzTest {

    private static ServerSocket listener;

    @BeforeAll
    static void listen() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getByName("127.0.10.2"));
    }

    @AfterAll
    static void close() throws IOException {
        listener.close();
    }

    @FuzzTest(maxDuration = "2m")
    void serverReplies(byte[] input) throws Exception {
        // the harness talks to its own loopback servers: allowed for Jazzer's SSRF detector
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections((host, port) -> host.startsWith("127.0.10."))) {
            serverRepliesOnLoopback(input);
        }
    }

    private void serverRepliesOnLoopback(byte[] input) throws Exception {
        Thread server = Thread.ofVirtual().start(() -> serve(input));
        long start = System.nanoTime();
        try (SmtpConnection c = SmtpConnection.open(
                new InetSocketAddress(listener.getInetAddress(), listener.getLocalPort()), Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            check(c.readReply());
            check(c.hello("client.example.test"));
            if (c.esmtp()) {
                c.supports("STARTTLS");
                c.supports("SIZE");
            }
            for (int i = 0; i < 10_000; i++) {
                check(c.readReply());
            }
        } catch (IOException expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds").isLessThan(5_000);
        server.join();
    }

    private static void check(Reply r) {
        assertThat(r.code()).as("reply code (RFC 5321 §4.2.1)").isBetween(200, 599);
        assertThat(r.lines()).hasSizeLessThanOrEqualTo(SmtpConnection.MAX_REPLY_LINES);
        r.lines().forEach(l -> assertThat(l.length()).isLessThanOrEqualTo(SmtpConnection.MAX_LINE));
        assertThat(r.positive() || r.transientFailure() || r.permanentFailure()).isTrue();
    }

    private static void serve(byte[] replies) {
        try (Socket s = listener.accept()) {
            s.setSoTimeout(5_000);
            s.getOutputStream().write(replies);
            s.shutdownOutput();
            InputStream in = s.getInputStream();
            byte[] sink = new byte[4096];
            while (in.read(sink) > 0) {
                // the client's commands are read and dropped
            }
        } catch (IOException ignored) {
            // the client may close first
        }
    }
}

package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.InboundTls;
import org.postern.engine.testsupport.EngineProcess;

/**
 * Client-initiated renegotiation (a CPU-exhaustion vector; only TLS 1.2 has it) is refused by the
 * listeners of a running engine: {@code openssl s_client -starttls smtp -tls1_2} asks for it with
 * the interactive {@code R} command and the server ends the connection.
 */
class RenegotiationTest {

    @TempDir
    Path dir;

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void aTls12ClientCannotRenegotiate() throws Exception {
        try (EngineProcess engine = EngineProcess.start(dir, "127.0.4.4", InboundTls.PREFERRED)) {
            Session s = Session.open(engine, "-tls1_2");
            s.send("EHLO renegotiation.example\n");
            assertThat(s.awaitOutput("250 ", 10)).as(s.text()).isTrue(); // EHLO answered over TLS 1.2
            assertThat(s.text()).contains("Protocol  : TLSv1.2");
            s.send("R\n");
            boolean closed = s.process.waitFor(10, TimeUnit.SECONDS);
            if (!closed) {
                s.send("NOOP\n");
                s.awaitOutput("250 2.0.0", 5);
            }
            String out = s.finish();
            assertThat(out).contains("RENEGOTIATING");
            assertThat(closed).as("the server must end the connection on a renegotiation request:\n" + out).isTrue();
            // the refusal reaches openssl as the fatal alert, or (on a loaded machine, when the close
            // overtakes the alert) as a record where its handshake expected one; either way no renegotiation
            assertThat(out).doesNotContain("250 2.0.0 Ok")
                    .containsPattern("(?i)alert handshake failure|alert number 40|unexpected record");
        }
    }

    @Test
    @Timeout(value = 90, unit = TimeUnit.SECONDS)
    void tls13SessionsAreUnaffected() throws Exception {
        try (EngineProcess engine = EngineProcess.start(dir, "127.0.4.4", InboundTls.PREFERRED)) {
            Session s = Session.open(engine, "-tls1_3");
            s.send("EHLO renegotiation.example\n");
            assertThat(s.awaitOutput("250 ", 10)).as(s.text()).isTrue();
            s.send("NOOP\n");
            assertThat(s.awaitOutput("250 2.0.0", 10)).as(s.text()).isTrue();
            s.finish();
        }
    }

    /** An interactive {@code openssl s_client} whose standard input stays open. */
    record Session(Process process, ByteArrayOutputStream output, OutputStream in) {

        static Session open(EngineProcess engine, String protocol) throws IOException {
            Process p = new ProcessBuilder(List.of("openssl", "s_client", "-starttls", "smtp", "-crlf", protocol,
                    "-connect", engine.address + ":" + engine.port)).redirectErrorStream(true).start();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            Thread.ofVirtual().start(() -> copy(p.getInputStream(), out));
            return new Session(p, out, p.getOutputStream());
        }

        private static void copy(InputStream from, ByteArrayOutputStream to) {
            byte[] buf = new byte[4096];
            try {
                int n;
                while ((n = from.read(buf)) > 0) {
                    synchronized (to) {
                        to.write(buf, 0, n);
                    }
                }
            } catch (IOException e) {
                // the process ended
            }
        }

        String text() {
            synchronized (output) {
                return output.toString(StandardCharsets.UTF_8);
            }
        }

        void send(String line) {
            try {
                in.write(line.getBytes(StandardCharsets.US_ASCII));
                in.flush();
            } catch (IOException e) {
                // s_client has gone: the caller looks at whether it exited
            }
        }

        boolean awaitOutput(String marker, int seconds) throws InterruptedException {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
            while (System.nanoTime() < deadline) {
                if (text().contains(marker)) {
                    return true;
                }
                Thread.sleep(50);
            }
            return false;
        }

        String finish() throws InterruptedException {
            send("QUIT\n");
            try {
                in.close();
            } catch (IOException e) {
                // already gone
            }
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
            Thread.sleep(100);
            return text();
        }
    }
}

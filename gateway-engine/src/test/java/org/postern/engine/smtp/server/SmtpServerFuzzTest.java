package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.mail.Addresses;
import org.postern.engine.testsupport.FuzzBounds;

/**
 * Fuzz harnesses for what an SMTP client sends the inbound server: the command-line reader, the
 * MAIL/RCPT path and parameter parser, the DATA reader (dot-unstuffing, line endings), and a real
 * session over a loopback socket. Seeds: {@code SmtpServerFuzzTestInputs/<method>/} in the test
 * resources. Without {@code JAZZER_FUZZ} only the seeds (and every input that once failed) run.
 */
class SmtpServerFuzzTest {

    private static final int MAX_LINE = 512;
    private static final Pattern REPLY_LINE = Pattern.compile("[2-5][0-9][0-9][ -][\\x20-\\x7e]*");

    private static Path dir;
    private static ServerFixture server;

    @BeforeAll
    static void start() throws IOException {
        dir = Files.createTempDirectory("smtp-fuzz");
        ListenerSpec spec = new ListenerSpec("Fuzz", ListenerKind.PRIVATE, "127.0.10.1", 0, "example.test",
                List.of("example.test"), 1000, 50, null, List.of(),
                List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, InboundTls.NO, 64L * 1024, 5),
                        MailFlowPolicy.of("RELAYED", PolicyAction.RELAY, InboundTls.NO)),
                "ACCEPTED");
        SmtpSettings settings = EngineFixture.FAST.withMinFreeSpace(0)
                .withTimeouts(Duration.ofSeconds(2), Duration.ofSeconds(2), Duration.ofSeconds(2))
                .withErrorLimits(10, 20, Duration.ofMillis(1), 100);
        server = new ServerFixture(dir, settings, spec, s -> s);
    }

    @AfterAll
    static void stop() throws IOException {
        if (server != null) {
            server.close();
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /**
     * Command lines: the reader reports only "too long" or "not UTF-8", never returns more than the
     * limit, and the path parser either refuses (null) or returns an address and upper-case keys.
     */
    @FuzzTest(maxDuration = "2m")
    void commandLines(byte[] input) throws Exception {
        List<Parsed> parsed = new ArrayList<>();
        FuzzBounds.check(input.length, 2_000, 1024 * 1024, 64, () -> {
            parsed.clear();
            SmtpInput in = new SmtpInput(new ByteArrayInputStream(input));
            while (true) {
                String line;
                try {
                    line = in.readLine(MAX_LINE);
                } catch (SmtpInput.LineTooLongException | SmtpInput.MalformedLineException e) {
                    continue;
                }
                if (line == null) {
                    return;
                }
                int sp = line.indexOf(' ');
                String args = sp < 0 ? "" : line.substring(sp + 1);
                PathArgument from = PathArgument.parse(args, "FROM");
                PathArgument to = PathArgument.parse(args, "TO");
                for (PathArgument p : new PathArgument[] {from, to}) {
                    if (p != null) {
                        Addresses.problem(p.address(), true);
                        Addresses.problem(p.address(), false);
                    }
                }
                parsed.add(new Parsed(line, Replies.printable(line), from, to));
            }
        });
        for (Parsed p : parsed) {
            assertThat(p.line().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(MAX_LINE);
            assertThat(p.printable()).matches("[\\x20-\\x7e]*");
            for (PathArgument a : new PathArgument[] {p.from(), p.to()}) {
                if (a != null) {
                    assertThat(a.address()).isNotNull().doesNotContain(">");
                    a.parameters().keySet().forEach(k -> assertThat(k).isNotEmpty().isUpperCase());
                }
            }
        }
    }

    private record Parsed(String line, String printable, PathArgument from, PathArgument to) {
    }

    /**
     * DATA: the copy ends at CRLF.CRLF or end of input, never writes beyond the limit, and a message
     * it accepts has only CRLF line endings, no line over 998 octets, and dot-stuffs back to itself.
     */
    @FuzzTest(maxDuration = "2m")
    void data(byte[] input) throws Exception {
        long limit = 4096;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DataCommand.Result[] result = new DataCommand.Result[1];
        FuzzBounds.check(input.length, 2_000, 1024 * 1024, 64, () -> {
            out.reset();
            result[0] = DataCommand.copy(new SmtpInput(new ByteArrayInputStream(input)), out, limit);
        });
        DataCommand.Result r = result[0];
        byte[] message = out.toByteArray();
        assertThat(message.length).isLessThanOrEqualTo((int) limit);
        if (r == DataCommand.Result.OK) {
            String text = new String(message, StandardCharsets.ISO_8859_1);
            assertThat(text.replace("\r\n", "")).doesNotContain("\r").doesNotContain("\n");
            for (String l : text.split("\r\n", -1)) {
                assertThat(l.length()).isLessThanOrEqualTo(DataCommand.MAX_LINE);
            }
            // stuffing the message again and reading it gives the same bytes
            String stuffed = (text.startsWith(".") ? "." : "") + text.replace("\r\n.", "\r\n..");
            String wire = stuffed + (stuffed.isEmpty() || stuffed.endsWith("\r\n") ? "" : "\r\n") + ".\r\n";
            ByteArrayOutputStream again = new ByteArrayOutputStream();
            DataCommand.Result r2 = DataCommand.copy(new SmtpInput(new ByteArrayInputStream(
                    wire.getBytes(StandardCharsets.ISO_8859_1))), again, limit + 2);
            assertThat(r2).isEqualTo(DataCommand.Result.OK);
            String back = again.toString(StandardCharsets.ISO_8859_1);
            assertThat(back).isEqualTo(text.isEmpty() || text.endsWith("\r\n") ? text : text + "\r\n");
        }
    }

    /**
     * A whole session over a real socket: whatever the client sends after EHLO, every reply is a
     * well-formed ASCII reply line, no command fails with an internal error, and the session ends
     * within its time limits once the client has sent everything.
     */
    @FuzzTest(maxDuration = "2m")
    void session(byte[] input) throws Exception {
        // the harness talks to its own loopback servers: allowed for Jazzer's SSRF detector
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections((host, port) -> host.startsWith("127.0.10."))) {
            sessionOnLoopback(input);
        }
    }

    private void sessionOnLoopback(byte[] input) throws Exception {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.10.1", server.server.port()), 2_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("EHLO fuzz.example.test\r\n".getBytes(StandardCharsets.US_ASCII));
            out.write(input);
            out.flush();
            s.shutdownOutput();
            long start = System.nanoTime();
            String replies = readAll(s.getInputStream());
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(millis).as("session end after the client finished").isLessThan(8_000);
            assertThat(replies).startsWith("220 ");
            for (String line : replies.split("\r\n")) {
                assertThat(line).as("reply line").matches(REPLY_LINE);
            }
            assertThat(replies).doesNotContain("internal error");
        }
    }

    private static String readAll(InputStream in) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                all.write(buf, 0, n);
                assertThat(all.size()).as("reply bytes").isLessThan(4 * 1024 * 1024);
            }
        } catch (java.net.SocketException reset) {
            // the server may close while unread input is pending (RST); the replies so far count
        }
        return all.toString(StandardCharsets.ISO_8859_1);
    }
}

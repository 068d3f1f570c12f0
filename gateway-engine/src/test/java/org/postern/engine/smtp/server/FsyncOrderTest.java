package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;

/**
 * LIS-10 durability where it matters: a SIGKILL keeps the page cache, so {@link CrashSafetyTest}
 * cannot tell whether data reached the disk. Here {@code postern run} runs under strace and the
 * system calls show the order for one message received over SMTP: the queue file is fsync'ed, then
 * renamed into {@code queue/messages}, then that directory is fsync'ed (a sync that starts after the
 * rename), and only then is {@code 250} written to the client.
 */
class FsyncOrderTest {

    static final String ADDRESS = "127.0.8.4";

    @TempDir
    Path dir;

    /** One system call: its text (arguments as strace printed them, fds with their paths) and where it started and ended in the trace. */
    record Call(String name, String text, int start, int end) {
    }

    @Test
    void theQueueFileIsSyncedRenamedAndItsDirectorySyncedBeforeThe250() throws Exception {
        Assumptions.assumeTrue(onPath("strace"), "strace is not installed (Debian package strace): the fsync-ordering test is skipped");
        Path data = dir.toRealPath().resolve("data");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.ofLiteral(ADDRESS))) {
            port = s.getLocalPort();
        }
        try (EmbeddedGateway g = EmbeddedGateway.open(data)) {
            g.listeners().list().forEach(l -> g.listeners().delete(l.name()));
            g.listeners().create(new ListenerSpec("Test", ListenerKind.PRIVATE, ADDRESS, port, "example.test",
                    List.of("example.test"), 10, 50, null, List.of(),
                    List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, InboundTls.NO, 64 * 1024, 5)), "ACCEPTED"));
            EngineFixture.holdDeliveries(g);
        }
        Path trace = dir.resolve("trace.txt");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process engine = new ProcessBuilder("strace", "-f", "-y", "-s", "128", "-qq", "-e", "signal=none",
                "-e", "trace=fsync,fdatasync,rename,renameat,renameat2,openat,write,writev,sendto,sendmsg",
                "-o", trace.toString(), java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                "org.postern.engine.cli.PosternCli", "--data-dir", data.toString(), "run")
                .redirectErrorStream(true).redirectOutput(dir.resolve("engine.out").toFile()).start();
        String id;
        try {
            awaitListening(engine, port);
            try (SmtpClient c = new SmtpClient(ADDRESS, port, ADDRESS)) {
                c.expect("220");
                c.command("EHLO fsync.example", "250");
                c.command("MAIL FROM:<a@example.org>", "250");
                c.command("RCPT TO:<b@example.test>", "250");
                c.command("DATA", "354");
                c.raw("Subject: fsync order\r\n\r\n" + "body line\r\n".repeat(100) + ".\r\n");
                String r = c.reply();
                assertThat(r).startsWith("250 2.0.0 Ok: queued as ");
                id = r.substring(24).strip();
                c.command("QUIT", "221");
            }
        } finally {
            engine.destroy(); // strace ends its trace and the engine with it
            if (!engine.waitFor(30, TimeUnit.SECONDS)) {
                engine.destroyForcibly();
            }
        }
        List<Call> calls = parse(Files.readAllLines(trace));
        String tmpFile = data.resolve("queue/tmp/" + id).toString();
        String queued = data.resolve("queue/messages/" + id).toString();
        String messagesDir = data.resolve("queue/messages").toString();

        Call fileSync = first(calls, c -> c.name().matches("fsync|fdatasync") && c.text().contains("<" + tmpFile + ">"), 0,
                "fsync of the queue file " + tmpFile);
        Call rename = first(calls, c -> c.name().startsWith("rename") && c.text().contains(tmpFile) && c.text().contains(queued), 0,
                "rename of the queue file into queue/messages");
        Call dirSync = first(calls, c -> c.name().matches("fsync|fdatasync") && c.text().contains("<" + messagesDir + ">")
                && c.start() > rename.end(), rename.end(), "fsync of queue/messages that starts after the rename");
        Call reply = first(calls, c -> c.name().matches("write|writev|sendto|sendmsg") && c.text().contains("250 2.0.0 Ok: queued as " + id), 0, "250 reply written to the client");

        assertThat(fileSync.end()).as("the file is synced before it is renamed").isLessThan(rename.start());
        assertThat(rename.end()).as("the rename completes before the directory sync starts").isLessThan(dirSync.start());
        assertThat(dirSync.end()).as("the directory is synced before 250 is written").isLessThan(reply.start());
    }

    private static Call first(List<Call> calls, Predicate<Call> p, int from, String what) {
        return calls.stream().filter(c -> c.start() >= from).filter(p).findFirst()
                .orElseThrow(() -> new AssertionError("the trace shows no " + what));
    }

    /** Pairs strace's "unfinished" and "resumed" halves by thread id. */
    static List<Call> parse(List<String> lines) {
        List<Call> calls = new ArrayList<>();
        Map<String, String[]> open = new HashMap<>(); // pid -> {text, start index}
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int space = line.indexOf(' ');
            if (space < 0) {
                continue;
            }
            String pid = line.substring(0, space);
            String rest = line.substring(space + 1).strip();
            if (rest.startsWith("<... ")) {
                String[] started = open.remove(pid);
                if (started != null) {
                    calls.add(new Call(name(started[0]), started[0] + rest, Integer.parseInt(started[1]), i));
                }
            } else if (rest.endsWith("<unfinished ...>")) {
                open.put(pid, new String[] {rest, Integer.toString(i)});
            } else if (rest.indexOf('(') > 0) {
                calls.add(new Call(name(rest), rest, i, i));
            }
        }
        calls.sort(java.util.Comparator.comparingInt(Call::start));
        return calls;
    }

    private static String name(String text) {
        int paren = text.indexOf('(');
        return paren < 0 ? text : text.substring(0, paren);
    }

    private static boolean onPath(String tool) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(d, tool))) {
                return true;
            }
        }
        return false;
    }

    private static void awaitListening(Process engine, int port) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (System.nanoTime() < deadline) {
            if (!engine.isAlive()) {
                throw new AssertionError("the engine exited before listening");
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(ADDRESS, port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(200);
            }
        }
        throw new AssertionError("the engine did not listen on " + ADDRESS + ":" + port);
    }
}

package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.QueuedMessage;

/**
 * LIS-10: the engine is killed with SIGKILL while clients send; after a restart every message that
 * got 250 is in the queue, intact.
 */
class CrashSafetyTest {

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageSurvivesSigkill() throws Exception {
        int port = EngineFixture.freePort();
        try (EmbeddedGateway g = EmbeddedGateway.open(dir)) {
            g.listeners().list().forEach(l -> g.listeners().delete(l.name()));
            g.listeners().create(EngineFixture.listener("Test", port, InboundTls.NO, 100, List.of()));
            EngineFixture.holdDeliveries(g);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process engine = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), "org.postern.engine.cli.PosternCli", "--data-dir", dir.toString(), "run")
                .redirectErrorStream(true).redirectOutput(dir.resolve("engine.out").toFile()).start();
        waitForPort(port);

        Map<String, String> acked = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        List<Thread> senders = new java.util.ArrayList<>();
        for (int t = 0; t < 4; t++) {
            final int sender = t;
            senders.add(Thread.ofVirtual().start(() -> {
                int n = 0;
                while (!stop.get()) {
                    try (SmtpClient c = new SmtpClient(port)) {
                        c.expect("220");
                        c.command("EHLO crash.example", "250");
                        while (!stop.get()) {
                            String marker = "marker-" + sender + "-" + (n++);
                            c.command("MAIL FROM:<a@example.org>", "250");
                            c.command("RCPT TO:<b@example.test>", "250");
                            c.command("DATA", "354");
                            c.raw("Subject: " + marker + "\r\n\r\n" + ("line of " + marker + "\r\n").repeat(50) + ".\r\n");
                            String r = c.reply();
                            if (r != null && r.startsWith("250 2.0.0 Ok: queued as ")) {
                                acked.put(r.substring(24).strip(), marker);
                            } else {
                                break;
                            }
                        }
                    } catch (Exception | AssertionError e) {
                        // the engine died under us; reconnect until told to stop
                        try {
                            Thread.sleep(20);
                        } catch (InterruptedException ie) {
                            return;
                        }
                    }
                }
            }));
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (acked.size() < 150 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        engine.destroyForcibly(); // SIGKILL
        assertThat(engine.waitFor(10, TimeUnit.SECONDS)).isTrue();
        stop.set(true);
        for (Thread t : senders) {
            t.join(5000);
        }
        assertThat(acked.size()).as("messages acknowledged before the kill").isGreaterThanOrEqualTo(50);

        try (EmbeddedGateway g = EmbeddedGateway.open(dir, EngineFixture.FAST)) {
            g.listeners().update("Test", EngineFixture.listener("Test", EngineFixture.freePort(), InboundTls.NO, 100, List.of()));
            g.engine().start(); // recovery
            Map<String, QueuedMessage> queued = new java.util.HashMap<>();
            g.queue().list().forEach(m -> queued.put(m.id(), m));
            for (Map.Entry<String, String> e : acked.entrySet()) {
                assertThat(queued).as("acknowledged message %s", e.getKey()).containsKey(e.getKey());
                String content = new String(g.queue().content(e.getKey()), StandardCharsets.UTF_8);
                assertThat(content).contains("Subject: " + e.getValue() + "\r\n")
                        .endsWith(("line of " + e.getValue() + "\r\n").repeat(50));
            }
            assertThat(new File(dir.resolve("queue/tmp").toString()).list()).isEmpty();
        }
    }

    private static void waitForPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the engine did not start listening on port " + port);
    }
}

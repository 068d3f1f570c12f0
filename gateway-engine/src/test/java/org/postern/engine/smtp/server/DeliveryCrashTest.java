package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.delivery.DeliveryEngine;
import org.postern.engine.testsupport.TestSmtpServer;

/**
 * Faults: {@code postern run} is killed with SIGKILL while it delivers to a slow remote (which
 * holds each message 3 s after its final dot). After a restart every acknowledged message reaches
 * the remote at least once; a message whose data the remote had taken when the engine died is
 * sent again (at-least-once), and those duplicates are counted and reported.
 */
class DeliveryCrashTest {

    static final int MESSAGES = 12;
    static final Pattern MARKER = Pattern.compile("Subject: (crash-\\d+)\r\n");

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedMessageIsDeliveredAtLeastOnceAfterSigkillDuringDelivery() throws Exception {
        TestSmtpServer slow = new TestSmtpServer("127.0.12.5", TestSmtpServer.Mode.HOLD_DATA, null, List.of());
        TestSmtpServer after = new TestSmtpServer("127.0.12.6", TestSmtpServer.Mode.NO_STARTTLS, null, List.of());
        Process engine = null;
        try {
            int port = EngineFixture.freePort();
            try (EmbeddedGateway g = EmbeddedGateway.open(dir)) {
                g.listeners().list().forEach(l -> g.listeners().delete(l.name()));
                g.listeners().create(new ListenerSpec("In", ListenerKind.PRIVATE, "127.0.12.4", port, "example.test",
                        List.of("example.test"), 100, 50, null, List.of(),
                        List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, InboundTls.NO, 64 * 1024, 5)), "ACCEPTED"));
                g.destinations().save(new DestinationEntry("example.test", OutboundTls.NONE, DaneSetting.NONE, 5,
                        "127.0.12.5:" + slow.port(), false));
            }
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            engine = new ProcessBuilder(java, "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    "org.postern.engine.cli.PosternCli", "--data-dir", dir.toString(), "run")
                    .redirectErrorStream(true).redirectOutput(dir.resolve("engine.out").toFile()).start();
            awaitPort(port);

            Map<String, String> acked = new LinkedHashMap<>();
            try (SmtpClient c = new SmtpClient("127.0.12.4", port, null)) {
                c.expect("220");
                c.command("EHLO crash.example.org", "250");
                for (int i = 0; i < MESSAGES; i++) {
                    String marker = "crash-" + i;
                    c.command("MAIL FROM:<a@example.org>", "250");
                    c.command("RCPT TO:<b@example.test>", "250");
                    c.command("DATA", "354");
                    c.raw("Subject: " + marker + "\r\n\r\nbody of " + marker + "\r\n.\r\n");
                    String r = c.expect("250 2.0.0 Ok: queued as ");
                    acked.put(r.substring(24).strip(), marker);
                }
            }
            // wait until the remote has taken at least one message's data and is holding its 250
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            while (slow.dataEnded() == 0 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertThat(slow.dataEnded()).as("deliveries in flight before the kill").isPositive();
            engine.destroyForcibly(); // SIGKILL, mid-delivery
            assertThat(engine.waitFor(10, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(3500); // the held messages are now "received" by the slow remote although the engine never saw its 250
            int takenBeforeKill = slow.received().size();

            try (EmbeddedGateway g = EmbeddedGateway.open(dir, EngineOptions.defaults()
                    .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(50), List.of(Duration.ofMillis(200)))))) {
                g.listeners().list().forEach(l -> g.listeners().delete(l.name()));
                g.destinations().save(new DestinationEntry("example.test", OutboundTls.NONE, DaneSetting.NONE, 5,
                        "127.0.12.6:" + after.port(), false));
                g.engine().start(); // recovery
                deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                while (!g.queue().list().isEmpty() && System.nanoTime() < deadline) {
                    Thread.sleep(25);
                }
                assertThat(g.queue().list()).as("queue after the restart").isEmpty();
            }
            Map<String, Integer> copies = new HashMap<>();
            List<TestSmtpServer.Received> all = new ArrayList<>(slow.received());
            all.addAll(after.received());
            int cutOff = 0;
            for (TestSmtpServer.Received r : all) {
                Matcher m = MARKER.matcher(r.data());
                // the test server also records data cut off by the kill before the final dot: not a delivery
                if (m.find() && r.data().endsWith("body of " + m.group(1) + "\r\n")) {
                    copies.merge(m.group(1), 1, Integer::sum);
                } else {
                    cutOff++;
                }
            }
            for (String marker : acked.values()) {
                assertThat(copies.getOrDefault(marker, 0)).as("copies of %s", marker).isGreaterThanOrEqualTo(1);
            }
            int duplicates = copies.values().stream().mapToInt(n -> n - 1).sum();
            System.out.printf("SIGKILL during delivery: %d acknowledged, %d taken by the remote before the kill, %d delivered after"
                    + " the restart, %d duplicate(s) (at-least-once), %d cut off before the final dot%n", acked.size(), takenBeforeKill,
                    after.received().size(), duplicates, cutOff);
            assertThat(copies.keySet()).containsExactlyInAnyOrderElementsOf(acked.values());
        } finally {
            if (engine != null && engine.isAlive()) {
                engine.destroyForcibly();
            }
            slow.close();
            after.close();
        }
    }

    private static void awaitPort(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.12.4", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the engine did not start listening on port " + port);
    }
}

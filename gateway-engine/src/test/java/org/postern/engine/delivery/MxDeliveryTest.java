package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.testsupport.TestDnsServer;
import org.postern.engine.testsupport.TestSmtpServer;

/**
 * DLV-8 over a real DNS server: MX hosts by preference (the next one when the first is down), the
 * implicit MX, null MX (RFC 7505) and nonexistent domains bounce at once, a DNS failure defers.
 */
class MxDeliveryTest {

    @TempDir
    Path dir;
    TestDnsServer dns;
    TestSmtpServer mx2;
    TestSmtpServer implicit;
    TestSmtpServer senderMx;
    EmbeddedGateway gateway;
    int port;

    @BeforeEach
    void start() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        // mx1 (127.0.0.91) has nothing listening: delivery must move on to mx2
        mx2 = new TestSmtpServer("127.0.0.92", port, TestSmtpServer.Mode.NO_STARTTLS, null, List.of());
        implicit = new TestSmtpServer("127.0.0.93", port, TestSmtpServer.Mode.NO_STARTTLS, null, List.of());
        senderMx = new TestSmtpServer("127.0.0.94", port, TestSmtpServer.Mode.NO_STARTTLS, null, List.of());
        dns = TestDnsServer.builder()
                .zone("mx.test.", false, "@ MX 20 mx2", "@ MX 10 mx1", "mx1 A 127.0.0.91", "mx2 A 127.0.0.92")
                .zone("implicit.test.", false, "@ A 127.0.0.93")
                .zone("nullmx.test.", false, "@ MX 0 .")
                .zone("sender.test.", false, "@ MX 10 mail", "mail A 127.0.0.94")
                .servfail("broken.test.")
                .start();
        gateway = EmbeddedGateway.open(dir, EngineOptions.defaults()
                .withClientTimeouts(new DeliveryAttempt.Timeouts(Duration.ofSeconds(2), Duration.ofSeconds(3), Duration.ofSeconds(5)))
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(100), List.of(Duration.ofHours(1))))
                .withMxPort(port));
        gateway.dns().set(new DnsApi.DnsConfig(List.of(dns.hostPort()), "trust-ad", null));
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        gateway.engine().start();
    }

    @AfterEach
    void stop() throws IOException {
        gateway.close();
        dns.close();
        mx2.close();
        implicit.close();
        senderMx.close();
    }

    static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(25);
        }
    }

    String send(String to) {
        return gateway.queue().inject("alice@sender.test", List.of(to),
                ("Subject: to " + to + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    @Test
    void mxHostsAreTriedByPreference() throws Exception {
        send("bob@mx.test");
        await(() -> mx2.received().size() == 1);
        gateway.flushLog();
        List<MailEvent> deferred = gateway.mailLog().search(MailLogQuery.latest(50).withType(MailEvent.Type.DEFERRED));
        assertThat(deferred).anyMatch(e -> e.text().contains("host mx1.mx.test [127.0.0.91:" + port + "]: connection to"));
        await(() -> gateway.queue().list().isEmpty());
    }

    @Test
    void aDomainWithoutMxGetsMailAtItsAddress() throws Exception {
        send("bob@implicit.test");
        await(() -> implicit.received().size() == 1);
    }

    @Test
    void nullMxAndNonexistentDomainsBounceAtOnce() throws Exception {
        send("bob@nullmx.test");
        send("bob@nowhere.mx.test");
        await(() -> senderMx.received().size() == 2);
        assertThat(senderMx.received()).anyMatch(r -> r.data().contains("Status: 5.1.10")
                && r.data().contains("nullmx.test accepts no mail (null MX, RFC 7505)"));
        assertThat(senderMx.received()).anyMatch(r -> r.data().contains("Status: 5.1.2")
                && r.data().contains("domain nowhere.mx.test does not exist"));
        await(() -> gateway.queue().list().isEmpty());
    }

    @Test
    void aDnsFailureDefers() throws Exception {
        String id = send("bob@broken.test");
        await(() -> gateway.queue().list().stream().anyMatch(m -> m.id().equals(id) && "DEFERRED".equals(m.state())));
        QueuedMessage m = gateway.queue().list().stream().filter(x -> x.id().equals(id)).findFirst().orElseThrow();
        assertThat(m.lastError()).startsWith("4.4.3 MX lookup for broken.test failed");
    }
}

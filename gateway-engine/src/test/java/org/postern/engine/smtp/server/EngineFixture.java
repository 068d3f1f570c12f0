package org.postern.engine.smtp.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.SenderGroup;

/** An embedded engine on a temporary data directory with one test listener and short timeouts. */
final class EngineFixture implements AutoCloseable {

    static final SmtpSettings FAST = SmtpSettings.defaults()
            .withTimeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(2))
            .withErrorLimits(10, 20, Duration.ofMillis(10), 100);

    final EmbeddedGateway gateway;
    final int port;

    EngineFixture(Path dir, InboundTls tls) throws IOException {
        this(dir, listener("Test", freePort(), tls, 1000, List.of()));
    }

    EngineFixture(Path dir, ListenerSpec spec) {
        this(dir, FAST, spec);
    }

    EngineFixture(Path dir, SmtpSettings settings, ListenerSpec spec) {
        gateway = EmbeddedGateway.open(dir, settings);
        for (ListenerSpec l : gateway.listeners().list()) {
            gateway.listeners().delete(l.name());
        }
        gateway.listeners().create(spec);
        holdDeliveries(gateway);
        gateway.engine().start();
        port = gateway.listenerRuntime().port(spec.name());
    }

    /**
     * Keeps accepted test mail in the queue: deliveries for the test domains go to a closed port
     * and are deferred, so tests can inspect what was queued.
     */
    static void holdDeliveries(EmbeddedGateway g) {
        for (String domain : List.of("example.test", "example.org")) {
            g.destinations().save(new org.postern.engine.api.DestinationEntry(domain,
                    org.postern.engine.api.OutboundTls.NONE, org.postern.engine.api.DaneSetting.NONE, 5, "127.0.0.1:9", false));
        }
    }

    /** The queue once it holds {@code n} messages (the index follows the acknowledgement by moments). */
    java.util.List<org.postern.engine.api.QueuedMessage> awaitQueue(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 10_000_000_000L;
        java.util.List<org.postern.engine.api.QueuedMessage> q = gateway.queue().list();
        while (q.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
            q = gateway.queue().list();
        }
        return q;
    }

    static ListenerSpec listener(String name, int port, InboundTls tls, int maxConnections, List<SenderGroup> groups) {
        return new ListenerSpec(name, ListenerKind.PRIVATE, "127.0.0.1", port, "example.test", List.of("example.test"),
                maxConnections, 50, null, groups,
                List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, tls, 64 * 1024, 5),
                        MailFlowPolicy.of("BLOCKED", PolicyAction.REJECT, InboundTls.NO),
                        MailFlowPolicy.of("RELAYED", PolicyAction.RELAY, tls)),
                "ACCEPTED");
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    SmtpClient connect() throws IOException {
        SmtpClient c = new SmtpClient(port);
        c.expect("220 ");
        return c;
    }

    @Override
    public void close() {
        gateway.close();
    }
}

package org.postern.engine.smtp.server;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.SenderGroup;
import org.postern.engine.config.Database;
import org.postern.engine.log.MailLog;
import org.postern.engine.log.TextLog;
import org.postern.engine.queue.Spool;

/**
 * One {@link SmtpServer} on 127.0.7.1 over a real spool, database and mail log, with the message
 * store and settings chosen by the test (to inject disk failures and use small limits).
 */
final class ServerFixture implements AutoCloseable {

    static final String ADDRESS = "127.0.7.1";

    final Database db;
    final MailLog log;
    final Spool spool;
    final Path queueDir;
    final SmtpServer server;

    ServerFixture(Path dir, SmtpSettings settings, ListenerSpec spec,
                  java.util.function.UnaryOperator<MessageStore> store) throws IOException {
        this(dir, settings, spec, store, client -> java.util.Optional.empty());
    }

    ServerFixture(Path dir, SmtpSettings settings, ListenerSpec spec,
                  java.util.function.UnaryOperator<MessageStore> store, SmtpServer.ReverseLookup names) throws IOException {
        queueDir = dir.resolve("queue");
        db = Database.open(dir.resolve("postern.db"));
        log = new MailLog(db, new TextLog(dir.resolve("logs"), 1024 * 1024, 2));
        spool = new Spool(queueDir, db);
        server = new SmtpServer(spec, new SmtpServer.Services(store.apply(MessageStore.of(spool)), log, () -> null, names),
                settings, "mx.example.test");
    }

    ServerFixture(Path dir, SmtpSettings settings) throws IOException {
        this(dir, settings, listener(ListenerKind.PRIVATE, 1000, List.of()), s -> s);
    }

    static ListenerSpec listener(ListenerKind kind, int maxConnections, List<SenderGroup> groups) {
        return listener(kind, maxConnections, groups, InboundTls.NO);
    }

    static ListenerSpec listener(ListenerKind kind, int maxConnections, List<SenderGroup> groups, InboundTls tls) {
        return new ListenerSpec("Test", kind, ADDRESS, 0, "example.test", List.of("example.test"),
                maxConnections, 50, null, groups,
                List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, tls, 8L * 1024 * 1024, 5),
                        MailFlowPolicy.of("RELAYED", PolicyAction.RELAY, InboundTls.NO)),
                "ACCEPTED");
    }

    /** Test settings: short timeouts, small error limits with a tiny delay, no free-space margin. */
    static SmtpSettings fast() {
        return EngineFixture.FAST.withMinFreeSpace(0);
    }

    SmtpClient connect() throws IOException {
        SmtpClient c = new SmtpClient(ADDRESS, server.port(), null);
        c.expect("220 ");
        return c;
    }

    /** Events of a type once the sessions have ended and everything they logged is stored. */
    List<MailEvent> events(MailEvent.Type type) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (server.activeSessions() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        List<MailEvent> events = List.of();
        for (int i = 0; i < 50 && events.isEmpty(); i++) {
            log.flush();
            events = log.search(MailLogQuery.latest(1000).withType(type));
            if (events.isEmpty()) {
                Thread.sleep(40);
            }
        }
        return events;
    }

    /** The queue once it lists {@code n} messages (the index follows the acknowledgement by moments). */
    List<org.postern.engine.api.QueuedMessage> awaitQueue(int n) throws InterruptedException {
        long deadline = System.nanoTime() + 5_000_000_000L;
        List<org.postern.engine.api.QueuedMessage> q = spool.list();
        while (q.size() < n && System.nanoTime() < deadline) {
            Thread.sleep(10);
            q = spool.list();
        }
        return q;
    }

    /** Files left in the spool's tmp directory (half-written messages). */
    List<Path> tmpFiles() throws IOException {
        try (var s = java.nio.file.Files.list(queueDir.resolve("tmp"))) {
            return s.toList();
        }
    }

    @Override
    public void close() {
        server.close();
        spool.close();
        log.close();
        db.close();
    }
}

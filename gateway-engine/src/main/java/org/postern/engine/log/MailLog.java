package org.postern.engine.log;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogApi;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.config.Database;

/**
 * The mail log (LOG-1, LOG-2): events are stamped, then written in batches by one writer thread
 * to SQLite and to the rotating text log, and handed to live subscribers on a thread of their own.
 * Logging never blocks a session on disk I/O, and memory stays bounded: beyond {@code capacity}
 * waiting events, new ones are dropped and counted (the log then records how many), and a
 * subscriber that falls behind misses batches (counted) instead of holding the writer.
 */
public final class MailLog implements MailLogApi, AutoCloseable {

    private static final MailEvent.Builder STOP = MailEvent.of(MailEvent.Type.WARNING, "stop");

    private record Pending(MailEvent.Builder builder, Instant time) {
    }

    private final Database db;
    private final TextLog text;
    /** Events that may wait for the writer by default. */
    public static final int DEFAULT_CAPACITY = 100_000;
    /** Batches that may wait for slow subscribers. */
    private static final int SUBSCRIBER_BACKLOG = 64;
    private static final List<MailEvent> STOP_BATCH = List.of();

    private final BlockingQueue<Pending> pending;
    private final BlockingQueue<List<MailEvent>> toSubscribers = new LinkedBlockingQueue<>(SUBSCRIBER_BACKLOG);
    private final List<Consumer<List<MailEvent>>> subscribers = new CopyOnWriteArrayList<>();
    private final AtomicLong submitted = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong droppedForSubscribers = new AtomicLong();
    private long droppedReported;
    private final Thread writer;
    private final Thread dispatcher;

    public MailLog(Database db, TextLog text) {
        this(db, text, DEFAULT_CAPACITY);
    }

    public MailLog(Database db, TextLog text, int capacity) {
        this.db = db;
        this.text = text;
        this.pending = new LinkedBlockingQueue<>(capacity);
        this.writer = Thread.ofPlatform().name("mail-log-writer").daemon().start(this::writeLoop);
        this.dispatcher = Thread.ofPlatform().name("mail-log-subscribers").daemon().start(this::dispatchLoop);
    }

    /** Records an event; returns at once. When {@code capacity} events wait already, it is dropped and counted. */
    public void log(MailEvent.Builder event) {
        if (pending.offer(new Pending(event, Instant.now()))) {
            submitted.incrementAndGet();
        } else {
            dropped.incrementAndGet();
        }
    }

    /** Events dropped because the writer was {@code capacity} events behind. */
    public long dropped() {
        return dropped.get();
    }

    /** Events live subscribers missed because they were behind. */
    public long droppedForSubscribers() {
        return droppedForSubscribers.get();
    }

    /** Waits until everything logged so far is stored (tests, shutdown). */
    public void flush() {
        long target = submitted.get();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (written.get() < target && System.nanoTime() < deadline) {
            try {
                Thread.sleep(2);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void writeLoop() {
        List<Pending> batch = new ArrayList<>();
        while (true) {
            try {
                batch.add(pending.take());
            } catch (InterruptedException e) {
                return;
            }
            pending.drainTo(batch, 500);
            boolean stop = batch.removeIf(p -> p.builder() == STOP);
            int fromCallers = batch.size();
            long droppedNow = dropped.get();
            if (droppedNow > droppedReported) {
                batch.add(new Pending(MailEvent.of(MailEvent.Type.WARNING, "mail log: " + (droppedNow - droppedReported)
                        + " event(s) dropped because the log writer fell behind (" + droppedNow + " in all)"), Instant.now()));
                droppedReported = droppedNow;
            }
            if (!batch.isEmpty()) {
                List<MailEvent> stored = store(batch);
                written.addAndGet(fromCallers);
                if (!subscribers.isEmpty() && !toSubscribers.offer(stored)) {
                    droppedForSubscribers.addAndGet(stored.size());
                }
            }
            batch.clear();
            if (stop) {
                toSubscribers.offer(STOP_BATCH);
                return;
            }
        }
    }

    /** Hands stored events to live subscribers, off the writer thread. */
    private void dispatchLoop() {
        while (true) {
            List<MailEvent> events;
            try {
                events = toSubscribers.take();
            } catch (InterruptedException e) {
                return;
            }
            if (events == STOP_BATCH) {
                return;
            }
            for (Consumer<List<MailEvent>> s : subscribers) {
                try {
                    s.accept(events);
                } catch (RuntimeException e) {
                    // a failing subscriber must not stop the log
                }
            }
        }
    }

    private List<MailEvent> store(List<Pending> batch) {
        List<MailEvent> events = new ArrayList<>(batch.size());
        try {
            db.transaction(tx -> {
                for (Pending p : batch) {
                    MailEvent e = p.builder().build(0, p.time());
                    tx.update("INSERT INTO mail_log(time, event, connection, message_id, listener, remote, sender,"
                                    + " recipient, domain, tls, protocol, cipher, peer_subject, result_type, text)"
                                    + " VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                            e.time().toString(), e.type().name(), e.connection(), e.messageId(), e.listener(), e.remote(),
                            e.sender(), e.recipient(), e.domain(), e.tls() == null ? null : e.tls().name(), e.protocol(),
                            e.cipher(), e.peerSubject(), e.resultType(), e.text());
                    long id = tx.queryOne("SELECT last_insert_rowid()", rs -> rs.getLong(1)).orElse(0L);
                    events.add(p.builder().build(id, p.time()));
                }
                return null;
            });
        } catch (RuntimeException e) {
            // the text log below still records the events
            events.clear();
            batch.forEach(p -> events.add(p.builder().build(0, p.time())));
        }
        text.write(events);
        return events;
    }

    @Override
    public List<MailEvent> search(MailLogQuery q) {
        StringBuilder sql = new StringBuilder("SELECT * FROM mail_log WHERE 1=1");
        List<Object> params = new ArrayList<>();
        like(sql, params, "message_id", q.messageId());
        like(sql, params, "sender", q.sender());
        like(sql, params, "recipient", q.recipient());
        like(sql, params, "domain", q.domain());
        if (q.type() != null) {
            sql.append(" AND event = ?");
            params.add(q.type().name());
        }
        if (q.from() != null) {
            sql.append(" AND time >= ?");
            params.add(q.from().toString());
        }
        if (q.to() != null) {
            sql.append(" AND time < ?");
            params.add(q.to().toString());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        params.add(q.limit() <= 0 ? 1000 : q.limit());
        return db.query(sql.toString(), rs -> new MailEvent(rs.getLong("id"), Instant.parse(rs.getString("time")),
                MailEvent.Type.valueOf(rs.getString("event")), rs.getString("connection"), rs.getString("message_id"),
                rs.getString("listener"), rs.getString("remote"), rs.getString("sender"), rs.getString("recipient"),
                rs.getString("domain"), rs.getString("tls") == null ? null
                        : org.postern.engine.api.TlsOutcome.valueOf(rs.getString("tls")),
                rs.getString("protocol"), rs.getString("cipher"), rs.getString("peer_subject"),
                rs.getString("result_type"), rs.getString("text")), params.toArray());
    }

    private static void like(StringBuilder sql, List<Object> params, String column, String value) {
        if (value != null && !value.isBlank()) {
            sql.append(" AND ").append(column).append(" LIKE ? ESCAPE '\\'");
            params.add("%" + value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
        }
    }

    @Override
    public AutoCloseable subscribe(Consumer<List<MailEvent>> listener) {
        subscribers.add(listener);
        return () -> subscribers.remove(listener);
    }

    @Override
    public void close() {
        try {
            pending.put(new Pending(STOP, Instant.now()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            writer.join(10_000);
            dispatcher.join(1_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        text.close();
    }
}

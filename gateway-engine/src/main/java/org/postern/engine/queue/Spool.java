package org.postern.engine.queue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.QuarantinedFile;
import org.postern.engine.api.QueueApi;
import org.postern.engine.api.QueueCounts;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.config.Database;
import org.postern.engine.config.SecureFiles;
import org.postern.engine.mail.Addresses;
import org.postern.engine.mail.Crlf;
import org.postern.engine.mail.Hostname;
import org.postern.engine.mail.ReceivedHeader;

/**
 * The durable queue (LIS-10, DESIGN "data that must never be lost"). A message is written to
 * {@code tmp/}, forced to disk, renamed into {@code messages/}, and the directory is forced: only
 * then is it acknowledged. Each file starts with its envelope, so the SQLite index can always be
 * rebuilt from the files; {@link #recover()} does that at start-up.
 */
public final class Spool implements QueueApi, AutoCloseable {

    private static final String MAGIC = "Postern-Queue-File: 1";
    private static final AtomicLong SEQUENCE = new AtomicLong();

    private final Path tmp;
    private final Path messages;
    private final Path quarantine;
    private final Database db;
    private final List<Runnable> enqueueListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final GroupSync messagesSync;
    private final java.util.concurrent.BlockingQueue<PendingIndex> pendingIndex = new java.util.concurrent.LinkedBlockingQueue<>();
    private final Thread indexWriter;

    /** An index row waiting for the batch writer; {@code done} completes when it is in SQLite. */
    private record PendingIndex(String id, Envelope envelope, long size,
                                java.util.concurrent.CompletableFuture<Void> done) {
    }

    private static final PendingIndex STOP = new PendingIndex(null, null, 0, null);

    public Spool(Path directory, Database db) {
        this.tmp = directory.resolve("tmp");
        this.messages = directory.resolve("messages");
        this.quarantine = directory.resolve("quarantine");
        this.db = db;
        try {
            Files.createDirectories(tmp);
            Files.createDirectories(messages);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the queue directory " + directory + ": " + e.getMessage(), e);
        }
        this.messagesSync = new GroupSync(messages);
        this.indexWriter = Thread.ofPlatform().name("queue-index").daemon().start(this::writeIndex);
    }

    /** The longest wait between retries of a failed index batch. */
    private static final long MAX_RETRY_MILLIS = 5_000;

    /**
     * Writes index rows in batches, one transaction each. The queue file is already durable when a
     * row is queued here, and {@link #recover()} rebuilds missing rows, so the acknowledgement
     * never waits for SQLite. A failed batch is kept and retried with back-off (new rows join it);
     * the failure is reported at once to the index listeners and shown by {@link #health()}.
     */
    private void writeIndex() {
        List<PendingIndex> batch = new ArrayList<>();
        boolean stop = false;
        long retryMillis = 100;
        while (true) {
            if (batch.isEmpty()) {
                try {
                    batch.add(pendingIndex.take());
                } catch (InterruptedException e) {
                    return;
                }
            }
            pendingIndex.drainTo(batch, 1000);
            stop |= batch.remove(STOP);
            if (!batch.isEmpty()) {
                try {
                    db.transaction(tx -> {
                        for (PendingIndex p : batch) {
                            if (Files.exists(messages.resolve(p.id()))) {
                                index(p.id(), p.envelope(), p.size());
                            }
                        }
                        return null;
                    });
                } catch (RuntimeException e) {
                    indexFailed(e, batch.size());
                    if (stop) { // closing: recover() indexes these files at the next start
                        batch.forEach(p -> p.done().completeExceptionally(e));
                        return;
                    }
                    sleepOrStop(retryMillis);
                    retryMillis = Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
                    continue;
                }
                retryMillis = 100;
                indexRecovered();
                batch.forEach(p -> p.done().complete(null));
                enqueueListeners.forEach(Runnable::run);
                batch.clear();
            }
            if (stop) {
                return;
            }
        }
    }

    private void sleepOrStop(long millis) {
        try {
            PendingIndex next = pendingIndex.poll(millis, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (next != null) {
                pendingIndex.add(next); // taken with the retry batch
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private final List<java.util.function.Consumer<String>> indexListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile Instant indexFailingSince;
    private volatile String indexLastError;
    private volatile int indexWaiting;

    private void indexFailed(RuntimeException e, int waiting) {
        indexWaiting = waiting;
        indexLastError = e.getMessage() == null ? e.toString() : e.getMessage();
        if (indexFailingSince == null) {
            indexFailingSince = Instant.now();
            notifyIndex("queue index write failed, " + waiting + " accepted message(s) wait for delivery; retrying: "
                    + indexLastError);
        }
    }

    private void indexRecovered() {
        if (indexFailingSince != null) {
            notifyIndex("queue index write succeeded again after failing since " + indexFailingSince + "; "
                    + indexWaiting + " waiting message(s) indexed");
            indexFailingSince = null;
            indexLastError = null;
            indexWaiting = 0;
        }
    }

    private void notifyIndex(String text) {
        for (var l : indexListeners) {
            try {
                l.accept(text);
            } catch (RuntimeException ignored) {
                // a failing listener must not stop the index writer
            }
        }
    }

    /** Runs {@code listener} with a description when index writing starts failing and when it recovers. */
    public void onIndexTrouble(java.util.function.Consumer<String> listener) {
        indexListeners.add(listener);
    }

    @Override
    public org.postern.engine.api.QueueHealth health() {
        Instant since = indexFailingSince;
        return new org.postern.engine.api.QueueHealth(since == null, since == null ? 0 : indexWaiting, since,
                since == null ? null : indexLastError);
    }

    /** Stops the index writer after writing what is pending. */
    @Override
    public void close() {
        pendingIndex.add(STOP);
        try {
            indexWriter.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A message being received: the envelope is written first, the content streamed after it. */
    public final class Draft implements AutoCloseable {
        private final String id;
        private final Envelope envelope;
        private final Path file;
        private final FileChannel channel;
        private final OutputStream out;
        private long contentBytes;
        private boolean done;
        private final java.util.concurrent.CompletableFuture<Void> indexed = new java.util.concurrent.CompletableFuture<>();

        private Draft(String id, Envelope envelope) throws IOException {
            this.id = id;
            this.envelope = envelope;
            this.file = tmp.resolve(id);
            this.channel = SecureFiles.createNewOwnerOnly(file);
            this.out = new BufferedOutputStream(java.nio.channels.Channels.newOutputStream(channel), 64 * 1024);
            out.write(header(id, envelope));
        }

        public String id() {
            return id;
        }

        public OutputStream content() {
            return new OutputStream() {
                @Override
                public void write(int b) throws IOException {
                    out.write(b);
                    contentBytes++;
                }

                @Override
                public void write(byte[] b, int off, int len) throws IOException {
                    out.write(b, off, len);
                    contentBytes += len;
                }
            };
        }

        /**
         * Makes the message durable: its file is forced, renamed into the queue and the directory
         * forced (shared with concurrent commits). After this returns, 250 may be sent. The index
         * row follows asynchronously; {@link #indexed()} completes when it is written.
         */
        public String commit() throws IOException {
            out.flush();
            channel.force(true);
            channel.close();
            Files.move(file, messages.resolve(id), StandardCopyOption.ATOMIC_MOVE);
            done = true;
            messagesSync.sync();
            pendingIndex.add(new PendingIndex(id, envelope, contentBytes, indexed));
            return id;
        }

        /** Completes when the queue index lists the committed message. */
        public java.util.concurrent.CompletableFuture<Void> indexed() {
            return indexed;
        }

        /** Throws the message away (client vanished, size exceeded, rejected). */
        @Override
        public void close() {
            if (done) {
                return;
            }
            done = true;
            try {
                channel.close();
                Files.deleteIfExists(file);
            } catch (IOException e) {
                // recover() removes tmp files at the next start
            }
        }
    }

    /** Bytes free for this process on the file system that holds the queue (for 452 4.3.1 before DATA). */
    public long usableSpace() throws IOException {
        return Files.getFileStore(tmp).getUsableSpace();
    }

    public Draft begin(Envelope envelope) {
        try {
            return new Draft(newId(), envelope);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create a queue file: " + e.getMessage(), e);
        }
    }

    static String newId() {
        long t = System.currentTimeMillis();
        long seq = SEQUENCE.incrementAndGet() & 0xfff;
        int rnd = ThreadLocalRandom.current().nextInt(1 << 20);
        return String.format("%011X%03X%05X", t, seq, rnd);
    }

    private static byte[] header(String id, Envelope e) {
        StringBuilder sb = new StringBuilder(MAGIC).append('\n');
        sb.append("Id: ").append(id).append('\n');
        sb.append("Sender: ").append(e.sender()).append('\n');
        for (String r : e.recipients()) {
            sb.append("Recipient: ").append(r).append('\n');
        }
        sb.append("Received-At: ").append(e.receivedAt()).append('\n');
        if (e.listener() != null) {
            sb.append("Listener: ").append(e.listener()).append('\n');
        }
        if (e.client() != null) {
            sb.append("Client: ").append(e.client()).append('\n');
        }
        sb.append('\n');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private void index(String id, Envelope e, long size) {
        db.update("INSERT OR REPLACE INTO queue(id, sender, recipients, size, received_at, listener, client, state)"
                        + " VALUES(?, ?, ?, ?, ?, ?, ?, 'QUEUED')", id, e.sender(), String.join("\n", e.recipients()),
                size, e.receivedAt().toString(), e.listener(), e.client());
    }

    /** What start-up recovery did: rows rebuilt from files, and files moved to the quarantine. */
    public record Recovery(int reindexed, List<QuarantinedFile> quarantined) {
    }

    /**
     * Start-up recovery: unfinished files in {@code tmp/} were never acknowledged and are removed;
     * every file in {@code messages/} gets an index row (a file without a row is a message whose row
     * was not written yet: it is queued); index rows without a file are dropped (a message removed
     * or deleted, file first). A file that cannot be read as a queued message is moved to
     * {@code quarantine/} so that one bad file cannot block the queue.
     */
    public Recovery recover() {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(tmp)) {
            for (Path p : s) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot clean the queue's tmp directory: " + e.getMessage(), e);
        }
        Set<String> indexed = new HashSet<>(db.query("SELECT id FROM queue", rs -> rs.getString(1)));
        Set<String> onDisk = new HashSet<>();
        List<QuarantinedFile> quarantined = new ArrayList<>();
        int reindexed = 0;
        try (DirectoryStream<Path> s = Files.newDirectoryStream(messages)) {
            for (Path p : s) {
                String id = p.getFileName().toString();
                Parsed parsed;
                long size;
                try {
                    if (!id.matches("[0-9A-F]{19}")) {
                        throw new IOException("the name is not a queue id");
                    }
                    parsed = parse(p);
                    size = Files.size(p) - parsed.headerLength();
                } catch (IOException | RuntimeException unreadable) {
                    quarantined.add(quarantine(p, unreadable));
                    continue;
                }
                onDisk.add(id);
                if (!indexed.contains(id)) {
                    index(id, parsed.envelope(), size);
                    reindexed++;
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the queue directory: " + e.getMessage(), e);
        }
        for (String id : indexed) {
            if (!onDisk.contains(id)) {
                db.update("DELETE FROM queue WHERE id = ?", id);
            }
        }
        // attempts cut short by a crash are retried (at-least-once)
        db.update("UPDATE queue SET state = 'DEFERRED' WHERE state = 'ACTIVE'");
        if (!quarantined.isEmpty()) {
            try {
                messagesSync.sync();
            } catch (IOException e) {
                throw new IllegalStateException("cannot sync the queue directory: " + e.getMessage(), e);
            }
        }
        return new Recovery(reindexed, List.copyOf(quarantined));
    }

    private static final String REASON_SUFFIX = ".reason";

    /** Moves an unreadable file aside, with its reason next to it. */
    private QuarantinedFile quarantine(Path file, Exception why) {
        String reason = why.getMessage() == null ? why.toString() : why.getMessage();
        try {
            Files.createDirectories(quarantine);
            String name = file.getFileName().toString();
            Path target = quarantine.resolve(name);
            for (int i = 1; Files.exists(target) || Files.exists(quarantine.resolve(target.getFileName() + REASON_SUFFIX)); i++) {
                target = quarantine.resolve(name + "." + i);
            }
            Instant now = Instant.now();
            Files.writeString(quarantine.resolve(target.getFileName() + REASON_SUFFIX), now + "\n" + reason + "\n");
            Files.move(file, target, StandardCopyOption.ATOMIC_MOVE);
            try (FileChannel dir = FileChannel.open(quarantine, StandardOpenOption.READ)) {
                dir.force(true);
            }
            return new QuarantinedFile(target.getFileName().toString(), Files.size(target), now, reason);
        } catch (IOException e) {
            throw new IllegalStateException("cannot move the unreadable queue file " + file.getFileName()
                    + " to the quarantine (" + reason + "): " + e.getMessage(), e);
        }
    }

    @Override
    public List<QuarantinedFile> quarantined() {
        if (!Files.isDirectory(quarantine)) {
            return List.of();
        }
        List<QuarantinedFile> all = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(quarantine)) {
            for (Path p : s) {
                String name = p.getFileName().toString();
                if (name.endsWith(REASON_SUFFIX)) {
                    continue;
                }
                Instant at = Files.getLastModifiedTime(p).toInstant();
                String reason = "unknown";
                Path r = quarantine.resolve(name + REASON_SUFFIX);
                if (Files.exists(r)) {
                    String[] lines = Files.readString(r).split("\n", 2);
                    try {
                        at = Instant.parse(lines[0]);
                    } catch (RuntimeException e) {
                        // keep the file time
                    }
                    reason = lines.length > 1 ? lines[1].strip() : reason;
                }
                all.add(new QuarantinedFile(name, Files.isRegularFile(p) ? Files.size(p) : 0, at, reason));
            }
        } catch (IOException e) {
            throw new PosternException("cannot list the queue quarantine: " + e.getMessage());
        }
        all.sort(java.util.Comparator.comparing(QuarantinedFile::quarantinedAt).reversed());
        return all;
    }

    private record Parsed(Envelope envelope, int headerLength) {
    }

    private static Parsed parse(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(1 << 20);
            int end = -1;
            for (int i = 0; i + 1 < head.length; i++) {
                if (head[i] == '\n' && head[i + 1] == '\n') {
                    end = i + 2;
                    break;
                }
            }
            if (end < 0) {
                throw new IOException("queue file " + file.getFileName() + " has no envelope");
            }
            String[] lines = new String(head, 0, end, StandardCharsets.UTF_8).split("\n");
            if (!lines[0].equals(MAGIC)) {
                throw new IOException("queue file " + file.getFileName() + " is not a Postern queue file");
            }
            String sender = "";
            List<String> rcpts = new ArrayList<>();
            Instant at = Instant.EPOCH;
            String listener = null;
            String client = null;
            for (String l : lines) {
                int c = l.indexOf(": ");
                if (c < 0) {
                    continue;
                }
                String v = l.substring(c + 2);
                switch (l.substring(0, c)) {
                    case "Sender" -> sender = v;
                    case "Recipient" -> rcpts.add(v);
                    case "Received-At" -> at = Instant.parse(v);
                    case "Listener" -> listener = v;
                    case "Client" -> client = v;
                    default -> { }
                }
            }
            return new Parsed(new Envelope(sender, rcpts, at, listener, client), end);
        }
    }

    // --- delivery ----------------------------------------------------------------------------

    /** Runs {@code listener} after each message becomes durable (delivery wakes up). */
    public void onEnqueue(Runnable listener) {
        enqueueListeners.add(listener);
    }

    /** Messages whose next attempt is due (never tried, or deferred until before {@code now}). */
    public List<QueuedMessage> due(Instant now, int limit) {
        return due(now, null, limit);
    }

    /**
     * As {@link #due(Instant, int)}; a message deferred until later than {@code now + longestWait}
     * is due too: no deferral is ever that long, so the clock was set back since it was scheduled,
     * and waiting for it would hold the message for as long as the clock jumped.
     */
    public List<QueuedMessage> due(Instant now, Duration longestWait, int limit) {
        String later = longestWait == null ? "9999-12-31T23:59:59Z" : now.plus(longestWait).toString();
        return db.query("SELECT * FROM queue WHERE state IN ('QUEUED', 'DEFERRED')"
                + " AND (next_attempt IS NULL OR next_attempt <= ? OR next_attempt > ?)"
                + " ORDER BY coalesce(next_attempt, received_at) LIMIT ?", Spool::map, now.toString(), later, limit);
    }

    /**
     * Claims a due message for one delivery attempt: true only for the first caller while the message
     * is still queued or deferred, so a message is never sent twice at once or after its removal.
     */
    public boolean claim(String id) {
        return db.update("UPDATE queue SET state = 'ACTIVE' WHERE id = ? AND state IN ('QUEUED', 'DEFERRED')", id) == 1;
    }

    /** The message content (after the envelope), for sending. */
    public InputStream openContent(String id) {
        Path p = messages.resolve(id);
        try {
            int headerLength = parse(p).headerLength();
            InputStream in = Files.newInputStream(p);
            in.skipNBytes(headerLength);
            return new java.io.BufferedInputStream(in, 64 * 1024);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot open queued message " + id, e);
        }
    }

    /** Records an attempt that left {@code remaining} recipients to retry at {@code next}. */
    public void defer(String id, List<String> remaining, int attempts, Instant next, String reason) {
        db.update("UPDATE queue SET recipients = ?, attempts = ?, next_attempt = ?, last_error = ?, state = 'DEFERRED'"
                + " WHERE id = ?", String.join("\n", remaining), attempts, next.toString(), reason, id);
    }

    /** Makes every deferred message due now ({@code postern queue flush}); returns how many. */
    @Override
    public int flush() {
        return db.update("UPDATE queue SET next_attempt = NULL WHERE state IN ('QUEUED', 'DEFERRED')");
    }

    /** Removes a message that needs no more delivery: the file first, so a crash leaves at worst a duplicate. */
    public void remove(String id) {
        try {
            Files.deleteIfExists(messages.resolve(id));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot remove queued message " + id, e);
        }
        db.update("DELETE FROM queue WHERE id = ?", id);
    }

    private static QueuedMessage map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new QueuedMessage(rs.getString("id"), rs.getString("sender"), List.of(rs.getString("recipients").split("\n")),
                rs.getLong("size"), Instant.parse(rs.getString("received_at")), rs.getString("listener"), rs.getString("client"),
                rs.getString("state"), rs.getInt("attempts"), rs.getString("last_error"));
    }

    // --- QueueApi -----------------------------------------------------------------------------

    @Override
    public List<QueuedMessage> list() {
        return db.query("SELECT * FROM queue ORDER BY received_at, id", Spool::map);
    }

    @Override
    public QueueCounts counts() {
        record StateCount(String state, int count, Instant oldest) {
        }
        List<StateCount> rows = db.query("SELECT state, count(*) AS n, min(received_at) AS oldest FROM queue GROUP BY state",
                rs -> new StateCount(rs.getString("state"), rs.getInt("n"), Instant.parse(rs.getString("oldest"))));
        java.util.function.ToIntFunction<String> count = state -> rows.stream().filter(r -> r.state().equals(state))
                .mapToInt(StateCount::count).sum();
        Instant oldest = rows.stream().map(StateCount::oldest).min(Instant::compareTo).orElse(null);
        return new QueueCounts(count.applyAsInt("QUEUED"), count.applyAsInt("ACTIVE"), count.applyAsInt("DEFERRED"), oldest);
    }

    @Override
    public byte[] content(String id) {
        Path p = messageFile(id);
        try {
            byte[] all = Files.readAllBytes(p);
            int headerLength = parse(p).headerLength();
            return java.util.Arrays.copyOfRange(all, headerLength, all.length);
        } catch (IOException e) {
            throw new PosternException("cannot read queued message " + id + ": " + e.getMessage());
        }
    }

    /**
     * Deletes a queued message: the file first, then its index row. A crash in between leaves a row
     * without a file, which {@link #recover()} drops; the other order would leave a file without a
     * row, which recovery must (and does) take for a message still to be delivered.
     */
    @Override
    public void delete(String id) {
        Path p = messageFile(id);
        try {
            Files.deleteIfExists(p);
            messagesSync.sync();
        } catch (IOException e) {
            throw new PosternException("cannot delete queued message " + id + ": " + e.getMessage());
        }
        db.update("DELETE FROM queue WHERE id = ?", id);
    }

    private Path messageFile(String id) {
        if (id == null || !id.matches("[0-9A-F]{19}")) {
            throw new PosternException("'" + id + "' is not a queue id");
        }
        Path p = messages.resolve(id);
        if (!Files.exists(p)) {
            throw new PosternException("no queued message with id " + id);
        }
        return p;
    }

    @Override
    public String inject(String sender, List<String> recipients, byte[] message) {
        if (recipients == null || recipients.isEmpty()) {
            throw new PosternException("at least one recipient is required");
        }
        Addresses.requireValid(sender, true);
        recipients.forEach(r -> Addresses.requireValid(r, false));
        try (Draft d = begin(new Envelope(sender, recipients, Instant.now(), null, "local"))) {
            OutputStream out = d.content();
            out.write(("Received: by " + Hostname.local() + " (Postern) with local id " + d.id() + "; "
                    + ReceivedHeader.date(Instant.now()) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(Crlf.normalize(message));
            String queued = d.commit();
            d.indexed().join(); // local submitters (CLI, alerts, DSNs) see the message listed at once
            return queued;
        } catch (IOException e) {
            throw new IllegalStateException("cannot queue the message: " + e.getMessage(), e);
        }
    }
}

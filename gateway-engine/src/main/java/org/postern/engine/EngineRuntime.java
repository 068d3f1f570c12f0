package org.postern.engine;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.postern.engine.api.EngineApi;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.QuarantinedFile;
import org.postern.engine.log.MailLog;
import org.postern.engine.queue.Spool;
import org.postern.engine.smtp.server.ListenerRuntime;
import org.postern.engine.delivery.DeliveryEngine;

/**
 * The running engine over a data directory: one at a time (an exclusive lock file), queue
 * recovery before anything is accepted, then the listeners. Opening the store without starting
 * the engine (the CLI's configuration commands) never touches messages in flight.
 */
final class EngineRuntime implements EngineApi, AutoCloseable {

    private static final int LOCK_ATTEMPTS = 10;
    private static final long LOCK_RETRY_MILLIS = 50;

    /**
     * The lock files that engines of this process hold, with their start. Closing any channel of a
     * file drops every lock this process holds on it (POSIX record locks), so {@link #state()} must
     * not open a lock file that an engine of this process holds; opening and locking are serialised
     * on this map for that reason.
     */
    private static final Map<Path, Instant> HELD_HERE = new HashMap<>();

    private final Path lockFile;
    private final Spool spool;
    private final MailLog log;
    private final ListenerRuntime listeners;
    private final DeliveryEngine delivery;
    private final Runnable dailyChecks;
    private java.util.concurrent.ScheduledExecutorService timer;
    private FileChannel lockChannel;
    private FileLock lock;
    private Instant startedAt;
    private final org.postern.engine.admin.AdminServer admin;

    EngineRuntime(Path dataDir, Spool spool, MailLog log, ListenerRuntime listeners, DeliveryEngine delivery,
                  Runnable dailyChecks, org.postern.engine.admin.AdminServer admin) {
        this.admin = admin;
        this.delivery = delivery;
        this.dailyChecks = dailyChecks;
        this.lockFile = canonical(dataDir).resolve("engine.lock");
        this.spool = spool;
        this.log = log;
        this.listeners = listeners;
    }

    /** One path per directory, whatever path the gateway was opened with, for {@link #HELD_HERE}. */
    private static Path canonical(Path dir) {
        try {
            return dir.toRealPath();
        } catch (IOException e) {
            return dir.toAbsolutePath().normalize();
        }
    }

    @Override
    public synchronized void start() {
        if (lock != null) {
            return;
        }
        lock = acquireLock();
        if (lock == null) {
            throw new PosternException("another Postern engine is already running on this data directory");
        }
        try {
            recordHolder();
            recoverQueue();
            startAdmin(); // first: whoever sees a listener answer can reach the control socket too
            listeners.start();
            delivery.start();
            timer = java.util.concurrent.Executors.newSingleThreadScheduledExecutor(r -> Thread.ofPlatform()
                    .name("engine-checks").daemon().unstarted(r));
            timer.scheduleAtFixedRate(() -> {
                try {
                    dailyChecks.run();
                } catch (RuntimeException e) {
                    log.log(MailEvent.of(MailEvent.Type.WARNING, "periodic checks failed: " + e.getMessage()));
                }
            }, 0, 12, java.util.concurrent.TimeUnit.HOURS);
        } catch (RuntimeException e) {
            // a failed start leaves nothing running and the lock free
            log.log(MailEvent.of(MailEvent.Type.WARNING, "engine start failed: " + e.getMessage()));
            stop();
            throw e instanceof PosternException pe ? pe : new PosternException("the engine cannot start: " + e.getMessage(), e);
        }
    }

    /**
     * The exclusive lock, or null when another engine holds it. A few tries: {@link #state()} of a
     * gateway that does not run takes the lock shared for an instant to see whether it is free.
     */
    private FileLock acquireLock() {
        for (int attempt = 0; attempt < LOCK_ATTEMPTS; attempt++) {
            synchronized (HELD_HERE) {
                if (!HELD_HERE.containsKey(lockFile)) {
                    try {
                        lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                        FileLock l = lockChannel.tryLock();
                        if (l != null) {
                            startedAt = Instant.now();
                            HELD_HERE.put(lockFile, startedAt);
                            return l;
                        }
                    } catch (IOException | OverlappingFileLockException e) {
                        // not lockable: as held
                    }
                    closeChannel();
                }
            }
            try {
                Thread.sleep(LOCK_RETRY_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
        }
        return null;
    }

    /** Writes who holds the lock into the lock file, for {@code postern status} of a gateway that does not run. */
    private void recordHolder() {
        byte[] text = ("pid=" + ProcessHandle.current().pid() + "\nstarted=" + startedAt + "\n")
                .getBytes(StandardCharsets.US_ASCII);
        try {
            lockChannel.truncate(0);
            lockChannel.write(ByteBuffer.wrap(text), 0);
        } catch (IOException e) {
            log.log(MailEvent.of(MailEvent.Type.WARNING, "cannot record the engine's process in " + lockFile + ": "
                    + e.getMessage()));
        }
    }

    private void recoverQueue() {
        Spool.Recovery r = spool.recover();
        if (r.reindexed() > 0) {
            log.log(MailEvent.of(MailEvent.Type.QUEUE, "recovery: " + r.reindexed() + " queued message(s) re-indexed"));
        }
        for (QuarantinedFile q : r.quarantined()) {
            log.log(MailEvent.of(MailEvent.Type.WARNING, "recovery: unreadable queue file moved to queue/quarantine/"
                    + q.name() + " (" + q.reason() + "); it is not delivered"));
        }
    }

    @Override
    public synchronized void stop() {
        if (timer != null) {
            timer.shutdownNow();
            timer = null;
        }
        admin.stop();
        listeners.stop();
        delivery.close();
        synchronized (HELD_HERE) {
            if (lock != null) {
                try {
                    lock.release();
                } catch (IOException e) {
                    // released when the channel closes
                }
                lock = null;
                HELD_HERE.remove(lockFile);
            }
            closeChannel();
        }
        startedAt = null;
    }

    private void closeChannel() {
        if (lockChannel != null) {
            try {
                lockChannel.close();
            } catch (IOException e) {
                // nothing more to do
            }
            lockChannel = null;
        }
    }

    @Override
    public synchronized boolean running() {
        return lock != null;
    }

    @Override
    public synchronized EngineState state() {
        if (lock != null) {
            return new EngineState(Activity.RUNNING, startedAt, ProcessHandle.current().pid());
        }
        return probe(lockFile);
    }

    /**
     * Whether an engine (in this process or another) holds {@code dataDir}'s lock. The answer may be
     * stale at once; callers use it to choose between the control socket and the store.
     */
    static boolean lockHeld(Path dataDir) {
        return probe(canonical(dataDir).resolve("engine.lock")).activity() != Activity.STOPPED;
    }

    /** The control API: without it the CLI cannot reach this engine, but mail still flows; the log says why. */
    private void startAdmin() {
        try {
            admin.start();
        } catch (RuntimeException e) {
            log.log(MailEvent.of(MailEvent.Type.WARNING, "control API not available: " + e.getMessage()));
        }
        org.postern.engine.api.AdminApi.HttpsStatus https = admin.status();
        if (https.listening()) {
            log.log(MailEvent.of(MailEvent.Type.SERVICE, "HTTPS administration listening on " + https.address() + ":"
                    + https.port() + " (certificate SHA-256 " + https.sha256Fingerprint() + ")"));
        } else if (admin.httpsEnabled()) {
            log.log(MailEvent.of(MailEvent.Type.WARNING, "HTTPS administration not available: " + https.problem()));
        }
    }

    /** Who holds {@code lockFile}, seen from a gateway that does not run the engine. */
    private static EngineState probe(Path lockFile) {
        synchronized (HELD_HERE) {
            Instant here = HELD_HERE.get(lockFile);
            if (here != null) {
                // another gateway of this process runs the engine: its lock file is not to be touched
                return new EngineState(Activity.RUNNING_ELSEWHERE, here, ProcessHandle.current().pid());
            }
            if (!Files.exists(lockFile)) {
                return new EngineState(Activity.STOPPED, null, 0);
            }
            try (FileChannel probe = FileChannel.open(lockFile, StandardOpenOption.READ)) {
                FileLock free;
                try {
                    free = probe.tryLock(0, Long.MAX_VALUE, true);
                } catch (OverlappingFileLockException e) {
                    free = null; // locked in this process, though not by an engine
                }
                if (free != null) {
                    free.release();
                    return new EngineState(Activity.STOPPED, null, 0);
                }
                ByteBuffer record = ByteBuffer.allocate(256);
                probe.read(record, 0);
                return holder(new String(record.array(), 0, record.position(), StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new PosternException("cannot tell whether an engine runs on this data directory: " + e.getMessage(), e);
            }
        }
    }

    /** The holder that {@link #recordHolder()} wrote (what of it is readable). */
    private static EngineState holder(String text) {
        Instant since = null;
        long pid = 0;
        for (String line : text.split("\n")) {
            try {
                if (line.startsWith("pid=")) {
                    pid = Long.parseLong(line.substring(4).strip());
                } else if (line.startsWith("started=")) {
                    since = Instant.parse(line.substring(8).strip());
                }
            } catch (RuntimeException e) {
                // a record cut short by a crash or by the holder writing it now: leave that part unknown
            }
        }
        return new EngineState(Activity.RUNNING_ELSEWHERE, since, pid);
    }

    @Override
    public List<ListenerStatus> status() {
        return listeners.status();
    }

    @Override
    public void close() {
        stop();
    }
}

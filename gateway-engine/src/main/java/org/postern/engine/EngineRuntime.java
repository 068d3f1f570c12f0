package org.postern.engine;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
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

    /** Lock files held by engines in this JVM. */
    private static final java.util.Set<Path> HELD_HERE = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private final Path lockFile;
    private final Spool spool;
    private final MailLog log;
    private final ListenerRuntime listeners;
    private final DeliveryEngine delivery;
    private final Runnable dailyChecks;
    private final org.postern.engine.admin.AdminServer admin;
    private java.util.concurrent.ScheduledExecutorService timer;
    private FileChannel lockChannel;
    private FileLock lock;

    EngineRuntime(Path dataDir, Spool spool, MailLog log, ListenerRuntime listeners, DeliveryEngine delivery,
                  Runnable dailyChecks, org.postern.engine.admin.AdminServer admin) {
        this.admin = admin;
        this.delivery = delivery;
        this.dailyChecks = dailyChecks;
        this.lockFile = dataDir.resolve("engine.lock");
        this.spool = spool;
        this.log = log;
        this.listeners = listeners;
    }

    @Override
    public synchronized void start() {
        if (lock != null) {
            return;
        }
        try {
            lockChannel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            lock = lockChannel.tryLock();
        } catch (IOException | OverlappingFileLockException e) {
            lock = null;
        }
        if (lock == null) {
            closeChannel();
            throw new PosternException("another Postern engine is already running on this data directory");
        }
        HELD_HERE.add(canonical(lockFile));
        try {
            recoverQueue();
            listeners.start();
            delivery.start();
            startAdmin();
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

    /**
     * Whether an engine (in this process or another) holds {@code dataDir}'s lock. The answer may be
     * stale at once; callers use it to choose between the control socket and the store.
     */
    static boolean lockHeld(Path dataDir) {
        Path file = dataDir.resolve("engine.lock");
        if (!java.nio.file.Files.exists(file)) {
            return false;
        }
        if (HELD_HERE.contains(canonical(file))) {
            // never open the file here: closing any channel on it would release this JVM's lock (POSIX)
            return true;
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            FileLock probe = ch.tryLock();
            if (probe == null) {
                return true;
            }
            probe.release();
            return false;
        } catch (OverlappingFileLockException e) {
            return true; // held by this JVM
        } catch (IOException e) {
            return false;
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
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                // released when the channel closes
            }
            lock = null;
            HELD_HERE.remove(canonical(lockFile));
        }
        closeChannel();
    }

    private static Path canonical(Path file) {
        try {
            return file.toRealPath();
        } catch (IOException e) {
            return file.toAbsolutePath().normalize();
        }
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
    public List<ListenerStatus> status() {
        return listeners.status();
    }

    @Override
    public void close() {
        stop();
    }
}

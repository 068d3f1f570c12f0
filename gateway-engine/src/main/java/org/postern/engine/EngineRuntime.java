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

    private final Path lockFile;
    private final Spool spool;
    private final MailLog log;
    private final ListenerRuntime listeners;
    private final DeliveryEngine delivery;
    private final Runnable dailyChecks;
    private java.util.concurrent.ScheduledExecutorService timer;
    private FileChannel lockChannel;
    private FileLock lock;

    EngineRuntime(Path dataDir, Spool spool, MailLog log, ListenerRuntime listeners, DeliveryEngine delivery,
                  Runnable dailyChecks) {
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
        try {
            recoverQueue();
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
        listeners.stop();
        delivery.close();
        if (lock != null) {
            try {
                lock.release();
            } catch (IOException e) {
                // released when the channel closes
            }
            lock = null;
        }
        closeChannel();
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

package org.postern.engine.queue;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Group commit for a directory: {@link #sync()} returns only after an fsync of the directory that
 * started after the call, but concurrent callers share one fsync. With many sessions renaming
 * queue files at once, N directory syncs become a few.
 */
final class GroupSync {

    private final Path directory;
    private final Object lock = new Object();
    private long started;
    private long completed;
    private boolean running;
    private long lastFailed = -1;
    private IOException lastFailure;

    GroupSync(Path directory) {
        this.directory = directory;
    }

    void sync() throws IOException {
        long number;
        synchronized (lock) {
            long target = started + 1; // the first sync that starts after this call
            while (true) {
                if (completed >= target) {
                    if (lastFailed >= target) {
                        throw new IOException("queue directory sync failed", lastFailure);
                    }
                    return;
                }
                if (!running) {
                    running = true;
                    number = ++started;
                    break;
                }
                try {
                    lock.wait();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IOException("interrupted while waiting for the queue directory sync", e);
                }
            }
        }
        IOException error = null;
        try (FileChannel ch = FileChannel.open(directory, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            error = e;
        }
        synchronized (lock) {
            completed = number;
            running = false;
            if (error != null) {
                lastFailed = number;
                lastFailure = error;
            }
            lock.notifyAll();
        }
        if (error != null) {
            throw error;
        }
    }
}

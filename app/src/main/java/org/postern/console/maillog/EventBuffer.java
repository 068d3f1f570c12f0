package org.postern.console.maillog;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.api.MailEvent;

/**
 * The bounded hand-over between the engine's subscription thread and the FX thread: the engine
 * adds batches as they come, the FX thread takes everything pending a few times a second. When the
 * FX side falls behind (or the view is paused) by more than {@code capacity} events, the oldest are
 * dropped and counted, so memory stays bounded whatever the mail volume.
 */
public final class EventBuffer {

    private final int capacity;
    private final ArrayDeque<MailEvent> pending = new ArrayDeque<>();
    private long dropped;

    public EventBuffer(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    /** Called on the engine's thread. */
    public synchronized void add(List<MailEvent> events) {
        for (MailEvent e : events) {
            if (pending.size() == capacity) {
                pending.removeFirst();
                dropped++;
            }
            pending.addLast(e);
        }
    }

    /** Everything pending, oldest first; the buffer is empty afterwards. */
    public synchronized List<MailEvent> drain() {
        List<MailEvent> batch = new ArrayList<>(pending);
        pending.clear();
        return batch;
    }

    public synchronized int size() {
        return pending.size();
    }

    /** Events dropped because the buffer was full. */
    public synchronized long dropped() {
        return dropped;
    }

    public int capacity() {
        return capacity;
    }
}

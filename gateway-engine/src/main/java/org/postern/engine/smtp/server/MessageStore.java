package org.postern.engine.smtp.server;

import java.io.IOException;
import java.io.OutputStream;
import org.postern.engine.queue.Envelope;
import org.postern.engine.queue.Spool;

/**
 * Where sessions store what they receive: the durable queue, and the room left on its file
 * system (RFC 5321 §4.5.3.1.10: refuse with 452 rather than take mail that cannot be stored).
 */
interface MessageStore {

    /** Starts a message; the envelope is written at once. */
    Draft begin(Envelope envelope) throws IOException;

    /** Bytes the queue's file system has free for this process. */
    long usableSpace() throws IOException;

    /** A message being written; closing an uncommitted draft throws it away. */
    interface Draft extends AutoCloseable {
        String id();

        OutputStream content();

        /** Makes the message durable; 250 may be sent once this returns. */
        String commit() throws IOException;

        @Override
        void close();
    }

    /** The engine's spool. */
    static MessageStore of(Spool spool) {
        return new MessageStore() {
            @Override
            public Draft begin(Envelope envelope) throws IOException {
                Spool.Draft d;
                try {
                    d = spool.begin(envelope);
                } catch (IllegalStateException e) {
                    throw new IOException(e.getMessage(), e);
                }
                return new Draft() {
                    public String id() { return d.id(); }
                    public OutputStream content() { return d.content(); }
                    public String commit() throws IOException { return d.commit(); }
                    public void close() { d.close(); }
                };
            }

            @Override
            public long usableSpace() throws IOException {
                return spool.usableSpace();
            }
        };
    }
}

package org.postern.engine.smtp.server;

import java.io.IOException;

/**
 * The queue could not store a message (disk full, I/O error). Kept apart from the client's I/O
 * errors: the client is still there and must be told 451 4.3.0 (RFC 3463), not dropped.
 */
final class SpoolFailure extends IOException {
    SpoolFailure(IOException cause) {
        super(cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage(), cause);
    }
}

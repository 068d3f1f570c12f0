package org.postern.engine.smtp.server;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Buffered SMTP input with bounded command lines, byte access for DATA, and the ability to throw
 * away whatever the client pipelined behind STARTTLS (LIS-6, CVE-2011-0411 class).
 */
final class SmtpInput {

    /** A command line longer than the limit; its remainder was skipped. */
    static final class LineTooLongException extends IOException {
        LineTooLongException() {
            super("line too long");
        }
    }

    /** Runs before each blocking read: arms the read timeout, or throws when a time limit has passed. */
    interface ReadGuard {
        void beforeRead() throws IOException;
    }

    /** A command line that is not valid UTF-8 (RFC 3629); it was consumed whole. */
    static final class MalformedLineException extends IOException {
        MalformedLineException() {
            super("command line is not valid UTF-8");
        }
    }

    private final CharsetDecoder utf8 = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private InputStream in;
    private final byte[] buf = new byte[16 * 1024];
    private int pos;
    private int limit;
    private long received;
    private ReadGuard guard = () -> { };

    SmtpInput(InputStream in) {
        this.in = in;
    }

    /** True when bytes the client sent are waiting, so replies may stay buffered (RFC 2920). */
    boolean hasBuffered() {
        return pos < limit;
    }

    /** Discards buffered bytes and switches to {@code next} (the TLS stream); returns how many were dropped. */
    int switchTo(InputStream next) {
        int dropped = limit - pos;
        pos = 0;
        limit = 0;
        in = next;
        return dropped;
    }

    /** Sets what runs before each blocking read (time limits of the current phase). */
    void guard(ReadGuard g) {
        guard = g;
    }

    /** Bytes read from the client so far (for the data rate). */
    long received() {
        return received;
    }

    private boolean fill() throws IOException {
        if (pos < limit) {
            return true;
        }
        guard.beforeRead();
        int n = in.read(buf, 0, buf.length);
        if (n <= 0) {
            return false;
        }
        pos = 0;
        limit = n;
        received += n;
        return true;
    }

    /** One byte, or -1 at end of stream. */
    int read() throws IOException {
        return fill() ? buf[pos++] & 0xff : -1;
    }

    /** The next byte without consuming it, or -1. */
    int peek() throws IOException {
        return fill() ? buf[pos] & 0xff : -1;
    }

    /**
     * A command line without its terminator (CRLF; a bare LF is tolerated for commands), or null
     * at end of stream. Lines over {@code max} bytes are consumed to their end and reported; so are
     * lines that are not valid UTF-8 (malformed input is reported, never replaced by U+FFFD).
     */
    String readLine(int max) throws IOException {
        byte[] line = new byte[Math.min(max, 1024)];
        int n = 0;
        boolean tooLong = false;
        while (true) {
            int b = read();
            if (b < 0) {
                return null;
            }
            if (b == '\n') {
                break;
            }
            if (tooLong) {
                continue;
            }
            if (n == max) {
                tooLong = true;
                continue;
            }
            if (n == line.length) {
                line = java.util.Arrays.copyOf(line, Math.min(max, line.length * 2));
            }
            line[n++] = (byte) b;
        }
        if (tooLong) {
            throw new LineTooLongException();
        }
        if (n > 0 && line[n - 1] == '\r') {
            n--;
        }
        try {
            return utf8.reset().decode(ByteBuffer.wrap(line, 0, n)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedLineException();
        }
    }
}

package org.postern.engine.smtp.server;

import java.io.IOException;
import java.io.OutputStream;

/**
 * DATA (RFC 5321 §4.1.1.4, §4.5.2). The end of data is only CRLF "." CRLF where the line before
 * also ended in CRLF; bare LF or bare CR anywhere rejects the whole message, so no other ending
 * can split one message into two ("SMTP smuggling", 2023). Dot-stuffing is undone. Lines over
 * {@link #MAX_LINE} octets refuse the message. The message is acknowledged only once the spool has
 * made it durable (LIS-10).
 */
final class DataCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession s, String args) throws IOException {
        if (!args.isBlank()) {
            s.reply("501 5.5.4 Syntax: DATA");
            return;
        }
        if (s.sender() == null) {
            s.reply("503 5.5.1 Error: need MAIL command");
            return;
        }
        if (s.recipients().isEmpty()) {
            s.reply("503 5.5.1 Error: need RCPT command");
            return;
        }
        if (!s.roomFor(s.declaredSize())) {
            s.reply(SmtpSession.INSUFFICIENT_STORAGE);
            return;
        }
        SmtpSession.Receipt started;
        try {
            started = s.beginMessage();
        } catch (SpoolFailure e) {
            s.storageFailed(e);
            return;
        }
        try (SmtpSession.Receipt receipt = started) {
            s.reply("354 End data with <CR><LF>.<CR><LF>");
            s.flush();
            s.beginData();
            Result r = copy(s.input(), receipt.content(), s.policy().maxMessageSize() - receipt.headerBytes());
            s.endData();
            if (r == Result.EOF) {
                s.clientVanishedInData();
                return;
            }
            if (r == Result.TOO_BIG) {
                s.rejectMessage("552 5.3.4 Error: message file too big", "message exceeds the size limit");
            } else if (r == Result.BARE_LINE_ENDING) {
                s.rejectMessage("550 5.6.0 Error: bare <CR> or <LF> in message; lines must end with <CR><LF> (RFC 5321 section 2.3.8)",
                        "bare CR or LF in message (possible SMTP smuggling)");
            } else if (r == Result.LINE_TOO_LONG) {
                s.rejectMessage("550 5.6.0 Error: message has a line longer than " + MAX_LINE + " octets (RFC 5321 section"
                        + " 4.5.3.1.6); encode it (quoted-printable or base64) and send again",
                        "a line is longer than " + MAX_LINE + " octets");
            } else {
                s.acceptMessage(receipt);
            }
        }
    }

    enum Result { OK, TOO_BIG, BARE_LINE_ENDING, LINE_TOO_LONG, EOF }

    /**
     * RFC 5321 §4.5.3.1.6: at most 998 octets of text per line (1000 with CRLF; a dot added for
     * transparency does not count). A longer line is refused at the end of DATA with a permanent
     * 550 5.6.0 (RFC 3463 "media error"), not relayed or rewritten: a server further on may
     * truncate, fold or refuse it after this gateway already took responsibility, which turns into
     * a bounce or silently broken content; folding it here would change the message and break its
     * DKIM signature. Refusing during the sender's own session leaves the message with the sending
     * MTA, which can encode it (RFC 5322 §2.1.1) and the sender sees why at once.
     */
    static final int MAX_LINE = 998;

    /** Copies the data block, undoing dot-stuffing; stops at CRLF.CRLF or end of stream. */
    static Result copy(SmtpInput in, OutputStream out, long limit) throws IOException {
        boolean lineStart = true; // the previous line ended with CRLF (or data just began)
        boolean bare = false;
        boolean longLine = false;
        int lineLength = 0; // octets of the current line, after undoing dot-stuffing
        long written = 0;
        boolean tooBig = false;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return Result.EOF;
            }
            if (lineStart && b == '.') {
                int c = in.read();
                if (c < 0) {
                    return Result.EOF;
                }
                if (c == '\r' && in.peek() == '\n') {
                    in.read();
                    return tooBig ? Result.TOO_BIG : bare ? Result.BARE_LINE_ENDING : longLine ? Result.LINE_TOO_LONG : Result.OK;
                }
                b = c; // a stuffed dot: drop it and treat the next byte as data
            }
            if (b == '\r') {
                if (in.peek() == '\n') {
                    in.read();
                    if (!tooBig && written + 2 <= limit) {
                        out.write('\r');
                        out.write('\n');
                        written += 2;
                    } else {
                        tooBig = true;
                    }
                    lineStart = true;
                    lineLength = 0;
                    continue;
                }
                bare = true;
            } else if (b == '\n') {
                bare = true;
            }
            lineStart = false;
            if (++lineLength > MAX_LINE) {
                longLine = true;
            }
            if (!tooBig && written + 1 <= limit) {
                out.write(b);
                written++;
            } else {
                tooBig = true;
            }
        }
    }
}

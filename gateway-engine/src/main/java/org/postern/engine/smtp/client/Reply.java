package org.postern.engine.smtp.client;

import java.util.List;

/** One SMTP reply: its code and text lines (RFC 5321 §4.2). */
public record Reply(int code, List<String> lines) {

    public Reply {
        lines = List.copyOf(lines);
    }

    public boolean positive() {
        return code >= 200 && code < 400;
    }

    public boolean transientFailure() {
        return code >= 400 && code < 500;
    }

    public boolean permanentFailure() {
        return code >= 500;
    }

    /** The reply as one line, e.g. "550 5.1.1 no such user". */
    public String text() {
        return code + " " + String.join(" / ", lines);
    }
}

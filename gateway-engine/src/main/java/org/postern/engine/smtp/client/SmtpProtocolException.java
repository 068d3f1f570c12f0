package org.postern.engine.smtp.client;

import java.io.IOException;

/** The server broke the protocol (malformed or oversized reply). */
public class SmtpProtocolException extends IOException {
    public SmtpProtocolException(String message) {
        super(message);
    }
}

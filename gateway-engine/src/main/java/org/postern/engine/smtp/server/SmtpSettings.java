package org.postern.engine.smtp.server;

import java.time.Duration;

/**
 * Protocol limits and timeouts of the SMTP server. Defaults follow RFC 5321 §4.5.3.2 (5 minutes
 * for commands, 10 minutes for data blocks) and Postfix's line and error limits.
 */
public record SmtpSettings(Duration commandTimeout, Duration dataTimeout, Duration handshakeTimeout,
                           int maxCommandLine, int maxErrors) {

    public static SmtpSettings defaults() {
        return new SmtpSettings(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(60), 2048, 20);
    }
}

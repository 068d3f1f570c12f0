package org.postern.engine.smtp.server;

import java.time.Duration;

/**
 * Protocol limits and timeouts of the SMTP server. Defaults follow RFC 5321 §4.5.3.2 (5 minutes
 * for commands, 10 minutes for data blocks) and Postfix's line, error and client limits
 * ({@code smtpd_soft_error_limit}, {@code smtpd_hard_error_limit}, {@code smtpd_error_sleep_time},
 * {@code smtpd_junk_command_limit}, {@code smtpd_client_connection_count_limit},
 * {@code smtpd_client_connection_rate_limit}).
 *
 * @param commandTimeout     the longest wait for one whole command line (not per byte: a client
 *                           dribbling a line byte by byte is cut off too)
 * @param dataTimeout        the longest wait for the next data block during DATA
 * @param handshakeTimeout   the longest STARTTLS handshake
 * @param maxCommandLine     the longest command line, in octets
 * @param softErrorLimit     error replies after which each further error reply is delayed by {@code errorSleep}
 * @param hardErrorLimit     error replies after which the session gets 421 and is closed
 * @param errorSleep         the delay before each error reply once the soft limit is reached
 * @param junkCommandLimit   NOOP, RSET and VRFY commands before each further one counts as an error
 * @param clientConnections  concurrent connections one client address may hold on a public listener
 * @param clientRate         connections one client address may open per {@code rateWindow} on a public listener
 * @param rateWindow         the window of {@code clientRate} (a minute, as Postfix's anvil)
 * @param sessionDeadline    the longest a whole session may last
 * @param minDataRate        octets per second a client must sustain during DATA, after {@code dataRateGrace}
 * @param dataRateGrace      the time at the start of DATA in which the data rate is not checked
 * @param minFreeSpace       free space kept on the spool's file system beyond the declared message size
 * @param reverseDnsTimeout  the longest the client's host name lookup may delay the greeting
 * @param shutdownGrace      how long stopping waits for sessions in the middle of a command (DATA) to finish
 */
public record SmtpSettings(Duration commandTimeout, Duration dataTimeout, Duration handshakeTimeout,
                           int maxCommandLine, int softErrorLimit, int hardErrorLimit, Duration errorSleep,
                           int junkCommandLimit, int clientConnections, int clientRate, Duration rateWindow,
                           Duration sessionDeadline, long minDataRate, Duration dataRateGrace, long minFreeSpace,
                           Duration reverseDnsTimeout, Duration shutdownGrace) {

    public SmtpSettings {
        positive("command timeout", commandTimeout);
        positive("data timeout", dataTimeout);
        positive("handshake timeout", handshakeTimeout);
        positive("rate window", rateWindow);
        positive("session deadline", sessionDeadline);
        positive("reverse DNS timeout", reverseDnsTimeout);
        notNegative("error sleep", errorSleep);
        notNegative("data rate grace", dataRateGrace);
        notNegative("shutdown grace", shutdownGrace);
        if (maxCommandLine < 512) {
            // RFC 5321 §4.5.3.1.4: a command line of 512 octets must be accepted
            throw new IllegalArgumentException("the command line limit must be at least 512 octets, not " + maxCommandLine);
        }
        if (hardErrorLimit < 1 || softErrorLimit < 1 || softErrorLimit > hardErrorLimit) {
            throw new IllegalArgumentException("error limits must satisfy 1 <= soft (" + softErrorLimit + ") <= hard ("
                    + hardErrorLimit + ")");
        }
        if (junkCommandLimit < 0 || clientConnections < 1 || clientRate < 1 || minDataRate < 0 || minFreeSpace < 0) {
            throw new IllegalArgumentException("junk command limit, data rate and free space must not be negative, and"
                    + " client connection and rate limits must be at least 1");
        }
    }

    public static SmtpSettings defaults() {
        return new SmtpSettings(Duration.ofMinutes(5), Duration.ofMinutes(10), Duration.ofSeconds(60), 2048,
                10, 20, Duration.ofSeconds(1), 100, 10, 120, Duration.ofMinutes(1),
                Duration.ofMinutes(30), 100, Duration.ofSeconds(30), 64L * 1024 * 1024,
                Duration.ofSeconds(5), Duration.ofSeconds(10));
    }

    public SmtpSettings withTimeouts(Duration command, Duration data, Duration handshake) {
        return new SmtpSettings(command, data, handshake, maxCommandLine, softErrorLimit, hardErrorLimit, errorSleep,
                junkCommandLimit, clientConnections, clientRate, rateWindow, sessionDeadline, minDataRate, dataRateGrace,
                minFreeSpace, reverseDnsTimeout, shutdownGrace);
    }

    public SmtpSettings withErrorLimits(int soft, int hard, Duration sleep, int junk) {
        return new SmtpSettings(commandTimeout, dataTimeout, handshakeTimeout, maxCommandLine, soft, hard, sleep,
                junk, clientConnections, clientRate, rateWindow, sessionDeadline, minDataRate, dataRateGrace,
                minFreeSpace, reverseDnsTimeout, shutdownGrace);
    }

    public SmtpSettings withClientLimits(int connections, int rate, Duration window) {
        return new SmtpSettings(commandTimeout, dataTimeout, handshakeTimeout, maxCommandLine, softErrorLimit,
                hardErrorLimit, errorSleep, junkCommandLimit, connections, rate, window, sessionDeadline, minDataRate,
                dataRateGrace, minFreeSpace, reverseDnsTimeout, shutdownGrace);
    }

    public SmtpSettings withSessionLimits(Duration deadline, long dataRate, Duration rateGrace) {
        return new SmtpSettings(commandTimeout, dataTimeout, handshakeTimeout, maxCommandLine, softErrorLimit,
                hardErrorLimit, errorSleep, junkCommandLimit, clientConnections, clientRate, rateWindow, deadline,
                dataRate, rateGrace, minFreeSpace, reverseDnsTimeout, shutdownGrace);
    }

    public SmtpSettings withMinFreeSpace(long bytes) {
        return new SmtpSettings(commandTimeout, dataTimeout, handshakeTimeout, maxCommandLine, softErrorLimit,
                hardErrorLimit, errorSleep, junkCommandLimit, clientConnections, clientRate, rateWindow, sessionDeadline,
                minDataRate, dataRateGrace, bytes, reverseDnsTimeout, shutdownGrace);
    }

    public SmtpSettings withReverseDnsTimeout(Duration timeout) {
        return new SmtpSettings(commandTimeout, dataTimeout, handshakeTimeout, maxCommandLine, softErrorLimit,
                hardErrorLimit, errorSleep, junkCommandLimit, clientConnections, clientRate, rateWindow, sessionDeadline,
                minDataRate, dataRateGrace, minFreeSpace, timeout, shutdownGrace);
    }

    public SmtpSettings withShutdownGrace(Duration grace) {
        return new SmtpSettings(commandTimeout, dataTimeout, handshakeTimeout, maxCommandLine, softErrorLimit,
                hardErrorLimit, errorSleep, junkCommandLimit, clientConnections, clientRate, rateWindow, sessionDeadline,
                minDataRate, dataRateGrace, minFreeSpace, reverseDnsTimeout, grace);
    }

    private static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException("the " + what + " must be positive, not " + d);
        }
    }

    private static void notNegative(String what, Duration d) {
        if (d == null || d.isNegative()) {
            throw new IllegalArgumentException("the " + what + " must not be negative, not " + d);
        }
    }
}

package org.postern.engine.alerts;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.PosternException;
import org.postern.engine.config.Database;
import org.postern.engine.log.MailLog;
import org.postern.engine.mail.Addresses;
import org.postern.engine.mail.Hostname;
import org.postern.engine.mail.ReceivedHeader;
import org.postern.engine.pki.Fqdn;
import org.postern.engine.queue.Spool;

/**
 * ALR-1: alert recipients and sending. An alert is a mail message queued through the engine's own
 * spool (so it is delivered like any other) and an entry in the mail log (so the console shows it).
 * The same alert key is not repeated within the quiet period; a clock set back does not stretch it.
 */
public final class AlertService implements AlertApi {

    private final Database db;
    private final Spool spool;
    private final MailLog log;
    private final Duration quietPeriod;
    private final Map<String, Instant> lastSent = new ConcurrentHashMap<>();
    private volatile Clock clock = Clock.systemUTC();

    public AlertService(Database db, Spool spool, MailLog log, Duration quietPeriod) {
        this.db = db;
        this.spool = spool;
        this.log = log;
        this.quietPeriod = quietPeriod;
    }

    /** Uses {@code c} for the quiet period and the alert's Date from now on. */
    public void useClock(Clock c) {
        clock = java.util.Objects.requireNonNull(c);
    }

    @Override
    public List<AlertRecipient> recipients() {
        return db.query("SELECT * FROM alert_recipients ORDER BY address, type, severity", rs -> new AlertRecipient(
                rs.getString("address"), AlertType.valueOf(rs.getString("type")), Severity.valueOf(rs.getString("severity"))));
    }

    @Override
    public void add(AlertRecipient r) {
        requireRecipientAddress(r.address());
        db.update("INSERT OR IGNORE INTO alert_recipients(address, type, severity) VALUES(?, ?, ?)",
                r.address(), r.type().name(), r.severity().name());
    }

    /**
     * An address alerts can be delivered to: an RFC 5321 mailbox ({@link Addresses}) whose domain is
     * one fully-qualified domain name or an address literal ({@code postmaster@[192.0.2.1]}).
     */
    public static void requireRecipientAddress(String address) {
        String problem = Addresses.problem(address, false);
        if (problem == null) {
            String domain = address.substring(address.lastIndexOf('@') + 1);
            if (!domain.startsWith("[")) {
                problem = Fqdn.problem(domain).map(p -> "the domain '" + domain + "' " + p).orElse(null);
                if (problem == null && domain.startsWith("*")) {
                    problem = "the domain '" + domain + "' is a wildcard; give one mail domain";
                }
            }
        }
        if (problem != null) {
            throw new PosternException("alert recipient '" + address + "': " + problem);
        }
    }

    @Override
    public void remove(AlertRecipient r) {
        if (db.update("DELETE FROM alert_recipients WHERE address = ? AND type = ? AND severity = ?",
                r.address(), r.type().name(), r.severity().name()) == 0) {
            throw new PosternException("no alert recipient " + r.address() + " for " + r.type().name().toLowerCase()
                    + "/" + r.severity().name().toLowerCase());
        }
    }

    /**
     * Sends an alert to the recipients of {@code type}/{@code severity}; returns the queue id, or
     * null when nobody subscribes or the same {@code key} was alerted within the quiet period.
     */
    public String send(AlertType type, Severity severity, String key, String subject, String body) {
        Instant now = clock.instant();
        Instant previous = lastSent.get(key);
        // Within the quiet period only when the last alert lies between (now - quiet period) and
        // now: after the clock was set back, a "last sent" in the future must not silence the alert
        // for the length of the jump.
        if (previous != null && !previous.isAfter(now) && previous.plus(quietPeriod).isAfter(now)) {
            return null;
        }
        List<String> to = recipients().stream().filter(r -> r.type() == type && r.severity() == severity)
                .map(AlertRecipient::address).distinct().toList();
        log.log(MailEvent.of(MailEvent.Type.WARNING, "alert (" + type.name().toLowerCase() + "/" + severity.name().toLowerCase()
                + "): " + subject + (to.isEmpty() ? " — no alert recipients configured" : " — sent to " + String.join(", ", to))));
        if (to.isEmpty()) {
            return null;
        }
        lastSent.put(key, now);
        String host = Hostname.local();
        String message = "From: Postern Alerts <postmaster@" + host + ">\r\n"
                + "To: " + String.join(", ", to) + "\r\n"
                + "Subject: [Postern " + severity.name().toLowerCase() + "] " + subject + "\r\n"
                + "Date: " + ReceivedHeader.date(now) + "\r\n"
                + "Auto-Submitted: auto-generated\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
                + body.replace("\r\n", "\n").replace("\n", "\r\n") + "\r\n";
        return spool.inject("", to, message.getBytes(StandardCharsets.UTF_8));
    }
}

package org.postern.engine.api;

import java.time.Instant;

/** LOG-2 search criteria; null fields do not restrict. Text fields match substrings, case-insensitively. */
public record MailLogQuery(String messageId, String sender, String recipient, String domain, MailEvent.Type type,
                           Instant from, Instant to, int limit) {

    public static MailLogQuery latest(int limit) {
        return new MailLogQuery(null, null, null, null, null, null, null, limit);
    }

    public MailLogQuery withMessageId(String id) {
        return new MailLogQuery(id, sender, recipient, domain, type, from, to, limit);
    }

    public MailLogQuery withType(MailEvent.Type t) {
        return new MailLogQuery(messageId, sender, recipient, domain, t, from, to, limit);
    }
}

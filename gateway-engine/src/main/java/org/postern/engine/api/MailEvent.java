package org.postern.engine.api;

import java.time.Instant;

/**
 * One mail-log entry (LOG-1, LOG-1a). Fields that do not apply are null. {@code resultType} is
 * an RFC 8460 §4.3 result type (e.g. {@code starttls-not-supported}) where a TLS failure is logged.
 */
public record MailEvent(
        long id,
        Instant time,
        Type type,
        String connection,
        String messageId,
        String listener,
        String remote,
        String sender,
        String recipient,
        String domain,
        TlsOutcome tls,
        String protocol,
        String cipher,
        String peerSubject,
        String resultType,
        String text) {

    /** What happened. */
    public enum Type {
        CONNECTED, REFUSED, TLS_ESTABLISHED, TLS_FAILED, STARTTLS_REQUIRED, MESSAGE_ACCEPTED, MESSAGE_REJECTED,
        DISCONNECTED, QUEUE, DELIVERED, DEFERRED, BOUNCED, WARNING,
        /** Engine services starting and stopping (listeners, delivery). */
        SERVICE
    }

    /** A fresh event (id and time are assigned when it is logged). */
    public static Builder of(Type type, String text) {
        return new Builder(type, text);
    }

    public static final class Builder {
        private final Type type;
        private final String text;
        private String connection;
        private String messageId;
        private String listener;
        private String remote;
        private String sender;
        private String recipient;
        private String domain;
        private TlsOutcome tls;
        private String protocol;
        private String cipher;
        private String peerSubject;
        private String resultType;

        private Builder(Type type, String text) {
            this.type = type;
            this.text = text;
        }

        public Builder connection(String v) { connection = v; return this; }
        public Builder messageId(String v) { messageId = v; return this; }
        public Builder listener(String v) { listener = v; return this; }
        public Builder remote(String v) { remote = v; return this; }
        public Builder sender(String v) { sender = v; return this; }
        public Builder recipient(String v) { recipient = v; return this; }
        public Builder domain(String v) { domain = v; return this; }
        public Builder tls(TlsOutcome v) { tls = v; return this; }
        public Builder protocol(String v) { protocol = v; return this; }
        public Builder cipher(String v) { cipher = v; return this; }
        public Builder peerSubject(String v) { peerSubject = v; return this; }
        public Builder resultType(String v) { resultType = v; return this; }

        public MailEvent build(long id, Instant time) {
            return new MailEvent(id, time, type, connection, messageId, listener, remote, sender, recipient, domain, tls,
                    protocol, cipher, peerSubject, resultType, text);
        }
    }
}

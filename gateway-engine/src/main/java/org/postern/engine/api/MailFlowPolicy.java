package org.postern.engine.api;

/** LIS-2: a mail-flow policy of a listener's host access table. */
public record MailFlowPolicy(String name, PolicyAction action, InboundTls tls, long maxMessageSize, int maxRecipients) {

    public static final long DEFAULT_MAX_MESSAGE_SIZE = 20L * 1024 * 1024;
    public static final int DEFAULT_MAX_RECIPIENTS = 1000;

    public MailFlowPolicy {
        if (name == null || name.isBlank()) {
            throw new PosternException("a policy needs a name");
        }
        requireMaxMessageSize(maxMessageSize);
        requireMaxRecipients(maxRecipients);
    }

    /** The SIZE limit in bytes (RFC 1870): at least 1024. */
    public static void requireMaxMessageSize(long maxMessageSize) {
        if (maxMessageSize < 1024) {
            throw new PosternException("the message size limit must be at least 1024 bytes, not " + maxMessageSize);
        }
    }

    public static void requireMaxRecipients(int maxRecipients) {
        if (maxRecipients < 1) {
            throw new PosternException("the recipient limit must be at least 1, not " + maxRecipients);
        }
    }

    public static MailFlowPolicy of(String name, PolicyAction action, InboundTls tls) {
        return new MailFlowPolicy(name, action, tls, DEFAULT_MAX_MESSAGE_SIZE, DEFAULT_MAX_RECIPIENTS);
    }
}

package org.postern.engine.mail;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * LIS-9: the trace header (RFC 5321 §4.4) with the protocol keyword of RFC 3848 (SMTP, ESMTP,
 * ESMTPS, UTF8SMTPS …) and the TLS version and cipher, in the form Postfix uses.
 */
public final class ReceivedHeader {

    private static final DateTimeFormatter RFC5322 =
            DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    private ReceivedHeader() {
    }

    public static String date(Instant t) {
        return RFC5322.format(t) + " (UTC)";
    }

    /**
     * @param heloName    what the client said in HELO/EHLO
     * @param clientName  verified reverse DNS name, or null
     * @param clientIp    the client's address
     * @param protocol    RFC 3848 keyword
     * @param tlsProtocol e.g. TLSv1.3, or null without TLS
     * @param cipher      cipher suite, or null
     * @param recipient   the envelope recipient when there is exactly one, else null
     */
    public static String build(String heloName, String clientName, String clientIp, String byHost, String protocol,
                               String tlsProtocol, String cipher, String id, String recipient, Instant when) {
        StringBuilder sb = new StringBuilder("Received: from ").append(sanitize(heloName))
                .append(" (").append(clientName == null ? "unknown" : clientName).append(" [").append(clientIp).append("])");
        if (tlsProtocol != null) {
            sb.append("\r\n\t(using ").append(tlsProtocol).append(" with cipher ").append(cipher).append(')');
        }
        sb.append("\r\n\tby ").append(byHost).append(" (Postern) with ").append(protocol).append(" id ").append(id);
        if (recipient != null) {
            sb.append("\r\n\tfor <").append(recipient).append('>');
        }
        sb.append("; ").append(date(when)).append("\r\n");
        return sb.toString();
    }

    private static String sanitize(String s) {
        if (s == null || s.isEmpty()) {
            return "unknown";
        }
        StringBuilder sb = new StringBuilder();
        for (char c : s.toCharArray()) {
            sb.append(c > ' ' && c < 0x7f && c != '(' && c != ')' && c != ';' ? c : '_');
        }
        return sb.length() > 255 ? sb.substring(0, 255) : sb.toString();
    }
}

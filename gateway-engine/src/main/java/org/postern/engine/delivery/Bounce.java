package org.postern.engine.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.postern.engine.mail.Hostname;
import org.postern.engine.mail.ReceivedHeader;

/**
 * DLV-5: a delivery status notification per RFC 3464 (multipart/report; report-type=delivery-status,
 * RFC 6522) with a human-readable part, the machine-readable status per recipient, and the
 * original message's headers.
 */
final class Bounce {

    /** One failed recipient with its enhanced status code (RFC 3463) and diagnostic. */
    record Failed(String recipient, String status, String diagnostic, String remoteMta) {
    }

    private Bounce() {
    }

    static byte[] build(String queueId, String sender, Instant arrival, List<Failed> failed, InputStream original)
            throws IOException {
        String host = Hostname.local();
        String boundary = "postern-dsn-" + queueId;
        StringBuilder sb = new StringBuilder();
        sb.append("From: Mail Delivery System <MAILER-DAEMON@").append(host).append(">\r\n");
        sb.append("To: <").append(sender).append(">\r\n");
        sb.append("Subject: Undelivered Mail Returned to Sender\r\n");
        sb.append("Date: ").append(ReceivedHeader.date(Instant.now())).append("\r\n");
        sb.append("Message-ID: <").append(queueId).append(".dsn@").append(host).append(">\r\n");
        sb.append("Auto-Submitted: auto-replied\r\n");
        sb.append("MIME-Version: 1.0\r\n");
        sb.append("Content-Type: multipart/report; report-type=delivery-status;\r\n\tboundary=\"").append(boundary).append("\"\r\n");
        sb.append("\r\n");
        sb.append("--").append(boundary).append("\r\n");
        sb.append("Content-Type: text/plain; charset=utf-8\r\n\r\n");
        sb.append("This is the mail system at host ").append(host).append(".\r\n\r\n");
        sb.append("Your message could not be delivered to one or more recipients.\r\n\r\n");
        for (Failed f : failed) {
            sb.append("<").append(f.recipient()).append(">: ").append(f.diagnostic()).append("\r\n");
        }
        sb.append("\r\n--").append(boundary).append("\r\n");
        sb.append("Content-Type: message/delivery-status\r\n\r\n");
        sb.append("Reporting-MTA: dns; ").append(host).append("\r\n");
        sb.append("X-Postern-Queue-ID: ").append(queueId).append("\r\n");
        sb.append("Arrival-Date: ").append(ReceivedHeader.date(arrival)).append("\r\n");
        for (Failed f : failed) {
            sb.append("\r\n");
            sb.append("Final-Recipient: rfc822; ").append(f.recipient()).append("\r\n");
            sb.append("Action: failed\r\n");
            sb.append("Status: ").append(f.status()).append("\r\n");
            if (f.remoteMta() != null) {
                sb.append("Remote-MTA: dns; ").append(f.remoteMta()).append("\r\n");
            }
            sb.append("Diagnostic-Code: ").append(f.diagnostic().matches("^[245][0-9][0-9] .*") ? "smtp; " : "x-postern; ")
                    .append(f.diagnostic().replace("\r", " ").replace("\n", " ")).append("\r\n");
        }
        sb.append("\r\n--").append(boundary).append("\r\n");
        sb.append("Content-Type: text/rfc822-headers\r\n\r\n");
        sb.append(headers(original));
        sb.append("\r\n--").append(boundary).append("--\r\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The header section of the original message (up to the first empty line, at most 64 KB). */
    private static String headers(InputStream in) throws IOException {
        byte[] head = in.readNBytes(64 * 1024);
        String s = new String(head, StandardCharsets.UTF_8);
        int end = s.indexOf("\r\n\r\n");
        return end < 0 ? s : s.substring(0, end + 2);
    }
}

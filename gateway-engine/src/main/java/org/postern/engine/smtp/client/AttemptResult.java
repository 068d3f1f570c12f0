package org.postern.engine.smtp.client;

import java.util.List;
import org.postern.engine.api.TlsOutcome;
import org.postern.engine.dane.DaneAuthenticator;

/**
 * The outcome of one delivery attempt to one host. {@code hostFailure} non-null means the host
 * could not take the message at all (connection, greeting, or TLS policy) and the next MX host
 * should be tried; otherwise each recipient has its own status. {@code dane} is the DANE verdict on
 * the presented chain when the rule asked for DANE authentication (else null).
 */
public record AttemptResult(String host, String address, List<RecipientResult> recipients, String hostFailure,
                            String resultType, boolean handshakeFailedAfter220, TlsOutcome tls, String protocol,
                            String cipher, String peerSubject, String peerIssuer, List<String> notes,
                            List<java.security.cert.X509Certificate> chain, DaneAuthenticator.Verdict dane) {

    public AttemptResult {
        recipients = List.copyOf(recipients);
        notes = List.copyOf(notes);
        chain = List.copyOf(chain);
    }

    /** Per-recipient outcome. */
    public enum Status { DELIVERED, TEMPORARY, PERMANENT }

    public record RecipientResult(String recipient, Status status, String reply) {
    }
}

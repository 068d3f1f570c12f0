package org.postern.engine.smtp.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import org.postern.engine.api.TlsOutcome;
import org.postern.engine.dane.DaneAuthenticator;
import org.postern.engine.mail.Addresses;
import org.postern.engine.smtp.client.AttemptResult.RecipientResult;
import org.postern.engine.smtp.client.AttemptResult.Status;
import org.postern.engine.tls.CertificateVerifier;
import org.postern.engine.tls.NameMatcher;
import org.postern.engine.tls.TlsFailures;

/**
 * One attempt to hand a message to one host under a {@link TlsRule} (DLV-2, DLV-3, DLV-6).
 * Preferred continues in clear only when STARTTLS is not offered or refused before 220; after a
 * failed handshake the connection is never used in clear (RFC 3207 §4).
 */
public final class DeliveryAttempt {

    /** How long to wait for each step (RFC 5321 §4.5.3.2 suggests minutes; tests use seconds). */
    public record Timeouts(Duration connect, Duration command, Duration data) {
        public static Timeouts rfc5321() {
            return new Timeouts(Duration.ofSeconds(30), Duration.ofMinutes(5), Duration.ofMinutes(10));
        }
    }

    private final SSLContext clientContext;
    private final CertificateVerifier verifier;
    private final String heloName;
    private final Timeouts timeouts;

    public DeliveryAttempt(SSLContext clientContext, CertificateVerifier verifier, String heloName, Timeouts timeouts) {
        this.clientContext = clientContext;
        this.verifier = verifier;
        this.heloName = heloName;
        this.timeouts = timeouts;
    }

    /**
     * @param host        the host name (SNI and name checks), or an address literal for routes
     * @param address     where to connect
     * @param content     opens the message (called once per attempt that reaches DATA)
     */
    public AttemptResult deliver(String host, InetSocketAddress address, TlsRule rule, String sender,
                                 List<String> recipients, Supplier<InputStream> content) {
        return run(host, address, rule, sender, recipients, content);
    }

    /**
     * A "test this destination" probe (posttls-finger style): everything up to the mail transaction
     * — greeting, EHLO, STARTTLS, certificate checks — then QUIT. No message is sent.
     */
    public AttemptResult probe(String host, InetSocketAddress address, TlsRule rule) {
        return run(host, address, rule, null, List.of(), null);
    }

    private AttemptResult run(String host, InetSocketAddress address, TlsRule rule, String sender,
                              List<String> recipients, Supplier<InputStream> content) {
        Builder b = new Builder(host, address.getAddress().getHostAddress() + ":" + address.getPort(), recipients);
        SmtpConnection c;
        try {
            c = SmtpConnection.open(address, timeouts.connect(), timeouts.command());
        } catch (IOException e) {
            return b.hostFailure("connection to " + b.address + " failed: " + e.getMessage(), null);
        }
        try (c) {
            Reply greeting = c.readReply();
            if (!greeting.positive()) {
                return b.hostFailure("greeting: " + greeting.text(), null);
            }
            Reply hello = c.hello(heloName);
            if (!hello.positive()) {
                return b.hostFailure("EHLO and HELO rejected: " + hello.text(), rule.mandatory() ? "starttls-not-supported" : null);
            }
            if (rule.tryTls()) {
                AttemptResult failure = negotiateTls(c, host, rule, b);
                if (failure != null) {
                    return failure;
                }
            }
            if (content == null) {
                b.notes.add("EHLO: " + (c.esmtp() ? "ESMTP" : "SMTP only"));
                c.quit();
                return b.build();
            }
            return transaction(c, sender, recipients, content, b);
        } catch (IOException e) {
            return b.ioFailure(e);
        }
    }

    /** Null to go on (with or without TLS); else the attempt's failure. */
    private AttemptResult negotiateTls(SmtpConnection c, String host, TlsRule rule, Builder b) throws IOException {
        String missing = null;
        if (!c.esmtp()) {
            missing = "the remote does not speak ESMTP (EHLO rejected)";
        } else if (!c.supports("STARTTLS")) {
            missing = "STARTTLS is not in the remote's EHLO list";
        }
        if (missing == null) {
            Reply refused;
            try {
                refused = c.startTls(clientContext, sniName(host));
            } catch (IOException e) {
                b.handshakeFailed = true;
                return b.hostFailure("TLS handshake failed: " + TlsFailures.describe(e), "validation-failure");
            }
            if (refused != null) {
                missing = "STARTTLS answered with an error: " + refused.text();
            }
        }
        if (missing != null) {
            if (rule.mandatory()) {
                c.quit();
                return b.hostFailure("TLS is required but " + missing, "starttls-not-supported");
            }
            b.notes.add("downgrade: " + missing + "; continuing in clear");
            return null;
        }
        SSLSession s = c.tls();
        b.tls(s);
        if (rule.dane() != null) {
            DaneAuthenticator.Verdict v = rule.dane().authenticate(peerChain(s), Instant.now());
            b.dane = v;
            if (!v.authenticated()) {
                c.quit();
                return b.hostFailure("DANE authentication failed: " + v.summary(), v.resultType());
            }
            b.outcome = TlsOutcome.DANE;
            b.notes.add("DANE-authenticated: " + v.summary());
        } else if (rule.verify()) {
            CertificateVerifier.Result v = verifier.verify(peerChain(s), rule.references(), rule.options(), Instant.now());
            if (v.verified()) {
                // the verified/trusted distinction belongs to Verify Hosted Domain (RFC 6125 rules, DLV-2)
                boolean trustedOnly = v.onlyTrusted() && rule.options().rule() == NameMatcher.Rule.RFC6125;
                b.outcome = trustedOnly ? TlsOutcome.TRUSTED : TlsOutcome.VERIFIED;
                b.notes.add((trustedOnly ? "trusted (MX name from insecure DNS)" : "verified") + ": " + v.summary());
            } else if (rule.mustVerify()) {
                c.quit();
                return b.hostFailure("certificate verification failed: " + v.summary(), v.resultType());
            } else {
                b.outcome = TlsOutcome.OPPORTUNISTIC;
                b.notes.add("unverified TLS: " + v.summary());
            }
        } else {
            b.outcome = rule.mandatory() ? TlsOutcome.REQUIRED : TlsOutcome.OPPORTUNISTIC;
            // for the log and the probe only: what Verify would have said (like Postfix's "Untrusted TLS connection")
            CertificateVerifier.Result v = verifier.verify(peerChain(s), rule.references(), rule.options(), Instant.now());
            b.notes.add(v.verified() ? "certificate would verify: " + v.summary()
                    : "certificate not verified (the setting does not require it): " + v.summary());
        }
        Reply again = c.hello(heloName);
        if (!again.positive()) {
            return b.hostFailure("EHLO after STARTTLS rejected: " + again.text(), null);
        }
        return null;
    }

    private static String sniName(String host) {
        if (host == null) {
            return null;
        }
        try {
            java.net.InetAddress.ofLiteral(host);
            return null; // no SNI for address literals (RFC 6066 §3)
        } catch (IllegalArgumentException e) {
            return host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
        }
    }

    private static List<X509Certificate> peerChain(SSLSession s) {
        List<X509Certificate> chain = new ArrayList<>();
        try {
            for (Certificate c : s.getPeerCertificates()) {
                if (c instanceof X509Certificate x) {
                    chain.add(x);
                }
            }
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
            // none
        }
        return chain;
    }

    private AttemptResult transaction(SmtpConnection c, String sender, List<String> recipients,
                                      Supplier<InputStream> content, Builder b) throws IOException {
        boolean utf8 = !Addresses.isAscii(sender) || recipients.stream().anyMatch(r -> !Addresses.isAscii(r));
        if (utf8 && !c.supports("SMTPUTF8")) {
            c.quit();
            return b.all(Status.PERMANENT, "553 5.6.7 the remote does not support SMTPUTF8, needed for these addresses");
        }
        Reply mail = c.command("MAIL FROM:<" + sender + ">" + (utf8 ? " SMTPUTF8" : ""));
        if (!mail.positive()) {
            c.quit();
            return b.all(mail.permanentFailure() ? Status.PERMANENT : Status.TEMPORARY, mail.text());
        }
        List<String> accepted = new ArrayList<>();
        for (String r : recipients) {
            Reply rcpt = c.command("RCPT TO:<" + r + ">");
            if (rcpt.positive()) {
                accepted.add(r);
            } else {
                b.result(r, rcpt.permanentFailure() ? Status.PERMANENT : Status.TEMPORARY, rcpt.text());
            }
        }
        if (accepted.isEmpty()) {
            c.quit();
            return b.build();
        }
        Reply data = c.command("DATA");
        if (data.code() != 354) {
            c.quit();
            accepted.forEach(r -> b.result(r, data.permanentFailure() ? Status.PERMANENT : Status.TEMPORARY, data.text()));
            return b.build();
        }
        c.setTimeout(timeouts.data());
        Reply end;
        try (InputStream in = content.get()) {
            end = c.data(in);
        }
        Status s = end.positive() ? Status.DELIVERED : end.permanentFailure() ? Status.PERMANENT : Status.TEMPORARY;
        accepted.forEach(r -> b.result(r, s, end.text()));
        c.quit();
        return b.build();
    }

    /** Collects the outcome as the attempt goes. */
    private static final class Builder {
        final String host;
        final String address;
        final List<String> recipients;
        final List<RecipientResult> results = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        boolean handshakeFailed;
        TlsOutcome outcome = TlsOutcome.NONE;
        String protocol;
        String cipher;
        String peerSubject;
        String peerIssuer;
        List<X509Certificate> chain = List.of();
        DaneAuthenticator.Verdict dane;

        Builder(String host, String address, List<String> recipients) {
            this.host = host;
            this.address = address;
            this.recipients = recipients;
        }

        void tls(SSLSession s) {
            protocol = s.getProtocol();
            cipher = s.getCipherSuite();
            chain = peerChain(s);
            if (!chain.isEmpty()) {
                peerSubject = chain.getFirst().getSubjectX500Principal().getName();
                peerIssuer = chain.getFirst().getIssuerX500Principal().getName();
            }
        }

        void result(String r, Status s, String reply) {
            results.add(new RecipientResult(r, s, reply));
        }

        AttemptResult hostFailure(String reason, String resultType) {
            return new AttemptResult(host, address, List.of(), reason, resultType, handshakeFailed, outcome, protocol,
                    cipher, peerSubject, peerIssuer, notes, chain, dane);
        }

        AttemptResult ioFailure(IOException e) {
            String reason = e instanceof SmtpProtocolException
                    ? "protocol error from " + address + ": " + e.getMessage()
                    : "connection to " + address + " lost: " + e.getMessage();
            if (results.isEmpty()) {
                return hostFailure(reason, null);
            }
            // recipients without a final answer are retried later (at-least-once: never dropped)
            for (String r : recipients) {
                if (results.stream().noneMatch(x -> x.recipient().equals(r))) {
                    result(r, Status.TEMPORARY, reason);
                }
            }
            return build();
        }

        AttemptResult all(Status s, String reply) {
            recipients.forEach(r -> result(r, s, reply));
            return build();
        }

        AttemptResult build() {
            return new AttemptResult(host, address, results, null, null, handshakeFailed, outcome, protocol, cipher,
                    peerSubject, peerIssuer, notes, chain, dane);
        }
    }
}

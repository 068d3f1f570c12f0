package org.postern.engine.tls;

import java.io.EOFException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateException;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.BadPaddingException;

/**
 * Names why a TLS handshake failed, from the whole cause chain: JSSE's outer message alone
 * ("Unexpected exception", "Remote host terminated the handshake") rarely says what happened.
 */
public final class TlsFailures {

    private static final Pattern ALERT = Pattern.compile("Received fatal alert: (\\w+)");
    private static final int MAX_DEPTH = 10;

    private TlsFailures() {
    }

    /** E.g. "the remote sent the TLS alert handshake_failure (Received fatal alert: handshake_failure)". */
    public static String describe(Throwable failure) {
        List<Throwable> chain = chain(failure);
        List<String> messages = new ArrayList<>();
        for (Throwable t : chain) {
            String m = t.getMessage() == null || t.getMessage().isBlank() ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (messages.stream().noneMatch(x -> x.contains(m))) {
                messages.add(m);
            }
        }
        return reason(chain) + " (" + String.join(": ", messages).replace('\n', ' ') + ")";
    }

    private static String reason(List<Throwable> chain) {
        for (Throwable t : chain) {
            Matcher m = ALERT.matcher(String.valueOf(t.getMessage()));
            if (m.find()) {
                return "the remote sent the TLS alert " + m.group(1);
            }
        }
        for (Throwable t : chain) {
            if (t instanceof SocketTimeoutException) {
                return "timed out";
            }
            if (t instanceof SocketException && String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT).contains("reset")) {
                return "connection reset by the remote";
            }
            if (t instanceof CertificateException || t instanceof CertPathValidatorException
                    || t instanceof CertPathBuilderException) {
                return "certificate refused";
            }
            if (t instanceof BadPaddingException) {
                return "a TLS record failed its integrity check (corrupted or tampered with in transit)";
            }
        }
        for (Throwable t : chain) {
            String m = String.valueOf(t.getMessage()).toLowerCase(Locale.ROOT);
            if (m.contains("protocol") && (m.contains("version") || m.contains("not enabled") || m.contains("no appropriate"))) {
                return "no common protocol version";
            }
            if (m.contains("cipher suites in common") || m.contains("no negotiable cipher")) {
                return "no cipher suite in common";
            }
            if (t instanceof EOFException || m.contains("peer shut down") || m.contains("remote host terminated")) {
                return "the remote closed the connection during the handshake";
            }
            if (m.contains("unrecognized ssl message") || m.contains("unsupported or unrecognized")) {
                return "the remote did not speak TLS";
            }
        }
        return "unexpected failure";
    }

    private static List<Throwable> chain(Throwable failure) {
        List<Throwable> chain = new ArrayList<>();
        Set<Throwable> seen = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
        for (Throwable t = failure; t != null && chain.size() < MAX_DEPTH && seen.add(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }
}

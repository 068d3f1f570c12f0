package org.postern.engine.tls;

import java.net.IDN;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postern.engine.pki.X509;

/**
 * Host-name matching (DLV-2, DLV-3) per RFC 6125 §6.4: names compare as A-labels without regard
 * to case or a trailing dot; a wildcard is honoured only as the whole leftmost label and matches
 * exactly one label ({@code *.example.com} matches {@code mx.example.com}, not
 * {@code example.com} or {@code a.b.example.com}).
 */
public final class NameMatcher {

    private NameMatcher() {
    }

    /** Which presented identifiers to consider. */
    public enum Rule {
        /** The older algorithm of plain Verify: the subject CN or any SAN dNSName. */
        CN_OR_SAN,
        /** RFC 6125 §6.4.4: SAN dNSNames; the CN only when the certificate has no dNSName SAN at all. */
        RFC6125
    }

    public static List<String> presentedIdentifiers(X509Certificate cert, Rule rule) {
        List<String> sans = X509.dnsNames(cert);
        List<String> ids = new ArrayList<>(sans);
        String cn = X509.commonName(cert);
        if (cn != null && (rule == Rule.CN_OR_SAN || sans.isEmpty())) {
            ids.add(cn);
        }
        return ids;
    }

    /** The presented identifier that matches {@code reference}, or null. */
    public static String match(List<String> presented, String reference) {
        String ref = canonical(reference);
        if (ref == null) {
            return null;
        }
        for (String p : presented) {
            String id = canonical(p);
            if (id != null && matches(id, ref)) {
                return p;
            }
        }
        return null;
    }

    static boolean matches(String presented, String reference) {
        if (presented.startsWith("*.")) {
            String suffix = presented.substring(1); // ".example.com"
            if (suffix.indexOf('*') >= 0 || suffix.chars().filter(c -> c == '.').count() < 2) {
                return false; // malformed wildcard, or one directly under a TLD
            }
            int firstDot = reference.indexOf('.');
            return firstDot > 0 && reference.substring(firstDot).equals(suffix);
        }
        if (presented.indexOf('*') >= 0) {
            return false; // partial-label wildcards (w*.example.com) are not honoured
        }
        return presented.equals(reference);
    }

    /** Lower-case A-label form without the trailing dot; null when not a usable DNS name. */
    static String canonical(String name) {
        if (name == null || name.isBlank()) {
            return null;
        }
        String n = name.strip();
        if (n.endsWith(".")) {
            n = n.substring(0, n.length() - 1);
        }
        try {
            n = IDN.toASCII(n, IDN.ALLOW_UNASSIGNED);
        } catch (IllegalArgumentException e) {
            return null;
        }
        return n.toLowerCase(Locale.ROOT);
    }
}

package org.postern.engine.pki;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * CERT-3 fully-qualified domain name rules: LDH labels of 1–63 octets (RFC 1035 §2.3.1, RFC 1123
 * §2.1), not starting or ending with a hyphen, at least two labels, at most 253 octets, a
 * top-level label that is not all-numeric (so an IP address is not an FQDN), and a wildcard only
 * as the whole leftmost label ({@code *.example.com}, RFC 6125 §7.2). Internationalised names
 * must be given in A-label form ({@code xn--…}).
 *
 * <p>A trailing root dot ({@code mail.example.com.}) is refused: a dNSName in a certificate is in
 * the "preferred name syntax" of RFC 1034 §3.5 (RFC 5280 §4.2.1.6), which has no root dot, and
 * RFC 6125 §6.4.1 matches presented identifiers against reference identifiers without one. Where
 * an input is a DNS domain that the engine normalises (a destination domain, a TLSA host), the
 * root dot is removed before this check; everywhere else it is refused with this reason.
 */
public final class Fqdn {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");

    private Fqdn() {
    }

    /** Returns why {@code name} is not a valid FQDN, or empty when it is. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("is empty");
        }
        if (!name.equals(name.strip())) {
            return Optional.of("has surrounding spaces");
        }
        if (name.endsWith(".")) {
            return Optional.of("ends with a dot; give the name without the root dot");
        }
        if (name.length() > 253) {
            return Optional.of("is longer than 253 characters");
        }
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) > 0x7e) {
                return Optional.of("contains non-ASCII characters; use the A-label (xn--) form");
            }
        }
        String[] labels = name.toLowerCase(Locale.ROOT).split("\\.", -1);
        if (labels.length < 2) {
            return Optional.of("is not fully qualified (needs at least two labels)");
        }
        for (int i = 0; i < labels.length; i++) {
            String label = labels[i];
            if (label.equals("*")) {
                if (i != 0) {
                    return Optional.of("has a wildcard that is not the whole leftmost label");
                }
                if (labels.length < 3) {
                    return Optional.of("has a wildcard directly under a top-level domain");
                }
                continue;
            }
            if (label.contains("*")) {
                return Optional.of("has a wildcard that is not the whole leftmost label");
            }
            if (label.isEmpty()) {
                return Optional.of("has an empty label");
            }
            if (label.length() > 63) {
                return Optional.of("has a label longer than 63 characters");
            }
            if (!LABEL.matcher(label).matches()) {
                return Optional.of("has a label '" + label + "' with characters other than letters, digits and"
                        + " inner hyphens");
            }
        }
        if (labels[labels.length - 1].chars().allMatch(Character::isDigit)) {
            return Optional.of("has an all-numeric top-level label (an IP address is not an FQDN)");
        }
        return Optional.empty();
    }

    public static boolean isValid(String name) {
        return problem(name).isEmpty();
    }

    /**
     * As {@link #require}, and a wildcard is refused too: for inputs that name one host or one mail
     * domain (a route host, a sender host name, an accepted domain), where {@code *.} would match nothing.
     */
    public static void requireSingle(String what, String name) {
        require(what, name);
        if (name.startsWith("*")) {
            throw new org.postern.engine.api.PosternException(
                    what + " '" + name + "' is a wildcard; give one name (a wildcard is only for certificate names)");
        }
    }

    /** Throws with the offending value named when {@code name} is not a valid FQDN. */
    public static void require(String what, String name) {
        problem(name).ifPresent(p -> {
            throw new org.postern.engine.api.PosternException(
                    what + " '" + name + "' is not a valid fully-qualified domain name: it " + p);
        });
    }
}

package org.postern.engine.pki;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.PosternException;

/**
 * The rules for what an administrator gives to create, import or renew a certificate (CERT-2..4,
 * CERT-7, CON-9): common name, SAN dNSNames with the optional CERT-3 FQDN check, country, validity
 * and the entry's name. Each returns the value as stored or throws with the reason.
 */
public final class CertificateInput {

    public static final int MAX_VALIDITY_DAYS = 36_500;
    public static final int MAX_NAME_LENGTH = 128;
    /** RFC 5280 Appendix A ub-common-name. */
    public static final int MAX_COMMON_NAME_LENGTH = 64;
    private static final Pattern HOSTNAME_LIKE = Pattern.compile("[A-Za-z0-9*.-]+");

    private CertificateInput() {
    }

    /** The common name, stripped; an FQDN when {@code fqdnCheck} is on (CERT-3). */
    public static String commonName(String commonName, boolean fqdnCheck) {
        String cn = commonName == null ? "" : commonName.strip();
        if (cn.isEmpty()) {
            throw new PosternException("a common name is required");
        }
        if (cn.length() > MAX_COMMON_NAME_LENGTH) {
            throw new PosternException("the common name is longer than " + MAX_COMMON_NAME_LENGTH + " characters"
                    + " (RFC 5280 ub-common-name); use a shorter common name and give the long name as a DNS name");
        }
        if (fqdnCheck) {
            Fqdn.require("common name", cn);
        }
        return cn;
    }

    /** One extra SAN dNSName as stored (stripped, lower case): a DNS name, an FQDN when {@code fqdnCheck} is on. */
    public static String dnsName(String name, boolean fqdnCheck) {
        String t = name == null ? "" : name.strip().toLowerCase(Locale.ROOT);
        if (!HOSTNAME_LIKE.matcher(t).matches()) {
            throw new PosternException("subject alternative name '" + (name == null ? "" : name.strip())
                    + "' is not a DNS name");
        }
        if (fqdnCheck) {
            Fqdn.require("subject alternative name", t);
        }
        return t;
    }

    /**
     * SAN dNSNames of a new certificate: the CN (when it is a host name) followed by the extra names,
     * without repeats; blank extra names are skipped.
     */
    public static List<String> dnsNames(String commonName, List<String> extra, boolean fqdnCheck) {
        String cn = commonName(commonName, fqdnCheck);
        Set<String> names = new LinkedHashSet<>();
        if (HOSTNAME_LIKE.matcher(cn).matches()) {
            names.add(cn.toLowerCase(Locale.ROOT));
        }
        for (String n : extra) {
            if (n != null && !n.isBlank()) {
                names.add(dnsName(n, fqdnCheck));
            }
        }
        return List.copyOf(names);
    }

    /** CERT-3 at import: the leaf's CN (if any) and every SAN dNSName must be FQDNs. */
    public static void requireFqdns(X509Certificate leaf) {
        requireFqdns(X509.commonName(leaf), X509.dnsNames(leaf));
    }

    /** CERT-3 at import, for a leaf shown as a {@link CertificateView} (its PEM is read back). */
    public static void requireFqdns(CertificateView leaf) {
        List<Pem.Block> blocks = Pem.decode(leaf.pem());
        try {
            requireFqdns(X509.parseDer(blocks.getFirst().der()));
        } catch (CertificateException | java.util.NoSuchElementException e) {
            throw new PosternException("the certificate cannot be read: " + e.getMessage());
        }
    }

    private static void requireFqdns(String commonName, List<String> dnsNames) {
        if (commonName != null) {
            Fqdn.require("common name", commonName);
        }
        for (String n : dnsNames) {
            Fqdn.require("subject alternative name", n);
        }
    }

    /** The country as stored (upper case), or null when none is given; an ISO 3166 code (CERT-2). */
    public static String country(String country) {
        if (country == null || country.isBlank()) {
            return null;
        }
        String c = country.strip().toUpperCase(Locale.ROOT);
        CountryCodes.require(c);
        return c;
    }

    // RFC 5280 Appendix A upper bounds of the subject attributes (CERT-2); blank means "not given".

    public static void requireOrganization(String value) {
        requireAtMost("organization", value, 64);
    }

    public static void requireOrganizationalUnit(String value) {
        requireAtMost("organizational unit", value, 64);
    }

    public static void requireCity(String value) {
        requireAtMost("city", value, 128);
    }

    public static void requireState(String value) {
        requireAtMost("state or province", value, 128);
    }

    private static void requireAtMost(String field, String value, int max) {
        if (value != null && value.strip().length() > max) {
            throw new PosternException("the " + field + " is longer than " + max + " characters (RFC 5280 upper bound)");
        }
    }

    public static void requireValidity(int days) {
        if (days < 1 || days > MAX_VALIDITY_DAYS) {
            throw new PosternException("validity must be between 1 and " + MAX_VALIDITY_DAYS + " days, not " + days);
        }
    }

    /**
     * The name of a new entry (CERT-4): the one requested, else {@code fallback}; at most 128
     * characters, no control characters, not taken ({@code taken} ignores case as the store does).
     */
    public static String entryName(String requested, String fallback, Predicate<String> taken) {
        String name = requested == null || requested.isBlank() ? fallback : requested.strip();
        if (name.length() > MAX_NAME_LENGTH) {
            throw new PosternException("the name is longer than " + MAX_NAME_LENGTH + " characters");
        }
        if (name.chars().anyMatch(Character::isISOControl)) {
            throw new PosternException("the name contains control characters");
        }
        if (taken.test(name)) {
            throw new PosternException("a certificate named '" + name + "' already exists; choose another name");
        }
        return name;
    }
}

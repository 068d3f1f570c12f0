package org.postern.engine.dane;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postern.engine.dns.TlsaData;

/**
 * TLSA record usability and matching for SMTP (RFC 7672 §3.1, RFC 7671, RFC 6698 §2.1). Usages
 * DANE-TA(2) and DANE-EE(3) are usable; PKIX-TA(0) and PKIX-EE(1) are not (RFC 7672 §3.1.3); unknown
 * usages, selectors and matching types, and digests of the wrong length, make a record unusable.
 * Digest agility (RFC 7671 §9): for each usage and selector only the strongest matching type
 * present is used, in OpenSSL's order SHA-512(2) &gt; SHA-256(1) &gt; Full(0).
 */
public final class TlsaMatcher {

    private TlsaMatcher() {
    }

    /** Why {@code r} cannot be used for SMTP, or empty when it can. */
    public static Optional<String> unusable(TlsaData r) {
        switch (r.usage()) {
            case 0 -> {
                return Optional.of("usage 0 (PKIX-TA) is unusable for SMTP (RFC 7672 §3.1.3)");
            }
            case 1 -> {
                return Optional.of("usage 1 (PKIX-EE) is unusable for SMTP (RFC 7672 §3.1.3)");
            }
            case 2, 3 -> { }
            default -> {
                return Optional.of("unknown certificate usage " + r.usage());
            }
        }
        if (r.selector() != 0 && r.selector() != 1) {
            return Optional.of("unknown selector " + r.selector());
        }
        int expected = switch (r.matchingType()) {
            case 0 -> -1;
            case 1 -> 32;
            case 2 -> 64;
            default -> -2;
        };
        if (expected == -2) {
            return Optional.of("unknown matching type " + r.matchingType());
        }
        if (r.data() == null || r.data().length == 0) {
            return Optional.of("empty certificate association data");
        }
        if (expected > 0 && r.data().length != expected) {
            return Optional.of("matching type " + r.matchingType() + " needs " + expected + " bytes of digest, the record has "
                    + r.data().length);
        }
        return Optional.empty();
    }

    /**
     * The records delivery may use: the usable ones, and of those for each usage and selector
     * only the ones with the strongest matching type present (digest agility, RFC 7671 §9).
     */
    public static List<TlsaData> usable(List<TlsaData> rrset) {
        Map<Integer, Integer> strongest = new LinkedHashMap<>();
        for (TlsaData r : rrset) {
            if (unusable(r).isEmpty()) {
                strongest.merge(r.usage() * 2 + r.selector(), rank(r.matchingType()), Math::max);
            }
        }
        List<TlsaData> out = new ArrayList<>();
        for (TlsaData r : rrset) {
            if (unusable(r).isEmpty() && rank(r.matchingType()) == strongest.get(r.usage() * 2 + r.selector())) {
                out.add(r);
            }
        }
        return out;
    }

    /** Why a usable record is nevertheless ignored (a stronger digest for its usage and selector), or empty. */
    public static Optional<String> ignoredByDigestAgility(TlsaData r, List<TlsaData> rrset) {
        if (unusable(r).isPresent() || usable(rrset).contains(r)) {
            return Optional.empty();
        }
        return Optional.of("ignored: a stronger matching type is published for usage " + r.usage() + " selector "
                + r.selector() + " (digest agility, RFC 7671 §9)");
    }

    private static int rank(int matchingType) {
        return switch (matchingType) {
            case 2 -> 2;
            case 1 -> 1;
            default -> 0;
        };
    }

    /** True when {@code r}'s association data describes {@code cert} (selector and matching type applied). */
    public static boolean matches(TlsaData r, X509Certificate cert) {
        if (unusable(r).isPresent() && r.usage() >= 2) {
            return false;
        }
        byte[] selected = selected(cert, r.selector());
        if (selected == null) {
            return false;
        }
        byte[] association = switch (r.matchingType()) {
            case 0 -> selected;
            case 1 -> digest("SHA-256", selected);
            case 2 -> digest("SHA-512", selected);
            default -> null;
        };
        return association != null && MessageDigest.isEqual(association, r.data());
    }

    /** The record in presentation form, e.g. {@code 3 1 1 a1b2…}. */
    public static String presentation(TlsaData r) {
        return r.usage() + " " + r.selector() + " " + r.matchingType() + " " + HexFormat.of().formatHex(r.data());
    }

    /** A short label of the record's parameters, e.g. {@code DANE-EE(3) SPKI(1) SHA2-256(1)}. */
    public static String describe(TlsaData r) {
        String usage = switch (r.usage()) {
            case 0 -> "PKIX-TA(0)";
            case 1 -> "PKIX-EE(1)";
            case 2 -> "DANE-TA(2)";
            case 3 -> "DANE-EE(3)";
            default -> "usage(" + r.usage() + ")";
        };
        String selector = switch (r.selector()) {
            case 0 -> "Cert(0)";
            case 1 -> "SPKI(1)";
            default -> "selector(" + r.selector() + ")";
        };
        String matching = switch (r.matchingType()) {
            case 0 -> "Full(0)";
            case 1 -> "SHA2-256(1)";
            case 2 -> "SHA2-512(2)";
            default -> "matching(" + r.matchingType() + ")";
        };
        return usage + " " + selector + " " + matching;
    }

    private static byte[] selected(X509Certificate cert, int selector) {
        try {
            return switch (selector) {
                case 0 -> cert.getEncoded();
                case 1 -> cert.getPublicKey().getEncoded();
                default -> null;
            };
        } catch (CertificateEncodingException e) {
            return null;
        }
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

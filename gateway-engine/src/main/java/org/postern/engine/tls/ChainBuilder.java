package org.postern.engine.tls;

import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertPathBuilder;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.CertStore;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.PKIXCertPathBuilderResult;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.postern.engine.pki.X509;

/**
 * CA-8: the one path builder. A path is <em>built</em> from the target certificate through
 * whatever the peer sent (in any order, with extra, cross-signed or expired certificates that the
 * path does not need) to one of the given anchors, as OpenSSL and Postfix do; it is not checked in
 * the order sent. The PKIX verifier (enabled CA lists), the console's chain verdict and DANE-TA
 * (the anchor is the certificate a TLSA record matched) all build paths here.
 *
 * <p>An anchor that is the target itself authenticates exactly that certificate: the path is empty
 * and only its dates are checked. An anchor that is not a CA certificate (a partner's self-signed
 * end-entity certificate in the custom list, CA-7) authenticates only itself and never issues: it
 * is left out of path building, since PKIX does not check an anchor's basicConstraints.
 * Anchors are used only while they are valid (as OpenSSL does; PKIX alone would not check them).
 * When no path exists, the failure names the clearest reason: an expired or not-yet-valid
 * certificate on the only path there is, a self-signed certificate, or no path to any anchor.
 */
public final class ChainBuilder {

    /** Why a build failed, as an RFC 8460 result type. */
    public enum Failure {
        NONE(null), EXPIRED("certificate-expired"), NOT_TRUSTED("certificate-not-trusted"),
        INVALID("validation-failure");

        private final String resultType;

        Failure(String resultType) {
            this.resultType = resultType;
        }

        public String resultType() {
            return resultType;
        }
    }

    /**
     * The outcome. On success {@code path} runs from the target up to (not including) the anchor
     * and {@code anchor} is the anchor certificate; on failure {@code reason} says why.
     */
    public record Built(List<X509Certificate> path, X509Certificate anchor, Failure failure, String reason) {
        public Built {
            path = List.copyOf(path);
        }

        public boolean ok() {
            return failure == Failure.NONE;
        }

        /** The path with its anchor on top (target first), as a chain view shows it. */
        public List<X509Certificate> withAnchor() {
            List<X509Certificate> all = new ArrayList<>(path);
            if (anchor != null && (all.isEmpty() || !all.getLast().equals(anchor))) {
                all.add(anchor);
            }
            return all;
        }

        static Built failed(Failure f, String reason) {
            return new Built(List.of(), null, f, reason);
        }
    }

    private ChainBuilder() {
    }

    /**
     * Builds a path from {@code target} via {@code untrusted} (what the peer sent; may include
     * the target) to one of {@code anchors}, valid at {@code now}. Revocation is not checked
     * (SMTP has no usable revocation; neither do Postfix's defaults).
     */
    public static Built build(X509Certificate target, Collection<X509Certificate> untrusted,
                              Collection<X509Certificate> anchors, Instant now) {
        if (anchors.isEmpty()) {
            return Built.failed(Failure.NOT_TRUSTED, "no trust anchor is enabled (both CA lists are disabled or empty)");
        }
        for (X509Certificate a : anchors) {
            if (a.equals(target)) {
                String dates = dateProblem(target, now);
                return dates == null ? new Built(List.of(), target, Failure.NONE, null) : Built.failed(Failure.EXPIRED, dates);
            }
        }
        List<X509Certificate> issuing = anchors.stream().filter(X509::mayIssue).toList();
        // PKIX does not check an anchor's dates; OpenSSL does, so an expired root anchors nothing
        Set<TrustAnchor> trustAnchors = new LinkedHashSet<>();
        issuing.stream().filter(a -> dateProblem(a, now) == null).forEach(a -> trustAnchors.add(new TrustAnchor(a, null)));
        Set<X509Certificate> store = new LinkedHashSet<>(untrusted);
        store.add(target);
        if (trustAnchors.isEmpty()) {
            return diagnose(target, store, issuing, anchors, now, null);
        }
        try {
            X509CertSelector selector = new X509CertSelector();
            selector.setCertificate(target);
            PKIXBuilderParameters params = new PKIXBuilderParameters(trustAnchors, selector);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            params.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(store)));
            PKIXCertPathBuilderResult r = (PKIXCertPathBuilderResult) CertPathBuilder.getInstance("PKIX").build(params);
            List<X509Certificate> path = r.getCertPath().getCertificates().stream().map(c -> (X509Certificate) c).toList();
            return new Built(path, r.getTrustAnchor().getTrustedCert(), Failure.NONE, null);
        } catch (CertPathBuilderException e) {
            return diagnose(target, store, issuing, anchors, now, e);
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException e) {
            return Built.failed(Failure.INVALID, "cannot build a certificate path: " + e.getMessage());
        }
    }

    /**
     * No valid path: look for a path by names and signatures alone, ignoring dates. If one exists,
     * the dates (or another PKIX rule) are why it failed; otherwise nothing leads to an anchor.
     */
    private static Built diagnose(X509Certificate target, Set<X509Certificate> store, Collection<X509Certificate> anchors,
                                  Collection<X509Certificate> allAnchors, Instant now, CertPathBuilderException e) {
        List<X509Certificate> path = new ArrayList<>();
        path.add(target);
        X509Certificate anchor = searchIgnoringDates(path, store, anchors, 0);
        if (anchor != null) {
            List<X509Certificate> all = new ArrayList<>(path);
            all.add(anchor);
            for (X509Certificate c : all) {
                String dates = dateProblem(c, now);
                if (dates != null) {
                    return Built.failed(Failure.EXPIRED, dates);
                }
            }
            return Built.failed(Failure.INVALID, "the path to '" + X509.readable(anchor.getSubjectX500Principal())
                    + "' is not valid: " + whyInvalid(path, anchor, now, e));
        }
        if (X509.isSelfSigned(target)) {
            return Built.failed(Failure.NOT_TRUSTED, "self-signed certificate '" + X509.readable(target.getSubjectX500Principal())
                    + "' is not in an enabled CA list");
        }
        List<X509Certificate> partners = allAnchors.stream().filter(a -> !X509.mayIssue(a)).toList();
        Set<X509Certificate> withoutPartners = new LinkedHashSet<>(store);
        partners.forEach(withoutPartners::remove);
        X509Certificate top = topOf(target, withoutPartners);
        for (X509Certificate a : partners) {
            if (a.getSubjectX500Principal().equals(top.getIssuerX500Principal()) && signedBy(top, a)) {
                return Built.failed(Failure.NOT_TRUSTED, "'" + X509.readable(top.getSubjectX500Principal()) + "' is issued by"
                        + " the partner certificate '" + X509.readable(a.getSubjectX500Principal())
                        + "', which is not a CA certificate and is a trust anchor only for itself");
            }
        }
        if (X509.isSelfSigned(top)) {
            return Built.failed(Failure.NOT_TRUSTED, "the chain ends at '" + X509.readable(top.getSubjectX500Principal())
                    + "', which is not in an enabled CA list");
        }
        for (X509Certificate c : concat(store, anchors)) {
            if (c != top && c.getSubjectX500Principal().equals(top.getIssuerX500Principal()) && !signedBy(top, c)
                    && !X509.isSelfIssued(top) && sameKeyIdentifier(top, c)) {
                return Built.failed(Failure.INVALID, "the signature of '" + X509.readable(top.getSubjectX500Principal())
                        + "' does not verify with the key of its issuer '" + X509.readable(c.getSubjectX500Principal()) + "'");
            }
        }
        return Built.failed(Failure.NOT_TRUSTED, "the chain does not lead to a trust anchor of the enabled CA lists"
                + " (issuer '" + X509.readable(top.getIssuerX500Principal()) + "' not found)");
    }

    /**
     * True when {@code child}'s authority key identifier names {@code issuer}'s subject key
     * identifier: then {@code issuer} is the certificate meant, and a failing signature is a broken
     * link rather than a different CA of the same name.
     */
    private static boolean sameKeyIdentifier(X509Certificate child, X509Certificate issuer) {
        try {
            byte[] akid = child.getExtensionValue(Extension.authorityKeyIdentifier.getId());
            byte[] skid = issuer.getExtensionValue(Extension.subjectKeyIdentifier.getId());
            if (akid == null || skid == null) {
                return false;
            }
            byte[] a = AuthorityKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(akid))
                    .getKeyIdentifierOctets();
            byte[] b = SubjectKeyIdentifier.getInstance(JcaX509ExtensionUtils.parseExtensionValue(skid)).getKeyIdentifier();
            return a != null && Arrays.equals(a, b);
        } catch (java.io.IOException | IllegalArgumentException e) {
            return false;
        }
    }

    private static List<X509Certificate> concat(Collection<X509Certificate> a, Collection<X509Certificate> b) {
        List<X509Certificate> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Depth-first search by issuer name and signature; extends {@code path}; returns the anchor reached or null. */
    private static X509Certificate searchIgnoringDates(List<X509Certificate> path, Set<X509Certificate> store,
                                                       Collection<X509Certificate> anchors, int depth) {
        X509Certificate current = path.getLast();
        for (X509Certificate a : anchors) {
            if (a.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && signedBy(current, a)) {
                return a;
            }
            if (a.getSubjectX500Principal().equals(current.getSubjectX500Principal())
                    && Arrays.equals(a.getPublicKey().getEncoded(), current.getPublicKey().getEncoded()) && path.size() > 1) {
                path.removeLast();
                return a;
            }
        }
        if (depth > 8) {
            return null;
        }
        for (X509Certificate c : store) {
            if (path.contains(c) || !c.getSubjectX500Principal().equals(current.getIssuerX500Principal())
                    || !signedBy(current, c)) {
                continue;
            }
            path.add(c);
            X509Certificate found = searchIgnoringDates(path, store, anchors, depth + 1);
            if (found != null) {
                return found;
            }
            path.removeLast();
        }
        return null;
    }

    /** The highest certificate reachable from {@code target} by names and signatures, for messages. */
    private static X509Certificate topOf(X509Certificate target, Set<X509Certificate> store) {
        X509Certificate current = target;
        for (int i = 0; i < 8 && !X509.isSelfIssued(current); i++) {
            X509Certificate next = null;
            for (X509Certificate c : store) {
                if (c != current && c.getSubjectX500Principal().equals(current.getIssuerX500Principal()) && signedBy(current, c)) {
                    next = c;
                    break;
                }
            }
            if (next == null) {
                break;
            }
            current = next;
        }
        return current;
    }

    private static boolean signedBy(X509Certificate child, X509Certificate issuer) {
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    /** Null when {@code c} is valid at {@code now}; else the reason. */
    public static String dateProblem(X509Certificate c, Instant now) {
        try {
            c.checkValidity(Date.from(now));
            return null;
        } catch (CertificateExpiredException e) {
            return "certificate expired on " + c.getNotAfter().toInstant() + ": '" + X509.readable(c.getSubjectX500Principal()) + "'";
        } catch (CertificateNotYetValidException e) {
            return "certificate not yet valid until " + c.getNotBefore().toInstant() + ": '"
                    + X509.readable(c.getSubjectX500Principal()) + "'";
        }
    }

    /** The validator's precise reason for a path the builder refused (e.g. a disabled algorithm). */
    private static String whyInvalid(List<X509Certificate> path, X509Certificate anchor, Instant now,
                                     CertPathBuilderException e) {
        try {
            PKIXParameters params = new PKIXParameters(Set.of(new TrustAnchor(anchor, null)));
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(CertificateFactory.getInstance("X.509").generateCertPath(path), params);
        } catch (CertPathValidatorException v) {
            return v.getMessage();
        } catch (GeneralSecurityException g) {
            return g.getMessage();
        }
        return message(e);
    }

    private static String message(CertPathBuilderException e) {
        if (e == null) {
            return "no CA certificate is enabled";
        }
        Throwable t = e;
        while (t.getCause() != null) {
            t = t.getCause();
        }
        return t.getMessage() == null ? t.toString() : t.getMessage();
    }
}

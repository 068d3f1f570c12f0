package org.postern.engine.tls;

import java.security.cert.CertPath;
import java.security.cert.CertPathValidator;
import java.security.cert.CertPathValidatorException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.postern.engine.pki.Fqdn;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.X509;

/**
 * The one certificate verifier for the "Verify" settings (DLV-3). Like Postfix, it reports chain
 * trust and name match separately and the caller decides: (1) the chain ends at a root of the
 * enabled CA lists; (2) a presented name matches a reference identifier (RFC 6125); (3) optional
 * FQDN check of the presented names; (4) optional algorithm check (no MD5/SHA-1 signatures, no RSA
 * keys under 2048 bits). Each failure carries its reason and an RFC 8460 result type.
 */
public final class CertificateVerifier {

    /** A reference identifier and how it was learned (DLV-2 Verify Hosted Domain). */
    public record Reference(String name, Source source) {
        /** Where the name came from. */
        public enum Source { RECIPIENT_DOMAIN, MX_SECURE, MX_INSECURE, ROUTE }
    }

    /** Options beyond chain and name. */
    public record Options(NameMatcher.Rule rule, boolean fqdnCheck, boolean algorithmCheck) {
    }

    /**
     * The outcome. {@code verified} means every check passed; {@code nameStrength} says whether the
     * match counts as verified or only trusted (an MX name learned from insecure DNS).
     */
    public record Result(boolean chainTrusted, String matchedReference, Reference.Source matchedSource,
                         List<String> failures, String resultType) {

        public boolean verified() {
            return failures.isEmpty();
        }

        /** RFC 7525 §6.1 / Postfix: a match on an MX name from insecure DNS is "trusted", not "verified". */
        public boolean onlyTrusted() {
            return verified() && matchedSource == Reference.Source.MX_INSECURE;
        }

        public String summary() {
            return failures.isEmpty() ? "verified (name " + matchedReference + ")" : String.join("; ", failures);
        }
    }

    private final Supplier<List<X509Certificate>> roots;

    public CertificateVerifier(Supplier<List<X509Certificate>> roots) {
        this.roots = roots;
    }

    public Result verify(List<X509Certificate> chain, List<Reference> references, Options options, Instant now) {
        List<String> failures = new ArrayList<>();
        String resultType = null;
        if (chain.isEmpty()) {
            return new Result(false, null, null, List.of("the server presented no certificate"), "validation-failure");
        }
        X509Certificate leaf = chain.getFirst();

        // (1) chain to the enabled CA lists
        String chainFailure = chainFailure(chain, now);
        boolean trusted = chainFailure == null;
        if (!trusted) {
            failures.add(chainFailure);
            resultType = chainFailure.startsWith("certificate expired") || chainFailure.startsWith("certificate not yet valid")
                    ? "certificate-expired" : "certificate-not-trusted";
        }

        // (2) names
        List<String> presented = NameMatcher.presentedIdentifiers(leaf, options.rule());
        String matched = null;
        Reference.Source source = null;
        for (Reference r : references) {
            if (NameMatcher.match(presented, r.name()) != null) {
                matched = r.name();
                source = r.source();
                break;
            }
        }
        if (matched == null) {
            failures.add("certificate-host-mismatch: presented " + (presented.isEmpty() ? "no names" : String.join(", ", presented))
                    + "; expected " + String.join(" or ", references.stream().map(Reference::name).toList()));
            resultType = resultType == null ? "certificate-host-mismatch" : resultType;
        }

        // (3) FQDN check of presented names
        if (options.fqdnCheck()) {
            for (String p : presented) {
                Fqdn.problem(p).ifPresent(why -> failures.add("presented name '" + p + "' is not a valid FQDN: it " + why));
            }
            if (failures.size() > 0 && resultType == null) {
                resultType = "validation-failure";
            }
        }

        // (4) algorithms
        if (options.algorithmCheck()) {
            for (int i = 0; i < chain.size(); i++) {
                X509Certificate c = chain.get(i);
                boolean selfSignedRoot = i == chain.size() - 1 && X509.isSelfSigned(c);
                if (!selfSignedRoot && X509.weakSignature(c)) {
                    failures.add("weak signature algorithm " + c.getSigAlgName() + " on '"
                            + X509.readable(c.getSubjectX500Principal()) + "'");
                }
                int bits = KeyPairs.rsaBits(c.getPublicKey());
                if (bits > 0 && bits < 2048) {
                    failures.add("weak key RSA " + bits + " on '" + X509.readable(c.getSubjectX500Principal()) + "'");
                }
            }
            if (!failures.isEmpty() && resultType == null) {
                resultType = "validation-failure";
            }
        }
        return new Result(trusted, matched, source, failures, failures.isEmpty() ? null : resultType);
    }

    /** Null when the chain validates to an enabled root at {@code now}; else the reason. */
    String chainFailure(List<X509Certificate> chain, Instant now) {
        List<X509Certificate> anchors = roots.get();
        if (anchors.isEmpty()) {
            return "certificate-not-trusted: no CA list is enabled";
        }
        // checking dates first gives the clearer reason
        for (X509Certificate c : chain) {
            try {
                c.checkValidity(Date.from(now));
            } catch (CertificateExpiredException e) {
                return "certificate expired on " + c.getNotAfter().toInstant() + ": '" + X509.readable(c.getSubjectX500Principal()) + "'";
            } catch (CertificateNotYetValidException e) {
                return "certificate not yet valid until " + c.getNotBefore().toInstant() + ": '"
                        + X509.readable(c.getSubjectX500Principal()) + "'";
            }
        }
        Set<TrustAnchor> trustAnchors = new HashSet<>();
        anchors.forEach(a -> trustAnchors.add(new TrustAnchor(a, null)));
        List<X509Certificate> path = new ArrayList<>(chain);
        // a root the server sends is not part of the path to validate (RFC 5280 §6.1)
        while (path.size() > 1 && X509.isSelfSigned(path.getLast())) {
            path.removeLast();
        }
        try {
            CertPath cp = CertificateFactory.getInstance("X.509").generateCertPath(path);
            PKIXParameters params = new PKIXParameters(trustAnchors);
            params.setRevocationEnabled(false);
            params.setDate(Date.from(now));
            CertPathValidator.getInstance("PKIX").validate(cp, params);
            return null;
        } catch (CertPathValidatorException e) {
            if (X509.isSelfSigned(chain.getFirst())) {
                return "certificate-not-trusted: self-signed certificate '" + X509.readable(chain.getFirst().getSubjectX500Principal()) + "'";
            }
            return "certificate-not-trusted: " + reason(e);
        } catch (Exception e) {
            return "certificate-not-trusted: " + e.getMessage();
        }
    }

    private static String reason(CertPathValidatorException e) {
        String r = e.getReason() == null ? "" : e.getReason().toString().toLowerCase().replace('_', ' ');
        String m = e.getMessage() == null ? "" : e.getMessage();
        if (m.contains("Path does not chain with any of the trust anchors") || r.contains("no trust anchor")) {
            return "the chain does not end at a CA of the enabled lists";
        }
        return (r.isEmpty() ? "" : r + ": ") + m;
    }
}

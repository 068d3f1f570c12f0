package org.postern.engine.tls;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.pki.Fqdn;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.X509;
import org.postern.engine.trust.TrustAnchors;

/**
 * The one certificate verifier for the "Verify" settings (DLV-3), used by delivery and the probe.
 * Like Postfix, it reports chain trust and name match separately and the caller decides: (1) a
 * path is built from the server's certificate through what it sent to an enabled anchor
 * ({@link TrustAnchors#trustedPath}, CA-8); (2) a presented name matches a reference identifier
 * (RFC 6125); (3) optional FQDN check of the presented names; (4) optional algorithm check (no
 * MD5/SHA-1 signatures, no RSA keys under 2048 bits) of the certificates the path uses. Each failure carries its reason and an RFC 8460 result type.
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
                         List<String> failures, String resultType, String trustedBy) {

        public boolean verified() {
            return failures.isEmpty();
        }

        /** RFC 7525 §6.1 / Postfix: a match on an MX name from insecure DNS is "trusted", not "verified". */
        public boolean onlyTrusted() {
            return verified() && matchedSource == Reference.Source.MX_INSECURE;
        }

        public String summary() {
            return failures.isEmpty() ? "verified (name " + matchedReference + ", anchor " + trustedBy + ")"
                    : String.join("; ", failures);
        }
    }

    private final TrustAnchors anchors;

    public CertificateVerifier(TrustAnchors anchors) {
        this.anchors = anchors;
    }

    public Result verify(List<X509Certificate> chain, List<Reference> references, Options options, Instant now) {
        List<String> failures = new ArrayList<>();
        String resultType = null;
        if (chain.isEmpty()) {
            return new Result(false, null, null, List.of("the server presented no certificate"), "validation-failure", null);
        }
        X509Certificate leaf = chain.getFirst();

        // (1) a path to the enabled anchors
        ChainBuilder.Built built = anchors.trustedPath(chain, now);
        boolean trusted = built.ok();
        if (!trusted) {
            resultType = built.failure().resultType();
            failures.add(built.failure() == ChainBuilder.Failure.EXPIRED ? built.reason() : resultType + ": " + built.reason());
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

        // (4) algorithms of the certificates the path uses (all that were sent when there is none)
        if (options.algorithmCheck()) {
            List<X509Certificate> checked = trusted ? built.withAnchor() : chain;
            for (int i = 0; i < checked.size(); i++) {
                X509Certificate c = checked.get(i);
                boolean selfSignedTop = i == checked.size() - 1 && X509.isSelfSigned(c);
                if (!selfSignedTop && X509.weakSignature(c)) {
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
        return new Result(trusted, matched, source, failures, failures.isEmpty() ? null : resultType,
                trusted ? anchors.nameOf(built.anchor()) : null);
    }
}

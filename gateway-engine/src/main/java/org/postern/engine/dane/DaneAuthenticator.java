package org.postern.engine.dane;

import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.dns.TlsaData;
import org.postern.engine.pki.X509;
import org.postern.engine.tls.ChainBuilder;
import org.postern.engine.tls.NameMatcher;

/**
 * Authenticates the chain an SMTP server presented against its secure TLSA RRset (RFC 7672 §3,
 * RFC 7671 §5). Only DANE-TA(2) and DANE-EE(3) records are used, and for each usage and selector
 * only the strongest digest present ({@link TlsaMatcher#usable}).
 * <ul>
 *   <li>DANE-EE(3): the server's own certificate (depth 0) must match; its names and validity dates
 *       are ignored (RFC 7672 §3.1.1).</li>
 *   <li>DANE-TA(2): a certificate the server sent (at depth 1 or more; at depth 0 only when the
 *       server's certificate is self-issued) must match the record; that certificate is the trust
 *       anchor. A path from the server's certificate to it must be built ({@link ChainBuilder}), every
 *       certificate on it, the anchor included, must be within its validity dates, and the server's
 *       certificate must carry one of the reference identifiers — the TLSA base domain and the
 *       next-hop domain (RFC 7672 §3.2.3; presented names per RFC 6125, wildcards in the leftmost
 *       label only).</li>
 * </ul>
 *
 * @param rrset      the whole secure TLSA RRset (the fate of every record is reported)
 * @param references the reference identifiers for DANE-TA name checks, in order
 */
public record DaneAuthenticator(List<TlsaData> rrset, List<String> references) {

    public DaneAuthenticator {
        rrset = List.copyOf(rrset);
        references = List.copyOf(references);
    }

    /**
     * The fate of one record of the RRset.
     *
     * @param unusable     why it is not used, or null
     * @param matchedDepth depth of the first presented certificate it matches, or null
     * @param outcome      what using it gave ("authenticated …", or why it did not authenticate), or null
     */
    public record RecordFate(TlsaData record, String unusable, Integer matchedDepth, String outcome) {
    }

    /**
     * The verdict. {@code resultType} is the RFC 8460 §4.3 result type of a failure
     * ({@code tlsa-invalid} when no usable record matches, {@code certificate-expired},
     * {@code certificate-host-mismatch} or {@code validation-failure} for DANE-TA); {@code summary}
     * says which record matched which certificate at which depth, or why none authenticated.
     */
    public record Verdict(boolean authenticated, String summary, String resultType, List<RecordFate> records) {
        public Verdict {
            records = List.copyOf(records);
        }
    }

    public Verdict authenticate(List<X509Certificate> chain, Instant now) {
        List<TlsaData> usable = TlsaMatcher.usable(rrset);
        List<RecordFate> fates = new ArrayList<>();
        String success = null;
        String failure = null;
        String failureType = null;
        for (TlsaData r : rrset) {
            String unusable = TlsaMatcher.unusable(r).or(() -> TlsaMatcher.ignoredByDigestAgility(r, rrset)).orElse(null);
            Integer depth = firstMatch(r, chain);
            String outcome = null;
            if (unusable == null && usable.contains(r) && !chain.isEmpty()) {
                Attempt a = r.usage() == 3 ? endEntity(r, chain) : trustAnchor(r, chain, now);
                outcome = a.text();
                if (a.ok() && success == null) {
                    success = a.text();
                } else if (!a.ok() && failureType == null && !"tlsa-invalid".equals(a.resultType())) {
                    failure = a.text();
                    failureType = a.resultType();
                }
            }
            fates.add(new RecordFate(r, unusable, depth, outcome));
        }
        if (chain.isEmpty()) {
            return new Verdict(false, "the server presented no certificate", "validation-failure", fates);
        }
        if (success != null) {
            return new Verdict(true, success, null, fates);
        }
        if (usable.isEmpty()) {
            return new Verdict(false, "the TLSA RRset has no usable record", "tlsa-invalid", fates);
        }
        if (failure == null) {
            failure = "no usable TLSA record matches the presented chain ('"
                    + X509.readable(chain.getFirst().getSubjectX500Principal()) + "' and " + (chain.size() - 1) + " more; used: "
                    + String.join(", ", usable.stream().map(DaneAuthenticator::record).toList()) + ")";
            failureType = "tlsa-invalid";
        }
        return new Verdict(false, failure, failureType, fates);
    }

    private record Attempt(boolean ok, String text, String resultType) {
    }

    private static Attempt endEntity(TlsaData r, List<X509Certificate> chain) {
        X509Certificate leaf = chain.getFirst();
        if (TlsaMatcher.matches(r, leaf)) {
            return new Attempt(true, record(r) + " matched the server certificate '"
                    + X509.readable(leaf.getSubjectX500Principal()) + "' at depth 0 (DANE-EE: names and dates not checked)", null);
        }
        return new Attempt(false, record(r) + " does not match the server certificate", "tlsa-invalid");
    }

    private Attempt trustAnchor(TlsaData r, List<X509Certificate> chain, Instant now) {
        X509Certificate leaf = chain.getFirst();
        Attempt last = new Attempt(false, record(r) + " matches no certificate the server sent", "tlsa-invalid");
        for (int depth = X509.isSelfIssued(leaf) ? 0 : 1; depth < chain.size(); depth++) {
            X509Certificate anchor = chain.get(depth);
            if (!TlsaMatcher.matches(r, anchor)) {
                continue;
            }
            String where = record(r) + " matched '" + X509.readable(anchor.getSubjectX500Principal()) + "' at depth " + depth;
            ChainBuilder.Built built = ChainBuilder.build(leaf, chain, List.of(anchor), now);
            String dates = built.ok() ? ChainBuilder.dateProblem(anchor, now) : null;
            if (!built.ok() || dates != null) {
                String why = dates != null ? dates : built.reason();
                String type = dates != null ? "certificate-expired" : built.failure().resultType();
                last = new Attempt(false, where + ", but the chain to it is not valid: " + why, type);
                continue;
            }
            List<String> presented = NameMatcher.presentedIdentifiers(leaf, NameMatcher.Rule.RFC6125);
            for (String ref : references) {
                String name = NameMatcher.match(presented, ref);
                if (name != null) {
                    return new Attempt(true, where + " (DANE-TA, trust anchor of a " + built.withAnchor().size()
                            + "-certificate path); name '" + name + "' matches " + ref, null);
                }
            }
            last = new Attempt(false, where + ", but the server certificate names "
                    + (presented.isEmpty() ? "no host" : String.join(", ", presented)) + "; expected "
                    + String.join(" or ", references), "certificate-host-mismatch");
        }
        return last;
    }

    private static Integer firstMatch(TlsaData r, List<X509Certificate> chain) {
        for (int depth = 0; depth < chain.size(); depth++) {
            if (TlsaMatcher.matches(r, chain.get(depth))) {
                return depth;
            }
        }
        return null;
    }

    private static String record(TlsaData r) {
        return "TLSA " + TlsaMatcher.describe(r) + " [" + abbreviated(r) + "]";
    }

    private static String abbreviated(TlsaData r) {
        String p = TlsaMatcher.presentation(r);
        return p.length() > 30 ? p.substring(0, 30) + "…" : p;
    }
}

package org.postern.engine.pki;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * CERT-6: orders a set of certificates leaf → root starting at the entry's leaf, checks that each
 * link is signed by the next, and reports gaps and strays.
 */
public final class ChainOrder {

    /** The ordered chain (leaf first) and every problem found in words. */
    public record Result(List<X509Certificate> chain, List<String> problems) {
        public Result {
            chain = List.copyOf(chain);
            problems = List.copyOf(problems);
        }
    }

    private ChainOrder() {
    }

    public static Result order(X509Certificate leaf, List<X509Certificate> others) {
        Map<String, X509Certificate> pool = new LinkedHashMap<>();
        for (X509Certificate c : others) {
            pool.putIfAbsent(key(c), c);
        }
        pool.remove(key(leaf));
        List<X509Certificate> chain = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        chain.add(leaf);
        X509Certificate current = leaf;
        while (!X509.isSelfIssued(current)) {
            X509Certificate issuer = findIssuer(current, pool.values());
            if (issuer == null) {
                problems.add("chain incomplete: the issuer '" + X509.readable(current.getIssuerX500Principal())
                        + "' of '" + X509.readable(current.getSubjectX500Principal()) + "' is missing");
                break;
            }
            pool.remove(key(issuer));
            chain.add(issuer);
            current = issuer;
        }
        for (X509Certificate stray : pool.values()) {
            problems.add("certificate '" + X509.readable(stray.getSubjectX500Principal())
                    + "' is not part of this chain and was left out");
        }
        return new Result(chain, problems);
    }

    /** Re-checks an already stored chain: continuity, signatures, and whether it reaches a root. */
    public static List<String> check(List<X509Certificate> chain) {
        List<String> problems = new ArrayList<>();
        for (int i = 0; i + 1 < chain.size(); i++) {
            X509Certificate child = chain.get(i);
            X509Certificate parent = chain.get(i + 1);
            if (!signedBy(child, parent)) {
                problems.add("'" + X509.readable(child.getSubjectX500Principal()) + "' is not signed by '"
                        + X509.readable(parent.getSubjectX500Principal()) + "'");
            }
        }
        X509Certificate top = chain.getLast();
        if (!X509.isSelfIssued(top)) {
            problems.add("chain incomplete: the issuer '" + X509.readable(top.getIssuerX500Principal())
                    + "' of '" + X509.readable(top.getSubjectX500Principal()) + "' is missing");
        }
        return problems;
    }

    private static X509Certificate findIssuer(X509Certificate child, Iterable<X509Certificate> candidates) {
        for (X509Certificate c : candidates) {
            if (c.getSubjectX500Principal().equals(child.getIssuerX500Principal()) && signedBy(child, c)) {
                return c;
            }
        }
        return null;
    }

    static boolean signedBy(X509Certificate child, X509Certificate issuer) {
        try {
            child.verify(issuer.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static String key(X509Certificate c) {
        return X509.fingerprint(c, "SHA-256");
    }
}

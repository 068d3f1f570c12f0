package org.postern.engine.trust;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.postern.engine.pki.X509;
import org.postern.engine.tls.ChainBuilder;

/**
 * The roots a chain may end at (CA-3), and the one way a chain is judged against them (CA-8):
 * {@link #trustedPath} builds the path with {@link ChainBuilder}. The certificate verifier
 * (delivery and probe) and the chain verdict of stored certificates both ask here.
 */
public interface TrustAnchors {

    /** Every root currently trusted, in a stable order; may be empty. */
    List<X509Certificate> roots();

    /** A short name for the set, e.g. "system CA list". */
    String description();

    /**
     * How {@code anchor} (one of {@link #roots()}) is named in verdicts, e.g.
     * "CN=Example Root (custom CA list)".
     */
    default String nameOf(X509Certificate anchor) {
        return X509.readable(anchor.getSubjectX500Principal()) + " (" + description() + ")";
    }

    /**
     * Builds a path from the first certificate of {@code sent} (the peer's own certificate) through
     * the others, in any order, to one of {@link #roots()}, valid at {@code now}.
     */
    default ChainBuilder.Built trustedPath(List<X509Certificate> sent, Instant now) {
        if (sent.isEmpty()) {
            throw new IllegalArgumentException("no certificate to build a path from");
        }
        return ChainBuilder.build(sent.getFirst(), sent, roots(), now);
    }

    /**
     * {@link #roots()} as PKIX trust anchors, for {@code PKIXParameters}/{@code CertPathValidator}
     * (which refuse an empty set: check {@code isEmpty()} first).
     */
    default Set<TrustAnchor> trustAnchors() {
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        roots().forEach(r -> anchors.add(new TrustAnchor(r, null)));
        return Collections.unmodifiableSet(anchors);
    }

    /** A fixed set of roots (tools and tests that verify against given roots). */
    static TrustAnchors of(List<X509Certificate> roots, String description) {
        List<X509Certificate> copy = List.copyOf(roots);
        return new TrustAnchors() {
            @Override
            public List<X509Certificate> roots() {
                return copy;
            }

            @Override
            public String description() {
                return description;
            }
        };
    }
}

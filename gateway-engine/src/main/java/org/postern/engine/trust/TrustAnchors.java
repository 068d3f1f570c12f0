package org.postern.engine.trust;

import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** The roots a chain may end at (CA-3). */
public interface TrustAnchors {

    /**
     * The name of the anchor the chain ends at, if any: a certificate of {@code chain} (leaf first)
     * that is an anchor itself (same subject and key) or is signed by one. Validity periods and the
     * links below that certificate are the verifier's business, not this method's.
     */
    Optional<String> anchorFor(List<X509Certificate> chain);

    /** Every root currently trusted, in a stable order; may be empty. */
    List<X509Certificate> roots();

    /**
     * {@link #roots()} as PKIX trust anchors, for {@code PKIXParameters}/{@code CertPathValidator}
     * (which refuse an empty set: check {@code isEmpty()} first).
     */
    default Set<TrustAnchor> trustAnchors() {
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        roots().forEach(r -> anchors.add(new TrustAnchor(r, null)));
        return Collections.unmodifiableSet(anchors);
    }

    /** A short name for the set, e.g. "system CA list". */
    String description();
}

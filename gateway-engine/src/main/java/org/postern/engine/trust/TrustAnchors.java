package org.postern.engine.trust;

import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Optional;

/** The roots a chain may end at (CA-3). */
public interface TrustAnchors {

    /** The name of the anchor that issued the top of {@code chain}, if any. */
    Optional<String> anchorFor(List<X509Certificate> chain);

    /** A short name for the set, e.g. "system CA list". */
    String description();
}

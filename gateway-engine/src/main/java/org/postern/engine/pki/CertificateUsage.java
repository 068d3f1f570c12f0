package org.postern.engine.pki;

import java.util.List;

/**
 * Where a certificate is bound (CERT-1 "used by"): listeners, the HTTPS admin interface, the
 * outbound client certificate. Features that bind certificates provide one of these.
 */
@FunctionalInterface
public interface CertificateUsage {

    /** Human-readable bindings of the entry {@code name}, e.g. "listener IncomingMail". */
    List<String> usagesOf(String name);
}

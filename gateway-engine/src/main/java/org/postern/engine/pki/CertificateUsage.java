package org.postern.engine.pki;

import java.util.List;

/**
 * Where a certificate is bound (CERT-1 "used by"): listeners, the HTTPS admin interface, the
 * outbound client certificate. Features that bind certificates provide one of these. A binding
 * without a certificate uses the demo entry (LIS-7), so the demo entry is used by those too.
 */
@FunctionalInterface
public interface CertificateUsage {

    /**
     * Human-readable bindings of the entry {@code name}, e.g. "listener IncomingMail"; {@code demo}:
     * the entry is the demo certificate, which also serves every binding that names no certificate.
     */
    List<String> usagesOf(String name, boolean demo);
}

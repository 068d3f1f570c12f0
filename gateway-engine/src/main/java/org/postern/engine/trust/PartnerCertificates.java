package org.postern.engine.trust;

import java.security.cert.X509Certificate;
import org.postern.engine.pki.X509;

/**
 * CA-7: a partner certificate is a self-signed end-entity certificate (no CA=true) that the
 * administrator imported into the custom list, as two gateways do when they exchange their
 * self-signed certificates. It is a trust anchor for exactly that certificate and issues nothing.
 */
public final class PartnerCertificates {

    private PartnerCertificates() {
    }

    /** True for a self-signed certificate that is not a CA certificate. */
    public static boolean isPartner(X509Certificate c) {
        return !X509.mayIssue(c) && X509.isSelfSigned(c);
    }
}

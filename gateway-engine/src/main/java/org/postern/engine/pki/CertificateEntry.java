package org.postern.engine.pki;

import java.security.cert.X509Certificate;
import java.util.List;
import org.postern.engine.api.CertificateStatus;

/** A stored entry: the sealed private key and the chain, leaf first (CERT-1). */
public record CertificateEntry(String name, CertificateStatus status, boolean demo, byte[] sealedKey,
                               List<X509Certificate> chain) {

    public CertificateEntry {
        chain = List.copyOf(chain);
    }

    public X509Certificate leaf() {
        return chain.getFirst();
    }

    public CertificateEntry withChain(CertificateStatus newStatus, List<X509Certificate> newChain) {
        return new CertificateEntry(name, newStatus, demo, sealedKey, newChain);
    }
}

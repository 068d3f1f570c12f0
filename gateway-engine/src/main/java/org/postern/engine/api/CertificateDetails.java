package org.postern.engine.api;

import java.util.List;

/** An entry with its chain ordered leaf → root (CERT-6, CON-6). */
public record CertificateDetails(CertificateSummary summary, List<CertificateView> chain, ChainVerdict verdict) {

    public CertificateDetails {
        chain = List.copyOf(chain);
    }

    public CertificateView leaf() {
        return chain.getFirst();
    }
}

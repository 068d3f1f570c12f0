package org.postern.engine.api;

import java.util.List;

/** CERT-7: what a PKCS#12 file holds, shown before anything is stored. */
public record Pkcs12Contents(String suggestedName, String keyDescription, List<CertificateView> chain,
                             String encryption) {

    public Pkcs12Contents {
        chain = List.copyOf(chain);
    }
}

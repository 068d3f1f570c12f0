package org.postern.engine.pki;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.ExtensionsGenerator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;

/** CERT-5: PKCS#10 requests with the entry's subject and SANs, signed by the entry's key. */
public final class CsrFactory {

    private CsrFactory() {
    }

    public static PKCS10CertificationRequest create(X500Name subject, List<String> dnsNames, PublicKey publicKey,
                                                    PrivateKey privateKey) {
        try {
            var builder = new JcaPKCS10CertificationRequestBuilder(subject, publicKey);
            if (!dnsNames.isEmpty()) {
                ExtensionsGenerator ext = new ExtensionsGenerator();
                ext.addExtension(Extension.subjectAlternativeName, false, CertificateIssuer.generalNames(dnsNames));
                builder.addAttribute(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest, ext.generate());
            }
            return builder.build(new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(privateKey))
                    .setProvider(Crypto.BC).build(privateKey));
        } catch (IOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot build CSR: " + e.getMessage(), e);
        }
    }
}

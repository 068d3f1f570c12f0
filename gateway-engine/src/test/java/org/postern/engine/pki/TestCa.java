package org.postern.engine.pki;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.Extensions;

import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.postern.engine.api.KeyType;

/** A small test CA hierarchy: root → intermediate, signing CSRs the way a public CA would. */
public final class TestCa {

    public final KeyPair rootKeys = KeyPairs.generate(KeyType.EC_P256);
    public final X500Name rootName = new X500Name("CN=Postern Test Root,O=Test");
    public final X509Certificate root;
    public final KeyPair intermediateKeys = KeyPairs.generate(KeyType.EC_P256);
    public final X500Name intermediateName = new X500Name("CN=Postern Test Intermediate,O=Test");
    public final X509Certificate intermediate;

    public TestCa() {
        Instant now = Instant.now().minus(Duration.ofDays(1));
        root = CertificateIssuer.sign(rootKeys.getPrivate(), rootKeys.getPublic(), rootName, rootName,
                rootKeys.getPublic(), List.of(), now, now.plus(Duration.ofDays(3650)), true);
        intermediate = CertificateIssuer.sign(rootKeys.getPrivate(), rootKeys.getPublic(), rootName, intermediateName,
                intermediateKeys.getPublic(), List.of(), now, now.plus(Duration.ofDays(1825)), true);
    }

    /** Signs a PEM CSR with the intermediate, copying subject and requested SANs. */
    public X509Certificate sign(String csrPem) {
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(
                    Pem.decode(csrPem).getFirst().der());
            JcaPKCS10CertificationRequest jca = new JcaPKCS10CertificationRequest(csr);
            List<String> names = List.of();
            var attrs = csr.getAttributes(PKCSObjectIdentifiers.pkcs_9_at_extensionRequest);
            if (attrs.length > 0) {
                Extensions ext = Extensions.getInstance(attrs[0].getAttrValues().getObjectAt(0));
                GeneralNames gn = GeneralNames.fromExtensions(ext, Extension.subjectAlternativeName);
                names = java.util.Arrays.stream(gn.getNames()).map(n -> n.getName().toString()).toList();
            }
            Instant now = Instant.now().minus(Duration.ofHours(1));
            return CertificateIssuer.sign(intermediateKeys.getPrivate(), intermediateKeys.getPublic(), intermediateName,
                    csr.getSubject(), jca.getPublicKey(), names, now, now.plus(Duration.ofDays(90)), false);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static byte[] pem(X509Certificate... certs) {
        return Pem.encode(List.of(certs)).getBytes(StandardCharsets.US_ASCII);
    }

}

package org.postern.engine.trust;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.postern.engine.api.KeyType;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.Pem;

/** Small certificates for the CA list tests. */
final class TestCerts {

    private TestCerts() {
    }

    static final Instant NOW = Instant.now().minus(Duration.ofDays(1));

    /** A self-signed CA certificate. */
    static X509Certificate ca(String dn) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        X500Name name = new X500Name(dn);
        return CertificateIssuer.sign(k.getPrivate(), k.getPublic(), name, name, k.getPublic(), List.of(), NOW,
                NOW.plus(Duration.ofDays(365)), true);
    }

    /** A self-signed end-entity certificate (basicConstraints CA=false). */
    static X509Certificate leaf(String cn) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        X500Name name = new X500Name("CN=" + cn);
        return CertificateIssuer.sign(k.getPrivate(), k.getPublic(), name, name, k.getPublic(), List.of(cn), NOW,
                NOW.plus(Duration.ofDays(90)), false);
    }

    /** A v3 certificate with no extensions at all, so no basicConstraints. */
    static X509Certificate withoutBasicConstraints(String dn) {
        try {
            KeyPair k = KeyPairs.generate(KeyType.EC_P256);
            X500Name name = new X500Name(dn);
            var b = new JcaX509v3CertificateBuilder(name, BigInteger.valueOf(7), Date.from(NOW),
                    Date.from(NOW.plus(Duration.ofDays(30))), name, k.getPublic());
            b.addExtension(org.bouncycastle.asn1.x509.Extension.subjectKeyIdentifier, false,
                    new org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils().createSubjectKeyIdentifier(k.getPublic()));
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A version 1 certificate (no extensions) named {@code subject}, issued under {@code issuer}'s name. */
    static X509Certificate version1(String issuer, String subject) {
        try {
            KeyPair k = KeyPairs.generate(KeyType.EC_P256);
            var b = new org.bouncycastle.cert.jcajce.JcaX509v1CertificateBuilder(new X500Name(issuer), BigInteger.valueOf(1),
                    Date.from(NOW), Date.from(NOW.plus(Duration.ofDays(30))), new X500Name(subject), k.getPublic());
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withECDSA").build(k.getPrivate())));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] pem(X509Certificate... certs) {
        return Pem.encode(List.of(certs)).getBytes(StandardCharsets.US_ASCII);
    }

    static String pemText(X509Certificate... certs) {
        return Pem.encode(List.of(certs));
    }
}

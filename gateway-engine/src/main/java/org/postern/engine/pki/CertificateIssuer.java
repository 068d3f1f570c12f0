package org.postern.engine.pki;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * CERT-2: self-signed server certificates — SAN dNSName = CN (plus extra names), serverAuth and
 * clientAuth EKU, key usage, subject and authority key identifiers, SHA-256 (ECDSA-SHA-384 for
 * P-384), a random positive 159-bit serial (RFC 5280 §4.1.2.2: at most 20 octets).
 */
public final class CertificateIssuer {

    private CertificateIssuer() {
    }

    public static X509Certificate selfSigned(KeyPair keys, X500Name subject, List<String> dnsNames, int validityDays) {
        Instant now = Instant.now();
        // backdate a little so peers with a slightly slow clock accept it
        Instant notBefore = now.minus(Duration.ofMinutes(5));
        Instant notAfter = now.plus(Duration.ofDays(validityDays));
        return sign(keys.getPrivate(), keys.getPublic(), subject, subject, keys.getPublic(),
                dnsNames, notBefore, notAfter, false);
    }

    /**
     * Issues a certificate for {@code subjectKey} signed by {@code issuerKey}; {@code ca} makes it a
     * CA certificate. Used for self-signed entries and, by tests and tools, for small test CAs.
     */
    public static X509Certificate sign(PrivateKey issuerKey, PublicKey issuerPublicKey, X500Name issuer,
                                       X500Name subject, PublicKey subjectKey, List<String> dnsNames,
                                       Instant notBefore, Instant notAfter, boolean ca) {
        try {
            BigInteger serial = new BigInteger(159, Crypto.RANDOM).setBit(158);
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(issuer, serial,
                    Date.from(notBefore), Date.from(notAfter), subject, subjectKey);
            JcaX509ExtensionUtils ext = new JcaX509ExtensionUtils();
            b.addExtension(Extension.subjectKeyIdentifier, false, ext.createSubjectKeyIdentifier(subjectKey));
            b.addExtension(Extension.authorityKeyIdentifier, false, ext.createAuthorityKeyIdentifier(issuerPublicKey));
            if (ca) {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
                b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            } else {
                b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
                int usage = KeyUsage.digitalSignature
                        | (subjectKey.getAlgorithm().equals("RSA") ? KeyUsage.keyEncipherment : 0);
                b.addExtension(Extension.keyUsage, true, new KeyUsage(usage));
                b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                        new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            }
            if (!dnsNames.isEmpty()) {
                b.addExtension(Extension.subjectAlternativeName, false, generalNames(dnsNames));
            }
            ContentSigner signer = new JcaContentSignerBuilder(KeyPairs.signatureAlgorithm(issuerKey))
                    .setProvider(Crypto.BC).build(issuerKey);
            return new JcaX509CertificateConverter().getCertificate(b.build(signer));
        } catch (OperatorCreationException | CertificateException | CertIOException
                 | java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot build certificate: " + e.getMessage(), e);
        }
    }

    static GeneralNames generalNames(List<String> dnsNames) {
        return new GeneralNames(dnsNames.stream()
                .map(n -> new GeneralName(GeneralName.dNSName, n))
                .toArray(GeneralName[]::new));
    }
}

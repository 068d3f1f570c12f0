package org.postern.engine.pki;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;
import org.postern.engine.api.CertificateView;

/** Reading facts out of X.509 certificates: names, SANs, fingerprints, descriptions. */
public final class X509 {

    private X509() {
    }

    public static X509Certificate parseDer(byte[] der) throws CertificateException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        return (X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der));
    }

    /** The subject's (last) CN, or null. */
    public static String commonName(X500Principal principal) {
        X500Name name = X500Name.getInstance(principal.getEncoded());
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        return rdns.length == 0 ? null : IETFUtils.valueToString(rdns[rdns.length - 1].getFirst().getValue());
    }

    public static String commonName(X509Certificate cert) {
        return commonName(cert.getSubjectX500Principal());
    }

    /** SAN dNSName entries in certificate order. */
    public static List<String> dnsNames(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            var sans = cert.getSubjectAlternativeNames();
            if (sans != null) {
                for (List<?> san : sans) {
                    if (Integer.valueOf(2).equals(san.get(0))) {
                        names.add((String) san.get(1));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            // an unparsable SAN extension means no usable names
        }
        return names;
    }

    /** RFC 2253-ish readable DN, most significant RDN last as OpenSSL prints it reversed; we keep Java's order. */
    public static String readable(X500Principal principal) {
        return principal.getName(X500Principal.RFC2253);
    }

    public static boolean isSelfIssued(X509Certificate cert) {
        return cert.getSubjectX500Principal().equals(cert.getIssuerX500Principal());
    }

    /**
     * True when {@code cert} may issue certificates: a v3 certificate with basicConstraints CA=true
     * and (if it has a keyUsage) keyCertSign, or a self-issued v1/v2 certificate (old roots).
     */
    public static boolean mayIssue(X509Certificate cert) {
        if (cert.getVersion() < 3) {
            return isSelfIssued(cert);
        }
        boolean[] keyUsage = cert.getKeyUsage();
        return cert.getBasicConstraints() >= 0 && (keyUsage == null || (keyUsage.length > 5 && keyUsage[5]));
    }

    public static boolean isSelfSigned(X509Certificate cert) {
        if (!isSelfIssued(cert)) {
            return false;
        }
        try {
            cert.verify(cert.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    public static boolean isCa(X509Certificate cert) {
        return cert.getBasicConstraints() >= 0;
    }

    public static String fingerprint(X509Certificate cert, String digest) {
        try {
            byte[] d = MessageDigest.getInstance(digest).digest(cert.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(d);
        } catch (NoSuchAlgorithmException | CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    /** e.g. "SHA256withRSA", "SHA384withECDSA". */
    public static String signatureAlgorithm(X509Certificate cert) {
        return cert.getSigAlgName();
    }

    /** Signatures with MD5 or SHA-1 are weak (DLV-3 (4)). */
    public static boolean weakSignature(X509Certificate cert) {
        String alg = cert.getSigAlgName().toUpperCase(Locale.ROOT);
        return alg.startsWith("MD5") || alg.startsWith("MD2") || alg.startsWith("SHA1");
    }

    public static CertificateView view(X509Certificate cert) {
        return new CertificateView(
                readable(cert.getSubjectX500Principal()),
                readable(cert.getIssuerX500Principal()),
                cert.getSerialNumber().toString(16),
                cert.getNotBefore().toInstant(),
                cert.getNotAfter().toInstant(),
                dnsNames(cert),
                KeyPairs.describe(cert.getPublicKey()),
                signatureAlgorithm(cert),
                isCa(cert),
                isSelfSigned(cert),
                fingerprint(cert, "SHA-256"),
                fingerprint(cert, "SHA-1"),
                Pem.encode(cert),
                CertificateExtensions.keyUsage(cert),
                CertificateExtensions.extendedKeyUsage(cert),
                CertificateExtensions.subjectKeyIdentifier(cert),
                CertificateExtensions.authorityKeyIdentifier(cert),
                CertificateExtensions.basicConstraints(cert));
    }

    public static boolean sameKey(X509Certificate cert, java.security.PublicKey key) {
        return Arrays.equals(cert.getPublicKey().getEncoded(), key.getEncoded());
    }
}

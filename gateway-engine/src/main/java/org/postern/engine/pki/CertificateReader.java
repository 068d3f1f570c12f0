package org.postern.engine.pki;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.postern.engine.api.PosternException;

/**
 * Reads certificates from PEM (one or many blocks, PKCS#7 blocks too), DER, or PKCS#7 (DER)
 * bytes (CERT-6). Each kind of wrong input gets its own message.
 */
public final class CertificateReader {

    private CertificateReader() {
    }

    /** At least one certificate, in file order; otherwise a specific refusal. */
    public static List<X509Certificate> read(byte[] content) {
        if (content == null || content.length == 0) {
            throw new PosternException("the file is empty");
        }
        if (Pem.looksLikePem(content)) {
            return fromPem(new String(content, StandardCharsets.US_ASCII));
        }
        byte[] bare = looksLikeText(content) ? Pem.decodeBareBase64(new String(content, StandardCharsets.US_ASCII)) : null;
        return fromDer(bare != null ? bare : content);
    }

    private static List<X509Certificate> fromPem(String text) {
        List<X509Certificate> certs = new ArrayList<>();
        List<String> others = new ArrayList<>();
        int index = 0;
        for (Pem.Block block : Pem.decode(text)) {
            index++;
            switch (block.label()) {
                case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" -> {
                    try {
                        certs.add(X509.parseDer(block.der()));
                    } catch (CertificateException e) {
                        throw new PosternException("PEM block " + index + " is labelled CERTIFICATE but is not a valid X.509 certificate");
                    }
                }
                case "PKCS7", "CMS" -> certs.addAll(fromPkcs7(block.der()));
                default -> others.add(describeLabel(block.label()));
            }
        }
        if (certs.isEmpty()) {
            if (!others.isEmpty()) {
                throw new PosternException("the file holds " + String.join(" and ", others) + ", not a certificate");
            }
            throw new PosternException("the file has no complete PEM block (BEGIN/END lines missing or mismatched)");
        }
        return certs;
    }

    /** What a PEM label holds, in words: "a private key", "a certificate signing request" … */
    public static String describeLabel(String label) {
        return switch (label) {
            case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> "a private key";
            case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" -> "a certificate signing request";
            case "PUBLIC KEY" -> "a public key";
            case "X509 CRL" -> "a certificate revocation list";
            default -> "a " + label.toLowerCase(Locale.ROOT) + " block";
        };
    }

    private static List<X509Certificate> fromDer(byte[] der) {
        try {
            return List.of(X509.parseDer(der));
        } catch (CertificateException | RuntimeException notX509) {
            try {
                List<X509Certificate> certs = fromPkcs7(der);
                if (!certs.isEmpty()) {
                    return certs;
                }
            } catch (PosternException notPkcs7) {
                // fall through to the general message
            }
        }
        throw new PosternException("the file is not a certificate in PEM, DER or PKCS#7 form");
    }

    /** The certificates of a PKCS#7 (CMS SignedData) bundle; a specific refusal when there are none. */
    public static List<X509Certificate> fromPkcs7(byte[] der) {
        try {
            CMSSignedData cms = new CMSSignedData(der);
            JcaX509CertificateConverter conv = new JcaX509CertificateConverter();
            List<X509Certificate> certs = new ArrayList<>();
            for (X509CertificateHolder h : cms.getCertificates().getMatches(null)) {
                certs.add(conv.getCertificate(h));
            }
            if (certs.isEmpty()) {
                throw new PosternException("the PKCS#7 bundle holds no certificates");
            }
            return certs;
        } catch (CMSException | CertificateException | RuntimeException e) {
            if (e instanceof PosternException pe) {
                throw pe;
            }
            throw new PosternException("the data is not a valid PKCS#7 certificate bundle");
        }
    }

    static boolean looksLikeText(byte[] content) {
        int n = Math.min(content.length, 512);
        for (int i = 0; i < n; i++) {
            int b = content[i] & 0xff;
            if (b < 0x09 || (b > 0x0d && b < 0x20) || b > 0x7e) {
                return false;
            }
        }
        return true;
    }
}

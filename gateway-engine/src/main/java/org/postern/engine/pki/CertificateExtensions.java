package org.postern.engine.pki;

import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.x509.AuthorityKeyIdentifier;

/**
 * The extensions an administrator reads in a certificate's detail (RFC 5280 §4.2): key usage,
 * extended key usage, subject and authority key identifiers, basic constraints.
 */
final class CertificateExtensions {

    private static final String KEY_USAGE = "2.5.29.15";
    private static final String EXTENDED_KEY_USAGE = "2.5.29.37";
    private static final String SUBJECT_KEY_IDENTIFIER = "2.5.29.14";
    private static final String AUTHORITY_KEY_IDENTIFIER = "2.5.29.35";
    private static final String BASIC_CONSTRAINTS = "2.5.29.19";

    /** RFC 5280 §4.2.1.3, in the order of the KeyUsage bits. */
    private static final List<String> KEY_USAGE_BITS = List.of("digitalSignature", "nonRepudiation",
            "keyEncipherment", "dataEncipherment", "keyAgreement", "keyCertSign", "cRLSign", "encipherOnly",
            "decipherOnly");

    /** RFC 5280 §4.2.1.12 purposes. */
    private static final Map<String, String> PURPOSES = Map.of(
            "1.3.6.1.5.5.7.3.1", "serverAuth",
            "1.3.6.1.5.5.7.3.2", "clientAuth",
            "1.3.6.1.5.5.7.3.3", "codeSigning",
            "1.3.6.1.5.5.7.3.4", "emailProtection",
            "1.3.6.1.5.5.7.3.8", "timeStamping",
            "1.3.6.1.5.5.7.3.9", "OCSPSigning",
            "2.5.29.37.0", "anyExtendedKeyUsage");

    private static final HexFormat HEX = HexFormat.ofDelimiter(":").withUpperCase();

    private CertificateExtensions() {
    }

    static List<String> keyUsage(X509Certificate cert) {
        boolean[] bits = cert.getKeyUsage();
        List<String> names = new ArrayList<>();
        if (bits != null) {
            for (int i = 0; i < bits.length && i < KEY_USAGE_BITS.size(); i++) {
                if (bits[i]) {
                    names.add(KEY_USAGE_BITS.get(i));
                }
            }
            if (critical(cert, KEY_USAGE)) {
                names.add("critical");
            }
        }
        return names;
    }

    static List<String> extendedKeyUsage(X509Certificate cert) {
        List<String> names = new ArrayList<>();
        try {
            List<String> oids = cert.getExtendedKeyUsage();
            if (oids != null) {
                oids.forEach(oid -> names.add(PURPOSES.getOrDefault(oid, oid)));
                if (critical(cert, EXTENDED_KEY_USAGE)) {
                    names.add("critical");
                }
            }
        } catch (CertificateParsingException e) {
            names.add("unreadable: " + e.getMessage());
        }
        return names;
    }

    static String subjectKeyIdentifier(X509Certificate cert) {
        byte[] value = extension(cert, SUBJECT_KEY_IDENTIFIER);
        return value == null ? null : HEX.formatHex(ASN1OctetString.getInstance(value).getOctets());
    }

    static String authorityKeyIdentifier(X509Certificate cert) {
        byte[] value = extension(cert, AUTHORITY_KEY_IDENTIFIER);
        if (value == null) {
            return null;
        }
        byte[] id = AuthorityKeyIdentifier.getInstance(value).getKeyIdentifier();
        return id == null ? null : HEX.formatHex(id);
    }

    static String basicConstraints(X509Certificate cert) {
        if (cert.getExtensionValue(BASIC_CONSTRAINTS) == null) {
            return "absent (not a CA)";
        }
        int path = cert.getBasicConstraints();
        String text = path < 0 ? "CA:FALSE"
                : "CA:TRUE" + (path == Integer.MAX_VALUE ? ", no path length limit" : ", path length " + path);
        return critical(cert, BASIC_CONSTRAINTS) ? text + " (critical)" : text;
    }

    /** The extension's value without its OCTET STRING wrapping, or null when absent. */
    private static byte[] extension(X509Certificate cert, String oid) {
        byte[] wrapped = cert.getExtensionValue(oid);
        return wrapped == null ? null : ASN1OctetString.getInstance(wrapped).getOctets();
    }

    private static boolean critical(X509Certificate cert, String oid) {
        Set<String> critical = cert.getCriticalExtensionOIDs();
        return critical != null && critical.contains(oid);
    }
}

package org.postern.engine.trust;

import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postern.engine.api.PosternException;
import org.postern.engine.pki.CertificateReader;
import org.postern.engine.pki.Fqdn;
import org.postern.engine.pki.Pem;
import org.postern.engine.pki.X509;

/**
 * Reading CA files (CA-2, CA-5): many PEM certificates per file, text between blocks ignored
 * (comments, {@code openssl x509 -text} output). A broken block — no END line, a mismatched END,
 * bad base64, not a certificate — is an error naming the block by its line. Files without PEM
 * blocks are read as DER or PKCS#7.
 */
final class CaFile {

    /** One certificate read from a file, with where it was found for messages. */
    record Entry(String where, X509Certificate certificate) {

        /** e.g. "certificate at line 12 (CN=Example Root CA)". */
        String describe() {
            return where + " (" + name(certificate) + ")";
        }
    }

    private CaFile() {
    }

    /** Every certificate in {@code content}, in file order; at least one, or a specific refusal. */
    static List<Entry> read(byte[] content) {
        if (content == null || content.length == 0) {
            throw new PosternException("the file is empty");
        }
        if (!Pem.looksLikePem(content)) {
            List<X509Certificate> certs = CertificateReader.read(content);
            List<Entry> entries = new ArrayList<>();
            for (int i = 0; i < certs.size(); i++) {
                entries.add(new Entry(certs.size() == 1 ? "the certificate" : "certificate " + (i + 1), certs.get(i)));
            }
            return entries;
        }
        return fromPem(new String(content, StandardCharsets.ISO_8859_1));
    }

    private static List<Entry> fromPem(String text) {
        List<Entry> entries = new ArrayList<>();
        String[] lines = text.split("\\R", -1);
        String label = null;
        int beginLine = 0;
        StringBuilder body = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            int lineNo = i + 1;
            String line = lines[i].strip();
            if (line.startsWith("-----BEGIN ") && line.endsWith("-----") && line.length() > 16) {
                if (label != null) {
                    throw new PosternException(block(label, beginLine) + " has no END line");
                }
                label = line.substring(11, line.length() - 5);
                beginLine = lineNo;
                body.setLength(0);
            } else if (line.startsWith("-----END ") && line.endsWith("-----") && line.length() > 14) {
                String end = line.substring(9, line.length() - 5);
                if (label == null) {
                    throw new PosternException("line " + lineNo + " ends a PEM block (" + end.toLowerCase(Locale.ROOT)
                            + ") that has no BEGIN line");
                }
                if (!end.equals(label)) {
                    throw new PosternException(block(label, beginLine) + " ends with END " + end + " at line " + lineNo);
                }
                entries.addAll(decode(label, beginLine, body.toString()));
                label = null;
            } else if (label != null && !line.isEmpty() && !line.contains(":")) {
                body.append(line); // header lines (Proc-Type: …) are skipped
            }
        }
        if (label != null) {
            throw new PosternException(block(label, beginLine) + " has no END line");
        }
        if (entries.isEmpty()) {
            throw new PosternException("the file holds no PEM certificate block");
        }
        return entries;
    }

    private static List<Entry> decode(String label, int line, String base64) {
        byte[] der;
        try {
            der = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new PosternException(block(label, line) + " is not valid base64");
        }
        return switch (label) {
            case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE" -> {
                try {
                    yield List.of(new Entry("certificate at line " + line, X509.parseDer(der)));
                } catch (CertificateException | RuntimeException e) {
                    throw new PosternException(block(label, line) + " is not a valid X.509 certificate");
                }
            }
            case "PKCS7", "CMS" -> {
                List<X509Certificate> certs;
                try {
                    certs = CertificateReader.fromPkcs7(der);
                } catch (PosternException e) {
                    throw new PosternException(block(label, line) + ": " + e.getMessage());
                }
                List<Entry> entries = new ArrayList<>();
                for (int i = 0; i < certs.size(); i++) {
                    entries.add(new Entry("certificate " + (i + 1) + " of the PKCS#7 block at line " + line, certs.get(i)));
                }
                yield entries;
            }
            default -> throw new PosternException("the PEM block at line " + line + " holds "
                    + CertificateReader.describeLabel(label) + ", not a certificate");
        };
    }

    private static String block(String label, int line) {
        return "the PEM block (" + label.toLowerCase(Locale.ROOT) + ") at line " + line;
    }

    /** The subject's CN, or the whole subject when it has none. */
    static String name(X509Certificate cert) {
        String cn = X509.commonName(cert);
        return cn != null ? "CN=" + cn : X509.readable(cert.getSubjectX500Principal());
    }

    /**
     * Why {@code cert} cannot be a trust anchor, or empty when it can: a v3 certificate needs
     * basicConstraints with CA=true, and keyCertSign if it has a keyUsage; a v1 certificate
     * (no extensions, as some old roots are) must be self-issued.
     */
    static Optional<String> notCaReason(X509Certificate cert) {
        if (cert.getVersion() < 3) {
            return X509.isSelfIssued(cert) ? Optional.empty()
                    : Optional.of("it is a version " + cert.getVersion() + " certificate that is not self-issued");
        }
        if (cert.getExtensionValue("2.5.29.19") == null) {
            return Optional.of("it has no basicConstraints extension (a v3 CA certificate needs CA=true)");
        }
        if (cert.getBasicConstraints() < 0) {
            return Optional.of("basicConstraints CA=false");
        }
        boolean[] keyUsage = cert.getKeyUsage();
        if (keyUsage != null && (keyUsage.length <= 5 || !keyUsage[5])) {
            return Optional.of("its keyUsage does not allow certificate signing (keyCertSign)");
        }
        return Optional.empty();
    }

    /** CERT-3 rules applied to the CN (when present) and every SAN dNSName. */
    static List<String> fqdnProblems(X509Certificate cert) {
        List<String> problems = new ArrayList<>();
        String cn = X509.commonName(cert);
        if (cn != null) {
            Fqdn.problem(cn).ifPresent(p -> problems.add("common name '" + cn + "' is not a valid fully-qualified domain"
                    + " name: it " + p));
        }
        for (String n : X509.dnsNames(cert)) {
            Fqdn.problem(n).ifPresent(p -> problems.add("subject alternative name '" + n + "' is not a valid"
                    + " fully-qualified domain name: it " + p));
        }
        return problems;
    }
}

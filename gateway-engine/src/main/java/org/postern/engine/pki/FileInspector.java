package org.postern.engine.pki;

import java.nio.charset.StandardCharsets;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.FileInspection;
import org.postern.engine.api.FileInspection.Kind;
import org.postern.engine.api.PosternException;

/** CON-5: detects what a file or pasted text holds, without needing a password. */
public final class FileInspector {

    private FileInspector() {
    }

    public static FileInspection inspect(byte[] content) {
        if (content == null || content.length == 0) {
            return new FileInspection(Kind.UNKNOWN, List.of(), 0, false, "the file is empty");
        }
        if (Pem.looksLikePem(content)) {
            return inspectPem(new String(content, StandardCharsets.US_ASCII));
        }
        if (CertificateReader.looksLikeText(content)) {
            byte[] der = Pem.decodeBareBase64(new String(content, StandardCharsets.US_ASCII));
            if (der != null) {
                return inspectDer(der);
            }
            return unknown();
        }
        return inspectDer(content);
    }

    private static FileInspection inspectPem(String text) {
        List<Pem.Block> blocks;
        try {
            blocks = Pem.decode(text);
        } catch (PosternException e) {
            return new FileInspection(Kind.UNKNOWN, List.of(), 0, false, e.getMessage());
        }
        List<CertificateView> certs = new ArrayList<>();
        int keys = 0;
        boolean csr = false;
        for (Pem.Block b : blocks) {
            switch (b.label()) {
                case "CERTIFICATE", "X509 CERTIFICATE", "TRUSTED CERTIFICATE", "PKCS7", "CMS" -> {
                    try {
                        certs.addAll(views(CertificateReader.read(Pem.encode(b.label(), b.der()).getBytes(StandardCharsets.US_ASCII))));
                    } catch (PosternException e) {
                        return new FileInspection(Kind.UNKNOWN, List.of(), 0, false, e.getMessage());
                    }
                }
                case "PRIVATE KEY", "RSA PRIVATE KEY", "EC PRIVATE KEY", "ENCRYPTED PRIVATE KEY" -> keys++;
                case "CERTIFICATE REQUEST", "NEW CERTIFICATE REQUEST" -> csr = true;
                default -> { }
            }
        }
        if (blocks.isEmpty()) {
            return new FileInspection(Kind.UNKNOWN, List.of(), 0, false,
                    "the text has no complete PEM block (BEGIN/END lines missing or mismatched)");
        }
        Kind kind = !certs.isEmpty() ? Kind.PEM : csr ? Kind.CSR : keys > 0 ? Kind.PRIVATE_KEY : Kind.UNKNOWN;
        List<String> parts = new ArrayList<>();
        if (!certs.isEmpty()) {
            parts.add(certs.size() + " certificate" + (certs.size() == 1 ? "" : "s"));
        }
        if (keys > 0) {
            parts.add(keys + " private key" + (keys == 1 ? "" : "s"));
        }
        if (csr) {
            parts.add("a certificate signing request");
        }
        String description = parts.isEmpty() ? "PEM with no certificate, key or request"
                : "PEM with " + String.join(", ", parts);
        return new FileInspection(kind, certs, keys, csr, description);
    }

    private static FileInspection inspectDer(byte[] der) {
        try {
            X509Certificate c = X509.parseDer(der);
            return new FileInspection(Kind.DER_CERTIFICATE, List.of(X509.view(c)), 0, false, "DER certificate");
        } catch (Exception notCert) {
            // try the next format
        }
        try {
            List<X509Certificate> certs = CertificateReader.fromPkcs7(der);
            return new FileInspection(Kind.PKCS7, views(certs), 0, false,
                    "PKCS#7 bundle with " + certs.size() + " certificate" + (certs.size() == 1 ? "" : "s"));
        } catch (Exception notPkcs7) {
            // next
        }
        try {
            PKCS12PfxPdu pfx = new PKCS12PfxPdu(der);
            pfx.getContentInfos();
            return new FileInspection(Kind.PKCS12, List.of(), 0, false,
                    "PKCS#12 file (a password is needed to read its key and certificates)");
        } catch (Exception notPkcs12) {
            // next
        }
        try {
            PKCS10CertificationRequest csr = new PKCS10CertificationRequest(der);
            csr.getSubject();
            return new FileInspection(Kind.CSR, List.of(), 0, true, "DER certificate signing request for " + csr.getSubject());
        } catch (Exception notCsr) {
            // next
        }
        try {
            PrivateKeyInfo.getInstance(der).parsePrivateKey();
            return new FileInspection(Kind.PRIVATE_KEY, List.of(), 1, false, "DER private key (PKCS#8)");
        } catch (Exception notKey) {
            // next
        }
        return unknown();
    }

    private static FileInspection unknown() {
        return new FileInspection(Kind.UNKNOWN, List.of(), 0, false,
                "not a recognised certificate, key, CSR, PKCS#7 or PKCS#12 file");
    }

    private static List<CertificateView> views(List<X509Certificate> certs) {
        return certs.stream().map(X509::view).toList();
    }
}

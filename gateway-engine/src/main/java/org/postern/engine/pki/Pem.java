package org.postern.engine.pki;

import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;

/**
 * PEM encoding (RFC 7468) and a tolerant decoder: blocks may be indented, carry headers or sit
 * between other text; a bare base64 body (no BEGIN line) is also accepted (CON-4).
 */
public final class Pem {

    /** One decoded PEM block: its label (CERTIFICATE, PRIVATE KEY …) and DER bytes. */
    public record Block(String label, byte[] der) {
    }

    private static final Pattern BLOCK = Pattern.compile(
            "-----BEGIN ([A-Z0-9 ]+)-----(.*?)-----END \\1-----", Pattern.DOTALL);

    private Pem() {
    }

    /** True when {@code bytes} look like text holding at least one PEM block. */
    public static boolean looksLikePem(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.ISO_8859_1);
        return text.contains("-----BEGIN ");
    }

    /**
     * Decodes every PEM block in {@code text}. Text outside blocks is ignored; a block whose
     * body is not valid base64 is an error naming the block.
     */
    public static List<Block> decode(String text) {
        List<Block> blocks = new ArrayList<>();
        Matcher m = BLOCK.matcher(text);
        int index = 0;
        while (m.find()) {
            index++;
            String label = m.group(1);
            blocks.add(new Block(label, base64Body(m.group(2), label, index)));
        }
        return blocks;
    }

    /** Decodes bare base64 (no BEGIN/END lines), as pasted from some tools; null when it is not base64. */
    public static byte[] decodeBareBase64(String text) {
        String compact = text.replaceAll("\\s+", "");
        if (compact.isEmpty() || !compact.matches("[A-Za-z0-9+/=]+")) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(compact);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] base64Body(String body, String label, int index) {
        StringBuilder b64 = new StringBuilder();
        for (String line : body.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty() || t.contains(":")) {
                continue; // RFC 1421 headers such as Proc-Type, DEK-Info
            }
            b64.append(t);
        }
        try {
            return Base64.getDecoder().decode(b64.toString());
        } catch (IllegalArgumentException e) {
            throw new org.postern.engine.api.PosternException("PEM block " + index + " (" + label.toLowerCase(Locale.ROOT)
                    + ") is not valid base64");
        }
    }

    public static String encode(String label, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
    }

    public static String encode(X509Certificate cert) {
        try {
            return encode("CERTIFICATE", cert.getEncoded());
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encode(List<X509Certificate> certs) {
        StringBuilder sb = new StringBuilder();
        certs.forEach(c -> sb.append(encode(c)));
        return sb.toString();
    }

    /** Reads the first unencrypted private key (PKCS#8, RSA or EC) from PEM text. */
    public static PrivateKey readPrivateKey(String text) {
        try (org.bouncycastle.openssl.PEMParser parser = new org.bouncycastle.openssl.PEMParser(new java.io.StringReader(text))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                var converter = new org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter();
                if (o instanceof org.bouncycastle.asn1.pkcs.PrivateKeyInfo info) {
                    return converter.getPrivateKey(info);
                }
                if (o instanceof org.bouncycastle.openssl.PEMKeyPair pair) {
                    return converter.getKeyPair(pair).getPrivate();
                }
            }
        } catch (IOException e) {
            throw new org.postern.engine.api.PosternException("the private key PEM cannot be read: " + e.getMessage());
        }
        throw new org.postern.engine.api.PosternException("the text holds no unencrypted private key");
    }

    /** Unencrypted PKCS#8 "PRIVATE KEY". */
    public static String encode(PrivateKey key) {
        return encode("PRIVATE KEY", key.getEncoded());
    }

    public static String encode(PKCS10CertificationRequest csr) {
        try {
            StringWriter w = new StringWriter();
            try (JcaPEMWriter pw = new JcaPEMWriter(w)) {
                pw.writeObject(csr);
            }
            return w.toString();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package org.postern.engine.pki;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;

/** CERT-9: the certificate shipped with the engine so TLS works out of the box. Not secure. */
public final class DemoCertificate {

    public static final String NAME = "Demo";
    public static final String WARNING = "the demo certificate is not secure: its private key ships with every copy of"
            + " Postern; replace it with your own certificate";

    private DemoCertificate() {
    }

    public static List<X509Certificate> chain() {
        return CertificateReader.read(resource("demo-certificate.pem"));
    }

    public static PrivateKey key() {
        return Pem.readPrivateKey(new String(resource("demo-key.pem"), StandardCharsets.US_ASCII));
    }

    private static byte[] resource(String file) {
        try (InputStream in = DemoCertificate.class.getResourceAsStream("/org/postern/resources/demo/" + file)) {
            if (in == null) {
                throw new IllegalStateException("the demo certificate resource " + file + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

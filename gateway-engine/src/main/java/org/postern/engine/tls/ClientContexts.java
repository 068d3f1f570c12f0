package org.postern.engine.tls;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.postern.engine.pki.Crypto;

/**
 * The SMTP client's SSLContext. The handshake accepts any server chain so that the session can go
 * on or stop by policy: {@link CertificateVerifier} judges the chain afterwards and reports why it
 * failed (DLV-3), which a failing TrustManager could not. The global client certificate (DLV-4) is
 * offered to servers that ask.
 */
public final class ClientContexts {

    private ClientContexts() {
    }

    public static SSLContext client(PrivateKey clientKey, List<X509Certificate> clientChain) {
        try {
            KeyManager[] kms = null;
            if (clientKey != null) {
                char[] pw = "client".toCharArray();
                KeyStore ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", clientKey, pw, clientChain.toArray(X509Certificate[]::new));
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, pw);
                kms = kmf.getKeyManagers();
            }
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kms, new TrustManager[] {new DeferredTrustManager(DeferredTrustManager.Accepts.SERVERS)}, Crypto.RANDOM);
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build the client TLS context: " + e.getMessage(), e);
        }
    }
}

package org.postern.engine.tls;

import java.net.Socket;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.postern.engine.pki.Crypto;

/** Builds SSLContexts from stored key material (TLS 1.2 and 1.3 only; the JDK's default suites). */
public final class TlsContexts {

    private TlsContexts() {
    }

    /**
     * A server context presenting {@code chain}. Client certificates are requested but not
     * verified: inbound SMTP logs who offered one (LIS-8); it does not authenticate by it.
     */
    public static SSLContext server(PrivateKey key, List<X509Certificate> chain) {
        try {
            char[] pw = new char[16];
            for (int i = 0; i < pw.length; i++) {
                pw[i] = (char) ('a' + Crypto.RANDOM.nextInt(26));
            }
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(null, null);
            ks.setKeyEntry("server", key, pw, chain.toArray(X509Certificate[]::new));
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, pw);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new RecordingTrustManager()}, Crypto.RANDOM);
            ctx.getDefaultSSLParameters().setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
            return ctx;
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /**
     * Accepts any client certificate so its subject can be logged; server TLS does not authenticate
     * clients. An {@link X509ExtendedTrustManager}, so that JSSE adds no algorithm checks of its own
     * that would fail the handshake of a client offering, say, an MD5-signed certificate.
     */
    private static final class RecordingTrustManager extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
            // recorded by the session, not verified
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
            // recorded by the session, not verified
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
            // recorded by the session, not verified
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("a server context does not verify servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("a server context does not verify servers");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("a server context does not verify servers");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}

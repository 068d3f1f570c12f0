package org.postern.engine.tls;

import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;
import org.postern.engine.pki.Crypto;

/**
 * Builds SSLContexts from stored key material, restricted to a TLS policy (TLS-1): its protocols
 * and cipher suites, and on the server side the server's suite order.
 */
public final class TlsContexts {

    /** JSSE reads it once, when the first server handshake runs: it must be set before. */
    static final String REJECT_CLIENT_RENEGOTIATION = "jdk.tls.rejectClientInitiatedRenegotiation";

    static {
        rejectClientInitiatedRenegotiation();
    }

    private TlsContexts() {
    }

    /**
     * Makes JSSE refuse renegotiation started by a TLS 1.2 client (a CPU-exhaustion vector; TLS 1.3
     * has none). A JVM-wide setting that JSSE reads at its first server handshake, so the engine
     * calls this when its classes load, before any listener exists (also inside the console).
     */
    public static void rejectClientInitiatedRenegotiation() {
        System.setProperty(REJECT_CLIENT_RENEGOTIATION, "true");
    }

    /**
     * A server context presenting {@code chain} whose sockets follow {@code policy}, asked for at
     * each connection. Client certificates are requested but not verified: inbound SMTP logs who
     * offered one (LIS-8); it does not authenticate by it.
     */
    public static SSLContext server(PrivateKey key, List<X509Certificate> chain, Supplier<TlsPolicy> policy) {
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
            ctx.init(kmf.getKeyManagers(), new TrustManager[] {new DeferredTrustManager(DeferredTrustManager.Accepts.CLIENTS)}, Crypto.RANDOM);
            return PolicyContext.wrap(ctx, policy, true);
        } catch (Exception e) {
            throw new IllegalStateException("cannot build a TLS context: " + e.getMessage(), e);
        }
    }

    /** {@code client} (a client context) with sockets that follow {@code policy}, asked for at each connection. */
    public static SSLContext client(SSLContext client, Supplier<TlsPolicy> policy) {
        return PolicyContext.wrap(client, policy, false);
    }
}

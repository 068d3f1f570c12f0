package org.postern.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;
import org.postern.engine.pki.DemoCertificate;

/** TLS-1: the contexts the engine builds follow the policy, over real handshakes on loopback. */
class TlsContextsTest {

    static final String ADDRESS = "127.0.4.2";
    static final TlsPolicy TLS12_ONLY = new TlsPolicy(List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"));

    static SSLContext server(Supplier<TlsPolicy> policy) {
        return TlsContexts.server(DemoCertificate.key(), DemoCertificate.chain(), policy);
    }

    static SSLContext client(Supplier<TlsPolicy> policy) {
        return TlsContexts.client(ClientContexts.client(null, List.of()), policy);
    }

    @Test
    void theServerContextsDefaultParametersAreThePolicy() {
        SSLParameters p = server(TlsPolicyRules::defaults).getDefaultSSLParameters();
        assertThat(p.getProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(p.getCipherSuites()).noneMatch(s -> s.contains("_CBC_") || s.startsWith("TLS_DHE_"));
        assertThat(p.getUseCipherSuitesOrder()).isTrue();
        assertThat(server(() -> TLS12_ONLY).getDefaultSSLParameters().getProtocols()).containsExactly("TLSv1.2");
    }

    @Test
    void serverSocketsFollowThePolicyAskedForAtEachConnection() throws Exception {
        AtomicReference<TlsPolicy> policy = new AtomicReference<>(TlsPolicyRules.defaults());
        AtomicInteger asked = new AtomicInteger();
        SSLContext ctx = server(() -> {
            asked.incrementAndGet();
            return policy.get();
        });
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 5, InetAddress.getByName(ADDRESS));
             Socket plain = new Socket(ADDRESS, listener.getLocalPort())) {
            SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "peer", 25, false);
            assertThat(s.getUseClientMode()).isFalse();
            assertThat(s.getEnabledProtocols()).containsExactly("TLSv1.3", "TLSv1.2");
            assertThat(s.getSSLParameters().getUseCipherSuitesOrder()).isTrue();
            policy.set(TLS12_ONLY);
            SSLSocket next = (SSLSocket) ctx.getSocketFactory().createSocket(plain, "peer", 25, false);
            assertThat(next.getEnabledProtocols()).containsExactly("TLSv1.2");
            assertThat(next.getEnabledCipherSuites()).containsExactly("TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                    "TLS_EMPTY_RENEGOTIATION_INFO_SCSV");
        }
        assertThat(asked.get()).isEqualTo(2);
    }

    @Test
    void theOutboundPolicyRefusesAServerWithOnlyCbcSuitesAndUsesAeadWithOthers() throws Exception {
        SSLContext defaults = client(TlsPolicyRules::defaults);
        assertThatThrownBy(() -> connect(defaults, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA"))
                .isInstanceOf(SSLHandshakeException.class);
        assertThat(connect(defaults, "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))
                .isEqualTo("TLSv1.2 TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(connect(client(() -> TLS12_ONLY), "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384"))
                .isEqualTo("TLSv1.2 TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384");
    }

    /** Handshakes {@code client} with a JSSE server that offers TLS 1.2 with {@code serverSuites} only. */
    static String connect(SSLContext client, String... serverSuites) throws Exception {
        // the server must be able to offer what the policy forbids: a plain JSSE context
        SSLContext raw = SSLContext.getInstance("TLS");
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        var ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", DemoCertificate.key(), "pw".toCharArray(), DemoCertificate.chain().toArray(java.security.cert.X509Certificate[]::new));
        kmf.init(ks, "pw".toCharArray());
        raw.init(kmf.getKeyManagers(), null, null);
        try (SSLServerSocket ss = (SSLServerSocket) raw.getServerSocketFactory().createServerSocket(0, 5, InetAddress.getByName(ADDRESS))) {
            ss.setEnabledProtocols(new String[] {"TLSv1.2"});
            ss.setEnabledCipherSuites(serverSuites);
            CompletableFuture<Void> accepted = CompletableFuture.runAsync(() -> {
                try (SSLSocket s = (SSLSocket) ss.accept()) {
                    s.setSoTimeout(5000);
                    s.startHandshake();
                    s.getOutputStream().write(1);
                    s.getOutputStream().flush();
                } catch (IOException e) {
                    // the client's failure is what the test looks at
                }
            });
            try (Socket plain = new Socket()) {
                plain.connect(new InetSocketAddress(ADDRESS, ss.getLocalPort()), 5000);
                plain.setSoTimeout(5000);
                SSLSocket s = (SSLSocket) client.getSocketFactory().createSocket(plain, ADDRESS, ss.getLocalPort(), true);
                s.startHandshake();
                s.getInputStream().read();
                return s.getSession().getProtocol() + " " + s.getSession().getCipherSuite();
            } finally {
                accepted.get();
            }
        }
    }
}

package org.postern.engine.tls;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.security.SecureRandom;
import java.util.function.Supplier;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;

/**
 * An initialised SSLContext whose default parameters, sockets and engines follow a TLS policy
 * (TLS-1). The policy is asked for at each socket, so a changed policy applies to the next
 * connection. Sockets come out in server or client mode as the context is meant for, so a later
 * {@code setUseClientMode} cannot swap in the JDK's defaults.
 */
final class PolicyContext extends SSLContext {

    private PolicyContext(Spi spi, SSLContext inner) {
        super(spi, inner.getProvider(), inner.getProtocol());
    }

    static SSLContext wrap(SSLContext inner, Supplier<TlsPolicy> policy, boolean server) {
        return new PolicyContext(new Spi(inner, policy, server), inner);
    }

    private static final class Spi extends SSLContextSpi {
        private final SSLContext inner;
        private final Supplier<TlsPolicy> policy;
        private final boolean server;

        Spi(SSLContext inner, Supplier<TlsPolicy> policy, boolean server) {
            this.inner = inner;
            this.policy = policy;
            this.server = server;
        }

        SSLParameters parameters(SSLParameters base) {
            return TlsPolicyRules.apply(policy.get(), base, server);
        }

        <T extends Socket> T configure(T socket) {
            if (socket instanceof SSLSocket ssl) {
                ssl.setUseClientMode(!server);
                ssl.setSSLParameters(parameters(ssl.getSSLParameters()));
            }
            return socket;
        }

        @Override
        protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom sr) {
            throw new IllegalStateException("a policy context is initialised when it is built");
        }

        @Override
        protected SSLSocketFactory engineGetSocketFactory() {
            return new Sockets(this, inner.getSocketFactory());
        }

        @Override
        protected SSLServerSocketFactory engineGetServerSocketFactory() {
            return new ServerSockets(this, inner.getServerSocketFactory());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine() {
            return configure(inner.createSSLEngine());
        }

        @Override
        protected SSLEngine engineCreateSSLEngine(String host, int port) {
            return configure(inner.createSSLEngine(host, port));
        }

        private SSLEngine configure(SSLEngine engine) {
            engine.setUseClientMode(!server);
            engine.setSSLParameters(parameters(engine.getSSLParameters()));
            return engine;
        }

        @Override
        protected SSLSessionContext engineGetServerSessionContext() {
            return inner.getServerSessionContext();
        }

        @Override
        protected SSLSessionContext engineGetClientSessionContext() {
            return inner.getClientSessionContext();
        }

        @Override
        protected SSLParameters engineGetDefaultSSLParameters() {
            return parameters(inner.getDefaultSSLParameters());
        }

        @Override
        protected SSLParameters engineGetSupportedSSLParameters() {
            return inner.getSupportedSSLParameters();
        }
    }

    private static final class Sockets extends SSLSocketFactory {
        private final Spi spi;
        private final SSLSocketFactory inner;

        Sockets(Spi spi, SSLSocketFactory inner) {
            this.spi = spi;
            this.inner = inner;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return spi.engineGetDefaultSSLParameters().getCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }

        @Override
        public Socket createSocket() throws IOException {
            return spi.configure(inner.createSocket());
        }

        @Override
        public Socket createSocket(Socket s, String host, int port, boolean autoClose) throws IOException {
            return spi.configure(inner.createSocket(s, host, port, autoClose));
        }

        @Override
        public Socket createSocket(Socket s, InputStream consumed, boolean autoClose) throws IOException {
            return spi.configure(inner.createSocket(s, consumed, autoClose));
        }

        @Override
        public Socket createSocket(String host, int port) throws IOException {
            return spi.configure(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
            return spi.configure(inner.createSocket(host, port, localHost, localPort));
        }

        @Override
        public Socket createSocket(InetAddress host, int port) throws IOException {
            return spi.configure(inner.createSocket(host, port));
        }

        @Override
        public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
            return spi.configure(inner.createSocket(address, port, localAddress, localPort));
        }
    }

    private static final class ServerSockets extends SSLServerSocketFactory {
        private final Spi spi;
        private final SSLServerSocketFactory inner;

        ServerSockets(Spi spi, SSLServerSocketFactory inner) {
            this.spi = spi;
            this.inner = inner;
        }

        private ServerSocket configure(ServerSocket s) {
            if (s instanceof SSLServerSocket ssl) {
                ssl.setUseClientMode(!spi.server);
                ssl.setSSLParameters(spi.parameters(ssl.getSSLParameters()));
            }
            return s;
        }

        @Override
        public String[] getDefaultCipherSuites() {
            return spi.engineGetDefaultSSLParameters().getCipherSuites();
        }

        @Override
        public String[] getSupportedCipherSuites() {
            return inner.getSupportedCipherSuites();
        }

        @Override
        public ServerSocket createServerSocket() throws IOException {
            return configure(inner.createServerSocket());
        }

        @Override
        public ServerSocket createServerSocket(int port) throws IOException {
            return configure(inner.createServerSocket(port));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog) throws IOException {
            return configure(inner.createServerSocket(port, backlog));
        }

        @Override
        public ServerSocket createServerSocket(int port, int backlog, InetAddress ifAddress) throws IOException {
            return configure(inner.createServerSocket(port, backlog, ifAddress));
        }
    }
}

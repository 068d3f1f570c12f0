package org.postern.engine.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.cert.X509Certificate;
import java.time.Instant;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.postern.engine.api.PosternException;
import org.postern.engine.pki.X509;
import org.postern.engine.tls.ClientContexts;

/**
 * The certificate a remote engine presents, fetched before trusting it so that the administrator
 * can compare its SHA-256 fingerprint with the one the engine shows locally (trust on first use,
 * then pinned: ADM-2a).
 */
public record ServerIdentity(String subject, String issuer, String sha256Fingerprint, Instant notAfter) {

    /** Connects to {@code https://host:port}, completes a handshake and returns what the server presented. */
    public static ServerIdentity fetch(URI engine) {
        RemoteAddress target = RemoteAddress.of(engine);
        try {
            // accepts any certificate: this only reads the fingerprint for the administrator to check
            SSLContext ctx = ClientContexts.client(null, java.util.List.of());
            try (SSLSocket socket = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                socket.connect(new InetSocketAddress(target.host(), target.port()), 10_000);
                socket.setSoTimeout(10_000);
                socket.startHandshake();
                X509Certificate leaf = (X509Certificate) socket.getSession().getPeerCertificates()[0];
                return of(leaf);
            }
        } catch (IOException e) {
            throw new PosternException("cannot reach the engine at " + engine + ": " + describe(e), e);
        }
    }

    static ServerIdentity of(X509Certificate leaf) {
        return new ServerIdentity(X509.readable(leaf.getSubjectX500Principal()),
                X509.readable(leaf.getIssuerX500Principal()), X509.fingerprint(leaf, "SHA-256"),
                leaf.getNotAfter().toInstant());
    }

    static String describe(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}

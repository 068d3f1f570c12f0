package org.postern.engine.tls;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Accepts the peer's certificates during the handshake and leaves the judgement to later: on the
 * client side {@link CertificateVerifier} judges the server's chain with the enabled CA lists and the
 * destination's setting (and DANE); on the server side the session only records the client's
 * subject, since listeners do not authenticate clients. An {@link X509ExtendedTrustManager}, so that
 * JSSE does not wrap it and add endpoint identification and algorithm-constraint checks of its own,
 * which would fail a handshake (say, with an MD5-signed certificate) before Postern has decided.
 */
final class DeferredTrustManager extends X509ExtendedTrustManager {

    /** Which side's certificates this trust manager accepts. */
    enum Accepts { SERVERS, CLIENTS }

    private final Accepts accepts;

    DeferredTrustManager(Accepts accepts) {
        this.accepts = accepts;
    }

    private void require(Accepts peer) throws CertificateException {
        if (peer != accepts) {
            throw new CertificateException(accepts == Accepts.SERVERS
                    ? "a client context does not verify clients" : "a server context does not verify servers");
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        require(Accepts.SERVERS);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        require(Accepts.SERVERS);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        require(Accepts.SERVERS);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        require(Accepts.CLIENTS);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        require(Accepts.CLIENTS);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        require(Accepts.CLIENTS);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}

package org.postern.engine.admin;

import java.net.Socket;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedTrustManager;
import org.postern.engine.pki.X509;

/**
 * Trusts exactly one server certificate, by its SHA-256 fingerprint (pinned after the administrator
 * confirmed it on first use). Names and CAs are not consulted: the pin is the whole of the trust,
 * as with an SSH host key. A different certificate is refused with both fingerprints named.
 */
final class PinnedTrustManager extends X509ExtendedTrustManager {

    private final String pinned;
    private final String engine;
    private volatile String mismatch;

    PinnedTrustManager(String pinnedSha256, String engine) {
        this.pinned = org.postern.engine.trust.CaListService.normalizeFingerprint(pinnedSha256);
        this.engine = engine;
    }

    /** Why the last handshake was refused, or null. */
    String mismatch() {
        return mismatch;
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        if (chain == null || chain.length == 0) {
            throw new CertificateException("the engine presented no certificate");
        }
        String presented = X509.fingerprint(chain[0], "SHA-256");
        if (!presented.equals(pinned)) {
            mismatch = "the engine at " + engine + " presents a certificate with SHA-256 fingerprint " + presented
                    + ", not the pinned " + pinned + "; refusing to connect (if its certificate was replaced on"
                    + " purpose, check the new fingerprint on the engine and pin it again)";
            throw new CertificateException(mismatch);
        }
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkServerTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
        throw new CertificateException("a pinned client trusts no clients");
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
        checkClientTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
        return new X509Certificate[0];
    }
}

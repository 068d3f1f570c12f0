package org.postern.engine.pki;

import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;

/** Whether a certificate's public key belongs to a private key (CERT-6). */
public final class KeyMatch {

    private KeyMatch() {
    }

    public static boolean matches(X509Certificate cert, PrivateKey key) {
        return matches(cert.getPublicKey(), key);
    }

    /** Proves possession by signing and verifying a challenge; works for any key type. */
    public static boolean matches(PublicKey publicKey, PrivateKey key) {
        if (!publicKey.getAlgorithm().equals(key.getAlgorithm())
                && !(publicKey.getAlgorithm().equals("EC") && key instanceof ECPrivateKey)) {
            return false;
        }
        if (key instanceof RSAPrivateCrtKey crt && publicKey instanceof java.security.interfaces.RSAPublicKey rsa) {
            return crt.getModulus().equals(rsa.getModulus()) && crt.getPublicExponent().equals(rsa.getPublicExponent());
        }
        try {
            byte[] challenge = new byte[32];
            Crypto.RANDOM.nextBytes(challenge);
            String alg = KeyPairs.signatureAlgorithm(key);
            Signature s = Signature.getInstance(alg);
            s.initSign(key);
            s.update(challenge);
            byte[] sig = s.sign();
            Signature v = Signature.getInstance(alg);
            v.initVerify(publicKey);
            v.update(challenge);
            return v.verify(sig);
        } catch (Exception e) {
            return false;
        }
    }
}

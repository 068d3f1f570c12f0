package org.postern.engine.pki;

import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECKey;
import java.security.interfaces.RSAKey;
import java.security.spec.ECGenParameterSpec;
import org.postern.engine.api.KeyType;

/** Key generation (CERT-2) and key descriptions. */
public final class KeyPairs {

    private KeyPairs() {
    }

    public static KeyPair generate(KeyType type) {
        try {
            KeyPairGenerator g;
            if (type.algorithm().equals("EC")) {
                g = KeyPairGenerator.getInstance("EC");
                g.initialize(new ECGenParameterSpec(type.bits() == 256 ? "secp256r1" : "secp384r1"), Crypto.RANDOM);
            } else {
                g = KeyPairGenerator.getInstance("RSA");
                g.initialize(type.bits(), Crypto.RANDOM);
            }
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate " + type.label() + " key: " + e.getMessage(), e);
        }
    }

    /** e.g. "RSA 2048", "ECDSA P-256". */
    public static String describe(PublicKey key) {
        if (key instanceof RSAKey rsa) {
            return "RSA " + rsa.getModulus().bitLength();
        }
        if (key instanceof ECKey ec) {
            int bits = ec.getParams().getCurve().getField().getFieldSize();
            return switch (bits) {
                case 256 -> "ECDSA P-256";
                case 384 -> "ECDSA P-384";
                case 521 -> "ECDSA P-521";
                default -> "ECDSA " + bits + "-bit";
            };
        }
        return key.getAlgorithm();
    }

    /** Bits of an RSA modulus, or 0 for other keys. */
    public static int rsaBits(PublicKey key) {
        return key instanceof RSAKey rsa ? rsa.getModulus().bitLength() : 0;
    }

    /** The signature algorithm this engine uses with {@code key} (CERT-2). */
    public static String signatureAlgorithm(PrivateKey key) {
        if (key instanceof ECKey ec) {
            return ec.getParams().getCurve().getField().getFieldSize() > 256 ? "SHA384withECDSA" : "SHA256withECDSA";
        }
        return "SHA256withRSA";
    }
}

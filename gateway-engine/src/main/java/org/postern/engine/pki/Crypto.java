package org.postern.engine.pki;

import java.security.Provider;
import java.security.SecureRandom;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/** The BouncyCastle provider instance used by the engine, without registering it globally. */
public final class Crypto {

    public static final Provider BC = new BouncyCastleProvider();
    public static final SecureRandom RANDOM = new SecureRandom();

    private Crypto() {
    }
}

package org.postern.engine.api;

import java.util.Arrays;

/** CERT-2 key choices. RSA 1024 is offered only as an explicit legacy choice. */
public enum KeyType {
    RSA_2048("rsa2048", "RSA", 2048, false),
    RSA_3072("rsa3072", "RSA", 3072, false),
    RSA_4096("rsa4096", "RSA", 4096, false),
    EC_P256("ec-p256", "EC", 256, false),
    EC_P384("ec-p384", "EC", 384, false),
    LEGACY_RSA_1024("legacy-rsa1024", "RSA", 1024, true);

    public static final String LEGACY_WARNING =
            "RSA 1024 is weak: it can be factored with modest resources and many peers refuse it";

    private final String cliName;
    private final String algorithm;
    private final int bits;
    private final boolean legacy;

    KeyType(String cliName, String algorithm, int bits, boolean legacy) {
        this.cliName = cliName;
        this.algorithm = algorithm;
        this.bits = bits;
        this.legacy = legacy;
    }

    public String cliName() { return cliName; }
    public String algorithm() { return algorithm; }
    public int bits() { return bits; }
    public boolean legacy() { return legacy; }

    public String label() {
        return algorithm.equals("EC") ? "ECDSA P-" + bits : "RSA " + bits + (legacy ? " (legacy, weak)" : "");
    }

    public static KeyType fromCliName(String name) {
        return Arrays.stream(values()).filter(k -> k.cliName.equals(name)).findFirst()
                .orElseThrow(() -> new PosternException("unknown key type '" + name + "'; choose one of "
                        + String.join(", ", Arrays.stream(values()).map(KeyType::cliName).toList())));
    }

    @Override
    public String toString() {
        return label();
    }
}

package org.postern.engine.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.HexFormat;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.postern.engine.config.SecureFiles;

/**
 * CERT-10: private keys at rest are encrypted PKCS#8 (PBES2: AES-256-CBC, PBKDF2-HMAC-SHA-256)
 * under the engine's master secret, a random 256-bit value in an owner-only file of the data
 * directory. Keys never leave this class unencrypted except to the code that uses them.
 */
public final class KeyVault {

    public static final String MASTER_SECRET_FILE = "master.secret";
    private static final int ITERATIONS = 10_000;

    private final char[] secret;

    private KeyVault(char[] secret) {
        this.secret = secret;
    }

    /** Loads the master secret from {@code dataDir}, creating it (mode 0600) on first use. */
    public static KeyVault open(Path dataDir) {
        Path file = dataDir.resolve(MASTER_SECRET_FILE);
        try {
            if (!Files.exists(file)) {
                byte[] raw = new byte[32];
                Crypto.RANDOM.nextBytes(raw);
                SecureFiles.writeNewOwnerOnly(file, HexFormat.of().formatHex(raw).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            }
            String hex = Files.readString(file).strip();
            if (hex.length() != 64 || !hex.matches("[0-9a-f]+")) {
                throw new IllegalStateException("the master secret file " + file + " is damaged");
            }
            return new KeyVault(hex.toCharArray());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read or create the master secret " + file + ": " + e.getMessage(), e);
        }
    }

    public byte[] seal(PrivateKey key) {
        try {
            var encryptor = new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                    .setProvider(Crypto.BC)
                    .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
                    .setIterationCount(ITERATIONS)
                    .build(secret);
            return new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(key.getEncoded()))
                    .build(encryptor).getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException("cannot encrypt private key: " + e.getMessage(), e);
        }
    }

    public PrivateKey unseal(byte[] sealed) {
        try {
            PrivateKeyInfo info = new PKCS8EncryptedPrivateKeyInfo(sealed).decryptPrivateKeyInfo(
                    new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(Crypto.BC).build(secret));
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (Exception e) {
            throw new IllegalStateException("cannot decrypt a stored private key: the master secret does not match the"
                    + " database", e);
        }
    }
}

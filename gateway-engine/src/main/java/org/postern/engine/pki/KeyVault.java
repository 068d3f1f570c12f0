package org.postern.engine.pki;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Arrays;
import java.util.HexFormat;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.postern.engine.config.SecureFiles;

/**
 * CERT-10: private keys at rest are encrypted under the engine's master secret, a random 256-bit
 * value in an owner-only file of the data directory. Keys never leave this class unencrypted
 * except to the code that uses them.
 *
 * <p>The secret is random, not a password, so stretching it with PBKDF2 adds nothing: keys are
 * sealed with AES-256-GCM under a key derived from the secret by HMAC-SHA-256 (blob: magic
 * {@code PKV2}, 12-byte nonce, ciphertext and tag; the magic is authenticated). Blobs of the
 * earlier format (encrypted PKCS#8, PBES2 with PBKDF2 at 10,000 iterations) stay readable;
 * every key sealed from now on uses the new format.
 */
public final class KeyVault {

    public static final String MASTER_SECRET_FILE = "master.secret";
    private static final byte[] MAGIC = {'P', 'K', 'V', '2'};
    private static final int NONCE = 12;
    private static final int TAG_BITS = 128;

    private final char[] secret;
    private final SecretKey sealingKey;

    private KeyVault(char[] secret) {
        this.secret = secret;
        this.sealingKey = sealingKey(secret);
    }

    private static SecretKey sealingKey(char[] secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HexFormat.of().parseHex(new String(secret)), "HmacSHA256"));
            byte[] key = mac.doFinal("postern key vault: AES-256-GCM sealing key".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
            return new SecretKeySpec(key, "AES");
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("cannot derive the key-sealing key: " + e.getMessage(), e);
        }
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

    /** Encrypts a private key in the current format (AES-256-GCM under the master secret). */
    public byte[] seal(PrivateKey key) {
        try {
            byte[] nonce = new byte[NONCE];
            Crypto.RANDOM.nextBytes(nonce);
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.ENCRYPT_MODE, sealingKey, new GCMParameterSpec(TAG_BITS, nonce));
            gcm.updateAAD(MAGIC);
            byte[] sealed = gcm.doFinal(PrivateKeyInfo.getInstance(key.getEncoded()).getEncoded());
            byte[] blob = new byte[MAGIC.length + NONCE + sealed.length];
            System.arraycopy(MAGIC, 0, blob, 0, MAGIC.length);
            System.arraycopy(nonce, 0, blob, MAGIC.length, NONCE);
            System.arraycopy(sealed, 0, blob, MAGIC.length + NONCE, sealed.length);
            return blob;
        } catch (Exception e) {
            throw new IllegalStateException("cannot encrypt private key: " + e.getMessage(), e);
        }
    }

    /** True when a stored blob is in the earlier format and should be sealed again. */
    public static boolean isLegacy(byte[] sealed) {
        return !Arrays.equals(sealed, 0, Math.min(sealed.length, MAGIC.length), MAGIC, 0, MAGIC.length);
    }

    public PrivateKey unseal(byte[] sealed) {
        try {
            if (!isLegacy(sealed)) {
                Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
                gcm.init(Cipher.DECRYPT_MODE, sealingKey, new GCMParameterSpec(TAG_BITS, sealed, MAGIC.length, NONCE));
                gcm.updateAAD(MAGIC);
                byte[] der = gcm.doFinal(sealed, MAGIC.length + NONCE, sealed.length - MAGIC.length - NONCE);
                return new JcaPEMKeyConverter().getPrivateKey(PrivateKeyInfo.getInstance(der));
            }
            // the earlier format: encrypted PKCS#8, PBES2 (PBKDF2-HMAC-SHA-256, 10,000 iterations)
            PrivateKeyInfo info = new PKCS8EncryptedPrivateKeyInfo(sealed).decryptPrivateKeyInfo(
                    new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(Crypto.BC).build(secret));
            return new JcaPEMKeyConverter().getPrivateKey(info);
        } catch (Exception e) {
            throw new IllegalStateException("cannot decrypt a stored private key: the master secret does not match the"
                    + " database", e);
        }
    }
}

package org.postern.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PrivateKey;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfoBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.KeyType;

/**
 * Keys at rest: sealed with AES-256-GCM directly under the (random, 256-bit) master secret; keys
 * stored by earlier versions (PBES2, PBKDF2 at 10,000 iterations) stay readable.
 */
class KeyVaultFormatTest {

    @TempDir
    Path dir;

    @Test
    void newKeysAreSealedWithAesGcmAndComeBackUnchanged() {
        KeyVault vault = KeyVault.open(dir);
        PrivateKey key = KeyPairs.generate(KeyType.EC_P256).getPrivate();

        byte[] sealed = vault.seal(key);

        assertThat(new String(sealed, 0, 4, StandardCharsets.US_ASCII)).isEqualTo("PKV2");
        assertThat(KeyVault.isLegacy(sealed)).isFalse();
        assertThat(sealed.length).isEqualTo(4 + 12 + key.getEncoded().length + 16);
        assertThat(vault.unseal(sealed).getEncoded()).isEqualTo(key.getEncoded());
        assertThat(vault.seal(key)).as("a fresh nonce each time").isNotEqualTo(sealed);
    }

    @Test
    void aTamperedOrForeignBlobIsRefused() throws Exception {
        KeyVault vault = KeyVault.open(Files.createDirectories(dir.resolve("a")));
        byte[] sealed = vault.seal(KeyPairs.generate(KeyType.EC_P256).getPrivate());
        byte[] tampered = sealed.clone();
        tampered[tampered.length - 20] ^= 1;

        assertThatThrownBy(() -> vault.unseal(tampered)).hasMessageContaining("cannot decrypt a stored private key");
        assertThatThrownBy(() -> KeyVault.open(Files.createDirectories(dir.resolve("b"))).unseal(sealed))
                .hasMessageContaining("cannot decrypt a stored private key");
    }

    @Test
    void keysStoredInTheEarlierFormatAreStillRead() throws Exception {
        KeyVault vault = KeyVault.open(dir);
        char[] secret = Files.readString(dir.resolve(KeyVault.MASTER_SECRET_FILE)).strip().toCharArray();
        KeyPair keys = KeyPairs.generate(KeyType.RSA_2048);
        byte[] legacy = new PKCS8EncryptedPrivateKeyInfoBuilder(PrivateKeyInfo.getInstance(keys.getPrivate().getEncoded()))
                .build(new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC).setProvider(Crypto.BC)
                        .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256, DERNull.INSTANCE))
                        .setIterationCount(10_000).build(secret))
                .getEncoded();

        assertThat(KeyVault.isLegacy(legacy)).isTrue();
        assertThat(vault.unseal(legacy).getEncoded()).isEqualTo(keys.getPrivate().getEncoded());
        assertThat(KeyVault.isLegacy(vault.seal(vault.unseal(legacy)))).as("written again in the new format").isFalse();
    }
}

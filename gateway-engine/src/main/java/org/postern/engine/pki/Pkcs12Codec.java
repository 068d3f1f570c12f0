package org.postern.engine.pki;

import java.io.IOException;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.DERBMPString;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.oiw.OIWObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.ContentInfo;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectKeyIdentifier;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.InputDecryptorProvider;
import org.bouncycastle.operator.OutputEncryptor;
import org.bouncycastle.pkcs.PKCS12PfxPdu;
import org.bouncycastle.pkcs.PKCS12PfxPduBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBag;
import org.bouncycastle.pkcs.PKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.PKCS12SafeBagFactory;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;
import org.bouncycastle.pkcs.PKCSException;
import org.bouncycastle.pkcs.jcajce.JcaPKCS12SafeBagBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCS12MacCalculatorBuilderProvider;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEInputDecryptorProviderBuilder;
import org.bouncycastle.pkcs.jcajce.JcePKCSPBEOutputEncryptorBuilder;
import org.postern.engine.api.Pkcs12Encryption;
import org.postern.engine.api.PosternException;

/**
 * CERT-7 / CERT-8: reads PKCS#12 files in modern (PBES2: AES, PBKDF2, HMAC-SHA-256) and legacy
 * (RC2/3DES with SHA-1) protection, and writes them with AES-256-CBC/PBKDF2-HMAC-SHA-256 and a
 * SHA-256 MAC by default. Each failure has its own message.
 */
public final class Pkcs12Codec {

    /** The one key and its certificates found in a file. */
    public record Contents(PrivateKey key, List<X509Certificate> certificates, String friendlyName, String protection) {
        public Contents {
            certificates = List.copyOf(certificates);
        }
    }

    private static final int AES_ITERATIONS = 10_000;
    private static final int LEGACY_ITERATIONS = 2048;

    private Pkcs12Codec() {
    }

    public static Contents read(byte[] file, char[] password) {
        if (file == null || file.length == 0) {
            throw new PosternException("the PKCS#12 file is empty");
        }
        PKCS12PfxPdu pfx;
        try {
            pfx = new PKCS12PfxPdu(file);
            pfx.getContentInfos();
        } catch (IOException | RuntimeException e) {
            throw new PosternException("the file is not a PKCS#12 file or it is corrupt (truncated or damaged)");
        }
        if (pfx.hasMac()) {
            boolean valid;
            try {
                valid = pfx.isMacValid(new JcePKCS12MacCalculatorBuilderProvider().setProvider(Crypto.BC), password);
            } catch (PKCSException | RuntimeException e) {
                throw new PosternException("the PKCS#12 file's integrity check cannot be computed: " + e.getMessage());
            }
            if (!valid) {
                throw new PosternException("wrong password for the PKCS#12 file (its integrity check failed)");
            }
        }
        InputDecryptorProvider decryptor;
        try {
            decryptor = new JcePKCSPBEInputDecryptorProviderBuilder().setProvider(Crypto.BC).build(password);
        } catch (RuntimeException e) {
            throw new PosternException("cannot prepare PKCS#12 decryption: " + e.getMessage());
        }
        List<PrivateKey> keys = new ArrayList<>();
        List<X509Certificate> certs = new ArrayList<>();
        String friendlyName = null;
        String protection = null;
        try {
            for (ContentInfo info : pfx.getContentInfos()) {
                PKCS12SafeBagFactory bags;
                if (info.getContentType().equals(PKCSObjectIdentifiers.encryptedData)) {
                    bags = new PKCS12SafeBagFactory(info, decryptor);
                } else {
                    bags = new PKCS12SafeBagFactory(info);
                }
                for (PKCS12SafeBag bag : bags.getSafeBags()) {
                    if (bag.getType().equals(PKCSObjectIdentifiers.certBag)) {
                        certs.add(new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) bag.getBagValue()));
                    } else if (bag.getType().equals(PKCSObjectIdentifiers.pkcs8ShroudedKeyBag)) {
                        PKCS8EncryptedPrivateKeyInfo enc = (PKCS8EncryptedPrivateKeyInfo) bag.getBagValue();
                        protection = describe(enc.getEncryptionAlgorithm());
                        keys.add(toKey(enc.decryptPrivateKeyInfo(decryptor)));
                        friendlyName = friendlyName != null ? friendlyName : friendlyName(bag);
                    } else if (bag.getType().equals(PKCSObjectIdentifiers.keyBag)) {
                        protection = "unencrypted key";
                        keys.add(toKey((PrivateKeyInfo) bag.getBagValue()));
                        friendlyName = friendlyName != null ? friendlyName : friendlyName(bag);
                    }
                }
            }
        } catch (PKCSException e) {
            throw new PosternException("wrong password for the PKCS#12 file (its contents cannot be decrypted)");
        } catch (CertificateException e) {
            throw new PosternException("the PKCS#12 file holds a certificate that cannot be parsed");
        } catch (IOException e) {
            throw new PosternException("the PKCS#12 file holds a private key that cannot be read");
        } catch (RuntimeException e) {
            throw new PosternException("the PKCS#12 file is corrupt: " + e.getMessage());
        }
        if (keys.isEmpty()) {
            throw new PosternException("the PKCS#12 file holds no private key (" + certs.size()
                    + " certificate(s) only); import certificates as CA or chain certificates instead");
        }
        if (keys.size() > 1) {
            throw new PosternException("the PKCS#12 file holds " + keys.size()
                    + " private keys; Postern imports one key per entry — split the file first");
        }
        if (certs.isEmpty()) {
            throw new PosternException("the PKCS#12 file holds a private key but no certificate");
        }
        PrivateKey key = keys.getFirst();
        X509Certificate leaf = certs.stream().filter(c -> KeyMatch.matches(c, key)).findFirst()
                .orElseThrow(() -> new PosternException("no certificate in the PKCS#12 file matches its private key"));
        List<X509Certificate> others = new ArrayList<>(certs);
        others.remove(leaf);
        ChainOrder.Result ordered = ChainOrder.order(leaf, others);
        return new Contents(key, ordered.chain(), friendlyName, protection);
    }

    public static byte[] write(String friendlyName, PrivateKey key, List<X509Certificate> chain, char[] password,
                               Pkcs12Encryption encryption) {
        if (password == null || password.length == 0) {
            throw new PosternException("an export password is required (it may not be empty)");
        }
        try {
            OutputEncryptor encryptor = encryption == Pkcs12Encryption.LEGACY_3DES
                    ? new JcePKCSPBEOutputEncryptorBuilder(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)
                            .setProvider(Crypto.BC).setIterationCount(LEGACY_ITERATIONS).build(password)
                    : new JcePKCSPBEOutputEncryptorBuilder(NISTObjectIdentifiers.id_aes256_CBC)
                            .setProvider(Crypto.BC)
                            .setPRF(new AlgorithmIdentifier(PKCSObjectIdentifiers.id_hmacWithSHA256,
                                    org.bouncycastle.asn1.DERNull.INSTANCE))
                            .setIterationCount(AES_ITERATIONS).build(password);
            SubjectKeyIdentifier localKeyId = new JcaX509ExtensionUtils()
                    .createSubjectKeyIdentifier(chain.getFirst().getPublicKey());
            List<PKCS12SafeBag> certBags = new ArrayList<>();
            for (int i = 0; i < chain.size(); i++) {
                PKCS12SafeBagBuilder b = new JcaPKCS12SafeBagBuilder(chain.get(i));
                if (i == 0) {
                    b.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
                    b.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);
                }
                certBags.add(b.build());
            }
            PKCS12SafeBagBuilder keyBag = new JcaPKCS12SafeBagBuilder(key, encryptor);
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_friendlyName, new DERBMPString(friendlyName));
            keyBag.addBagAttribute(PKCSObjectIdentifiers.pkcs_9_at_localKeyId, localKeyId);

            PKCS12PfxPduBuilder pfx = new PKCS12PfxPduBuilder();
            pfx.addEncryptedData(encryptor, certBags.toArray(PKCS12SafeBag[]::new));
            pfx.addData(keyBag.build());
            var mac = encryption == Pkcs12Encryption.LEGACY_3DES
                    ? new JcePKCS12MacCalculatorBuilder(OIWObjectIdentifiers.idSHA1).setIterationCount(LEGACY_ITERATIONS)
                    : new JcePKCS12MacCalculatorBuilder(NISTObjectIdentifiers.id_sha256).setIterationCount(AES_ITERATIONS);
            return pfx.build(mac.setProvider(Crypto.BC), password).getEncoded("DER");
        } catch (Exception e) {
            throw new IllegalStateException("cannot write PKCS#12: " + e.getMessage(), e);
        }
    }

    private static PrivateKey toKey(PrivateKeyInfo info) throws org.bouncycastle.openssl.PEMException {
        return new JcaPEMKeyConverter().getPrivateKey(info);
    }

    private static String friendlyName(PKCS12SafeBag bag) {
        for (var attr : bag.getAttributes()) {
            if (attr.getAttrType().equals(PKCSObjectIdentifiers.pkcs_9_at_friendlyName)) {
                ASN1Encodable v = attr.getAttrValues().getObjectAt(0);
                return v instanceof DERBMPString s ? s.getString() : v.toString();
            }
        }
        return null;
    }

    private static String describe(AlgorithmIdentifier alg) {
        var oid = alg.getAlgorithm();
        if (oid.equals(PKCSObjectIdentifiers.id_PBES2)) {
            return "PBES2 (AES, PBKDF2)";
        }
        if (oid.equals(PKCSObjectIdentifiers.pbeWithSHAAnd3_KeyTripleDES_CBC)) {
            return "legacy 3DES with SHA-1";
        }
        if (oid.equals(PKCSObjectIdentifiers.pbeWithSHAAnd40BitRC2_CBC) || oid.equals(PKCSObjectIdentifiers.pbeWithSHAAnd128BitRC2_CBC)) {
            return "legacy RC2 with SHA-1";
        }
        return oid.getId();
    }
}

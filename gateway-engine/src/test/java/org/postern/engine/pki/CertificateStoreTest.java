package org.postern.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.List;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.PemBundle;
import org.postern.engine.api.Pkcs12Encryption;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsaRequest;

/** CERT-1..11 through the gateway API on a real SQLite file. */
class CertificateStoreTest {

    @TempDir
    Path dir;
    EmbeddedGateway gateway;
    CertificateApi certs;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir);
        certs = gateway.certificates();
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    static NewCertificateRequest request(String cn) {
        return new NewCertificateRequest(null, cn, List.of("mx2.example.com"), "Example Ltd", "Mail", "Berlin",
                "Berlin", "DE", 365, KeyType.EC_P256, true);
    }

    X509Certificate leaf(String name) {
        return CertificateReader.read(certs.exportPem(name, PemBundle.CERTIFICATE).getBytes(StandardCharsets.US_ASCII))
                .getFirst();
    }

    @Test
    void demoCertificateIsListedWithItsWarning() {
        CertificateSummary demo = certs.list().getFirst();
        assertThat(demo.name()).isEqualTo("Demo");
        assertThat(demo.demo()).isTrue();
        assertThat(demo.warnings()).anyMatch(w -> w.contains("demo certificate is not secure"));
        assertThatThrownBy(() -> certs.delete("Demo")).hasMessageContaining("demo certificate cannot be deleted");
    }

    @Test
    void createSelfSignedCarriesEveryRequiredField() throws Exception {
        CertificateSummary s = certs.createSelfSigned(request("mx1.example.com"));
        assertThat(s.name()).isEqualTo("mx1.example.com"); // CERT-4 name defaults to CN
        assertThat(s.status()).isEqualTo(CertificateStatus.SELF_SIGNED);
        assertThat(s.dnsNames()).containsExactly("mx1.example.com", "mx2.example.com");
        assertThat(s.subject()).contains("CN=mx1.example.com", "O=Example Ltd", "OU=Mail", "L=Berlin", "ST=Berlin", "C=DE");
        assertThat(s.keyDescription()).isEqualTo("ECDSA P-256");
        assertThat(s.signatureAlgorithm()).isEqualTo("SHA256withECDSA");

        X509Certificate c = leaf("mx1.example.com");
        assertThat(c.getExtendedKeyUsage()).containsExactly("1.3.6.1.5.5.7.3.1", "1.3.6.1.5.5.7.3.2");
        assertThat(c.getKeyUsage()[0]).isTrue(); // digitalSignature
        assertThat(c.getExtensionValue(Extension.subjectKeyIdentifier.getId())).isNotNull();
        assertThat(c.getExtensionValue(Extension.authorityKeyIdentifier.getId())).isNotNull();
        assertThat(c.getBasicConstraints()).isEqualTo(-1);
        // the detail view reads the same extensions back (CON detail: KU, EKU, SKI/AKI, basic constraints)
        var view = certs.details("mx1.example.com").chain().getFirst();
        assertThat(view.keyUsage()).contains("digitalSignature");
        assertThat(view.extendedKeyUsage()).containsExactly("serverAuth", "clientAuth");
        assertThat(view.subjectKeyIdentifier()).matches("([0-9A-F]{2}:)+[0-9A-F]{2}");
        assertThat(view.authorityKeyIdentifier()).isEqualTo(view.subjectKeyIdentifier()); // self-signed
        assertThat(view.basicConstraints()).startsWith("CA:FALSE");
        assertThat(c.getSerialNumber().bitLength()).isBetween(64, 159);
        c.verify(c.getPublicKey());
        assertThat(certs.list()).extracting(CertificateSummary::name).contains("Demo", "mx1.example.com");
    }

    @ParameterizedTest
    @EnumSource(value = KeyType.class, names = {"RSA_2048", "RSA_3072", "EC_P256", "EC_P384", "LEGACY_RSA_1024"})
    void everyKeyTypeGetsItsSignatureAlgorithm(KeyType type) {
        CertificateSummary s = certs.createSelfSigned(new NewCertificateRequest("k-" + type, "k.example.com",
                List.of(), null, null, null, null, null, 365, type, true));
        X509Certificate c = leaf("k-" + type);
        if (type.algorithm().equals("RSA")) {
            assertThat(((RSAPublicKey) c.getPublicKey()).getModulus().bitLength()).isEqualTo(type.bits());
            assertThat(c.getSigAlgName()).isEqualTo("SHA256withRSA");
        } else {
            assertThat(((ECPublicKey) c.getPublicKey()).getParams().getCurve().getField().getFieldSize()).isEqualTo(type.bits());
            assertThat(c.getSigAlgName()).isEqualTo(type == KeyType.EC_P384 ? "SHA384withECDSA" : "SHA256withECDSA");
        }
        if (type.legacy()) {
            assertThat(s.warnings()).anyMatch(w -> w.contains("weak key: RSA 1024"));
        } else {
            assertThat(s.warnings()).isEmpty();
        }
    }

    @Test
    void badInputIsRefusedWithItsReasonAndChangesNothing() {
        certs.createSelfSigned(request("mx1.example.com"));
        int before = certs.list().size();
        assertThatThrownBy(() -> certs.createSelfSigned(request("mx1.example.com")))
                .isInstanceOf(PosternException.class)
                .hasMessage("a certificate named 'mx1.example.com' already exists; choose another name");
        assertThatThrownBy(() -> certs.createSelfSigned(request("MX1.example.com")))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> certs.createSelfSigned(request("mailhost")))
                .hasMessageContaining("common name 'mailhost' is not a valid fully-qualified domain name");
        assertThatThrownBy(() -> certs.createSelfSigned(new NewCertificateRequest("x", "x.example.com", List.of(),
                null, null, null, null, "XX", 30, KeyType.EC_P256, true)))
                .hasMessageContaining("country 'XX' is not a two-letter ISO 3166 code");
        assertThatThrownBy(() -> certs.createSelfSigned(new NewCertificateRequest("x", "x.example.com", List.of(),
                null, null, null, null, "Germany", 30, KeyType.EC_P256, true)))
                .hasMessageContaining("not a two-letter ISO 3166 code");
        assertThatThrownBy(() -> certs.createSelfSigned(new NewCertificateRequest("x", "x.example.com",
                List.of("bad_name.example.com"), null, null, null, null, null, 30, KeyType.EC_P256, true)))
                .hasMessageContaining("subject alternative name 'bad_name.example.com'");
        assertThatThrownBy(() -> certs.createSelfSigned(new NewCertificateRequest("x", "x.example.com", List.of(),
                null, null, null, null, null, 0, KeyType.EC_P256, true)))
                .hasMessageContaining("validity must be between 1 and");
        assertThat(certs.list()).hasSize(before);
    }

    @Test
    void fqdnCheckOffAllowsAPlainCommonNameWithoutPuttingItInTheSan() {
        CertificateSummary s = certs.createSelfSigned(new NewCertificateRequest(null, "My Gateway", List.of(),
                null, null, null, null, "de", 30, KeyType.EC_P256, false));
        assertThat(s.name()).isEqualTo("My Gateway");
        assertThat(s.dnsNames()).isEmpty();
        assertThat(s.subject()).contains("C=DE");
    }

    @Test
    void csrCarriesSubjectAndSansAndIsSignedByTheEntryKey() throws Exception {
        certs.createSelfSigned(request("mx1.example.com"));
        String pem = certs.certificateSigningRequest("mx1.example.com");
        assertThat(pem).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        PKCS10CertificationRequest csr = new PKCS10CertificationRequest(Pem.decode(pem).getFirst().der());
        assertThat(csr.getSubject().toString()).contains("CN=mx1.example.com");
        assertThat(csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                .build(new JcaPKCS10CertificationRequest(csr).getPublicKey()))).isTrue();
        assertThat(new JcaPKCS10CertificationRequest(csr).getPublicKey()).isEqualTo(leaf("mx1.example.com").getPublicKey());
        assertThat(new TestCa().sign(pem).getSubjectAlternativeNames()).hasSize(2);
        assertThat(certs.details("mx1.example.com").summary().status()).isEqualTo(CertificateStatus.CSR_PENDING);
        assertThatThrownBy(() -> certs.certificateSigningRequest("Demo")).hasMessageContaining("demo certificate");
    }

    @Test
    void uploadReplacesTheSelfSignedCertificateAndOrdersTheChain() {
        certs.createSelfSigned(request("mx1.example.com"));
        TestCa ca = new TestCa();
        X509Certificate signed = ca.sign(certs.certificateSigningRequest("mx1.example.com"));
        // shuffled: root first, then leaf, then intermediate
        CertificateSummary s = certs.uploadSigned("mx1.example.com", TestCa.pem(ca.root, signed, ca.intermediate), null);
        assertThat(s.status()).isEqualTo(CertificateStatus.CA_SIGNED);
        assertThat(s.issuer()).contains("Postern Test Intermediate");
        assertThat(s.warnings()).isEmpty();
        var details = certs.details("mx1.example.com");
        assertThat(details.chain()).extracting(v -> v.subject())
                .containsExactly("CN=mx1.example.com,OU=Mail,O=Example Ltd,L=Berlin,ST=Berlin,C=DE",
                        "O=Test,CN=Postern Test Intermediate", "O=Test,CN=Postern Test Root");
        assertThat(details.verdict().complete()).isTrue();
        assertThat(details.verdict().trusted()).isFalse();
        assertThat(certs.exportPem("mx1.example.com", PemBundle.CHAIN_WITHOUT_ROOT))
                .contains("BEGIN CERTIFICATE").doesNotContain("PRIVATE KEY");
        assertThat(Pem.decode(certs.exportPem("mx1.example.com", PemBundle.CHAIN_WITHOUT_ROOT))).hasSize(2);
        assertThat(Pem.decode(certs.exportPem("mx1.example.com", PemBundle.KEY_AND_CHAIN)))
                .extracting(Pem.Block::label).containsExactly("PRIVATE KEY", "CERTIFICATE", "CERTIFICATE", "CERTIFICATE");
    }

    @Test
    void uploadWithoutIntermediatesReportsTheGapThenIntermediatesCloseIt() {
        certs.createSelfSigned(request("mx1.example.com"));
        TestCa ca = new TestCa();
        X509Certificate signed = ca.sign(certs.certificateSigningRequest("mx1.example.com"));
        CertificateSummary s = certs.uploadSigned("mx1.example.com", TestCa.pem(signed), null);
        assertThat(s.warnings()).anyMatch(w -> w.contains("chain incomplete: the issuer 'O=Test,CN=Postern Test Intermediate'"));
        s = certs.addIntermediates("mx1.example.com", TestCa.pem(ca.intermediate, ca.root));
        assertThat(s.warnings()).isEmpty();
        assertThat(certs.details("mx1.example.com").chain()).hasSize(3);
        assertThatThrownBy(() -> certs.addIntermediates("mx1.example.com", TestCa.pem(new TestCa().intermediate)))
                .hasMessageContaining("none of the certificates continues the chain");
    }

    @Test
    void uploadOfACertificateForAnotherKeyIsRefused() {
        certs.createSelfSigned(request("mx1.example.com"));
        certs.createSelfSigned(new NewCertificateRequest("other", "other.example.com", List.of(), null, null, null,
                null, null, 30, KeyType.EC_P256, true));
        TestCa ca = new TestCa();
        X509Certificate forOther = ca.sign(certs.certificateSigningRequest("other"));
        String before = certs.exportPem("mx1.example.com", PemBundle.CHAIN);
        assertThatThrownBy(() -> certs.uploadSigned("mx1.example.com", TestCa.pem(forOther), null))
                .hasMessage("certificate does not match the private key of mx1.example.com");
        assertThat(certs.exportPem("mx1.example.com", PemBundle.CHAIN)).isEqualTo(before);
        assertThat(certs.details("mx1.example.com").summary().status()).isEqualTo(CertificateStatus.SELF_SIGNED);
    }

    @Test
    void uploadOfAKeyInsteadOfACertificateSaysSo() {
        certs.createSelfSigned(request("mx1.example.com"));
        String keyPem = certs.exportPem("mx1.example.com", PemBundle.KEY_AND_CHAIN).split("(?=-----BEGIN CERTIFICATE)")[0];
        assertThatThrownBy(() -> certs.uploadSigned("mx1.example.com", keyPem.getBytes(StandardCharsets.US_ASCII), null))
                .hasMessage("the file holds a private key, not a certificate");
        assertThatThrownBy(() -> certs.uploadSigned("mx1.example.com",
                certs.certificateSigningRequest("mx1.example.com").getBytes(StandardCharsets.US_ASCII), null))
                .hasMessage("the file holds a certificate signing request, not a certificate");
        assertThatThrownBy(() -> certs.uploadSigned("mx1.example.com", "hello".getBytes(StandardCharsets.US_ASCII), null))
                .hasMessage("the file is not a certificate in PEM, DER or PKCS#7 form");
    }

    @Test
    void pkcs12RoundTripInBothProtections() {
        certs.createSelfSigned(request("mx1.example.com"));
        for (Pkcs12Encryption enc : Pkcs12Encryption.values()) {
            byte[] p12 = certs.exportPkcs12("mx1.example.com", "s3cret".toCharArray(), enc);
            var contents = certs.readPkcs12(p12, "s3cret".toCharArray());
            assertThat(contents.suggestedName()).isEqualTo("mx1.example.com");
            assertThat(contents.chain()).hasSize(1);
            CertificateSummary imported = certs.importPkcs12("copy-" + enc, p12, "s3cret".toCharArray(), true);
            assertThat(imported.status()).isEqualTo(CertificateStatus.IMPORTED);
            assertThat(leaf("copy-" + enc)).isEqualTo(leaf("mx1.example.com"));
        }
    }

    @Test
    void pkcs12ErrorsAreSpecificAndImportNothing() {
        certs.createSelfSigned(request("mx1.example.com"));
        byte[] p12 = certs.exportPkcs12("mx1.example.com", "right".toCharArray(), Pkcs12Encryption.AES_256);
        int before = certs.list().size();
        assertThatThrownBy(() -> certs.importPkcs12("x", p12, "wrong".toCharArray(), true))
                .hasMessageStartingWith("wrong password for the PKCS#12 file");
        assertThatThrownBy(() -> certs.importPkcs12("x", java.util.Arrays.copyOf(p12, p12.length / 2), "right".toCharArray(), true))
                .hasMessage("the file is not a PKCS#12 file or it is corrupt (truncated or damaged)");
        assertThatThrownBy(() -> certs.importPkcs12("x", new byte[0], "right".toCharArray(), true))
                .hasMessage("the PKCS#12 file is empty");
        assertThatThrownBy(() -> certs.importPkcs12("mx1.example.com", p12, "right".toCharArray(), true))
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> certs.exportPkcs12("mx1.example.com", new char[0], Pkcs12Encryption.AES_256))
                .hasMessage("an export password is required (it may not be empty)");
        assertThat(certs.list()).hasSize(before);
    }

    @Test
    void renewKeepsTheKeyAndRefusesCaSignedEntries() throws Exception {
        certs.createSelfSigned(request("mx1.example.com"));
        X509Certificate before = leaf("mx1.example.com");
        String tlsaBefore = certs.tlsaRecord("mx1.example.com", TlsaRequest.daneEe("mx1.example.com")).zoneLine();
        CertificateSummary renewed = certs.renew("mx1.example.com", 730);
        X509Certificate after = leaf("mx1.example.com");
        assertThat(after.getSerialNumber()).isNotEqualTo(before.getSerialNumber());
        assertThat(after.getPublicKey()).isEqualTo(before.getPublicKey());
        assertThat(renewed.daysLeft()).isBetween(728L, 730L);
        assertThat(certs.tlsaRecord("mx1.example.com", TlsaRequest.daneEe("mx1.example.com")).zoneLine()).isEqualTo(tlsaBefore);

        X509Certificate signed = new TestCa().sign(certs.certificateSigningRequest("mx1.example.com"));
        certs.uploadSigned("mx1.example.com", TestCa.pem(signed), null);
        assertThatThrownBy(() -> certs.renew("mx1.example.com", 30)).hasMessageContaining("is CA-signed");
    }

    @Test
    void expiryThresholdFlagsCertificates() {
        certs.createSelfSigned(new NewCertificateRequest("short", "short.example.com", List.of(), null, null, null,
                null, null, 10, KeyType.EC_P256, true));
        CertificateSummary s = certs.details("short").summary();
        assertThat(s.expiry()).isEqualTo(CertificateSummary.Expiry.EXPIRING);
        assertThat(s.warnings()).anyMatch(w -> w.startsWith("expires in 9 days") || w.startsWith("expires in 10 days"));
        certs.setExpiryWarningDays(5);
        assertThat(certs.details("short").summary().expiry()).isEqualTo(CertificateSummary.Expiry.VALID);
        assertThatThrownBy(() -> certs.setExpiryWarningDays(0)).hasMessageContaining("between 1 and 365");
    }

    @Test
    void theDemoEntryIsUsedByEveryListenerAndTheHttpsAdminWithoutACertificate() {
        CertificateSummary demo = certs.list().stream().filter(CertificateSummary::demo).findFirst().orElseThrow();
        assertThat(gateway.listeners().list()).hasSize(2).allMatch(l -> l.certificate() == null);
        assertThat(certs.details(demo.name()).summary().usages())
                .containsExactly("listener IncomingMail", "listener OutgoingMail");
        assertThat(certs.list()).filteredOn(CertificateSummary::demo).singleElement()
                .satisfies(d -> assertThat(d.usages()).hasSize(2));

        certs.createSelfSigned(request("mx1.example.com"));
        gateway.listeners().update("IncomingMail",
                gateway.listeners().get("IncomingMail").withCertificate("mx1.example.com"));
        assertThat(certs.details(demo.name()).summary().usages()).containsExactly("listener OutgoingMail");
        assertThat(certs.details("mx1.example.com").summary().usages()).containsExactly("listener IncomingMail");

        gateway.close();
        try (var db = org.postern.engine.config.Database.open(dir.resolve(EmbeddedGateway.DATABASE_FILE))) {
            new org.postern.engine.config.Settings(db).put("admin.https.enabled", "true");
        }
        gateway = EmbeddedGateway.open(dir);
        certs = gateway.certificates();
        assertThat(certs.details(demo.name()).summary().usages())
                .containsExactly("listener OutgoingMail", "HTTPS admin interface");
        assertThat(certs.details("mx1.example.com").summary().usages()).containsExactly("listener IncomingMail");
    }

    @Test
    void deleteRefusesACertificateInUse() {
        certs.createSelfSigned(request("mx1.example.com"));
        gateway.close();
        try (var db = org.postern.engine.config.Database.open(dir.resolve(EmbeddedGateway.DATABASE_FILE))) {
            new org.postern.engine.config.Settings(db).put("admin.https.certificate", "mx1.example.com");
        }
        gateway = EmbeddedGateway.open(dir);
        certs = gateway.certificates();
        assertThat(certs.details("mx1.example.com").summary().usages()).containsExactly("HTTPS admin interface");
        assertThatThrownBy(() -> certs.delete("mx1.example.com")).hasMessageContaining("is in use by HTTPS admin interface");
        assertThatThrownBy(() -> certs.delete("nope")).hasMessage("no certificate named 'nope'");
    }

    @Test
    void deleteRemovesAnEntry() {
        certs.createSelfSigned(request("mx1.example.com"));
        certs.delete("mx1.example.com");
        assertThat(certs.list()).extracting(CertificateSummary::name).containsExactly("Demo");
    }

    @Test
    void privateKeysAreEncryptedAtRestAndSecretsAreOwnerOnly() throws Exception {
        certs.createSelfSigned(request("mx1.example.com"));
        String keyPem = Pem.decode(certs.exportPem("mx1.example.com", PemBundle.KEY_AND_CHAIN)).getFirst().label();
        byte[] plainKey = Pem.decode(certs.exportPem("mx1.example.com", PemBundle.KEY_AND_CHAIN)).getFirst().der();
        assertThat(keyPem).isEqualTo("PRIVATE KEY");
        gateway.close();
        byte[] db = Files.readAllBytes(dir.resolve(EmbeddedGateway.DATABASE_FILE));
        byte[] wal = Files.exists(dir.resolve("postern.db-wal")) ? Files.readAllBytes(dir.resolve("postern.db-wal")) : new byte[0];
        assertThat(indexOf(db, plainKey)).isEqualTo(-1);
        assertThat(indexOf(wal, plainKey)).isEqualTo(-1);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(KeyVault.MASTER_SECRET_FILE))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve(EmbeddedGateway.DATABASE_FILE))))
                .isEqualTo("rw-------");
        // reopening with the same master secret reads the key again
        gateway = EmbeddedGateway.open(dir);
        certs = gateway.certificates();
        assertThat(Pem.decode(certs.exportPem("mx1.example.com", PemBundle.KEY_AND_CHAIN)).getFirst().der()).isEqualTo(plainKey);
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}

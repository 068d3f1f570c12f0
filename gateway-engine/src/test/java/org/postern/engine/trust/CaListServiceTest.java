package org.postern.engine.trust;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.CaListApi.CaCertificate;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.api.CaListApi.CaListInfo;
import org.postern.engine.api.PosternException;
import org.postern.engine.config.Database;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.TestCa;
import org.postern.engine.pki.X509;

/** CA-1..6 on the service: the bundled system list, the custom list, export, update. */
class CaListServiceTest {

    static final Path DEBIAN_STORE = Path.of("/etc/ssl/certs/ca-certificates.crt");

    @TempDir
    Path dir;

    Database db;
    CaListService ca;

    @BeforeEach
    void open() {
        db = Database.open(dir.resolve("test.db"));
        ca = new CaListService(new CaListRepository(db));
    }

    @AfterEach
    void close() {
        db.close();
    }

    CaListService reopen(java.util.function.Supplier<SystemBundle> bundle, List<Path> osStores) {
        return new CaListService(new CaListRepository(db), bundle, osStores);
    }

    static Properties bundledProperties() throws Exception {
        Properties p = new Properties();
        try (InputStream in = CaListServiceTest.class.getResourceAsStream(SystemBundle.RESOURCE_DIR + "system-roots.properties")) {
            p.load(in);
        }
        return p;
    }

    static Set<String> fingerprints(List<CaCertificate> certs) {
        return certs.stream().map(CaCertificate::sha256Fingerprint).collect(Collectors.toSet());
    }

    // --- CA-1 -----------------------------------------------------------------------------------

    @Test
    void firstStartLoadsTheBundledSystemListWithItsCountAndVersion() throws Exception {
        Properties p = bundledProperties();
        int count = Integer.parseInt(p.getProperty("count"));
        assertThat(count).isGreaterThan(100);
        String pem = new String(SystemBundle.bundled().pem(), StandardCharsets.US_ASCII);
        assertThat(pem.split("-----BEGIN CERTIFICATE-----", -1)).hasSize(count + 1);

        CaListInfo system = ca.info(CaList.SYSTEM);
        assertThat(system.enabled()).isTrue();
        assertThat(system.count()).isEqualTo(count);
        assertThat(system.version()).isEqualTo(p.getProperty("version")).matches("\\d{8}.*");
        assertThat(system.source()).contains("Mozilla", "ca-certificates", "dated " + p.getProperty("date"));
        assertThat(system.updated()).isNotNull();
        CaListInfo custom = ca.info(CaList.CUSTOM);
        assertThat(custom.enabled()).isTrue();
        assertThat(custom.count()).isZero();

        assertThat(ca.anchors().roots()).hasSize(count);
        assertThat(ca.anchors().description()).isEqualTo("system and custom CA lists (" + count + " roots)");
        assertThat(ca.certificates(CaList.SYSTEM)).anySatisfy(c -> assertThat(c.subject()).contains("CN=ISRG Root X1"));
        CaCertificate first = ca.certificates(CaList.SYSTEM).getFirst();
        assertThat(first.sha256Fingerprint()).matches("([0-9A-F]{2}:){31}[0-9A-F]{2}");
        assertThat(first.notAfter()).isAfter(first.notBefore());
        assertThat(first.pem()).startsWith("-----BEGIN CERTIFICATE-----");

        // a second start keeps the stored list as it is
        CaListService again = new CaListService(new CaListRepository(db));
        assertThat(again.info(CaList.SYSTEM)).isEqualTo(system);
    }

    @Test
    void aNewerBundleReplacesABundledListButNotOneTheAdministratorChose() {
        X509Certificate root = TestCerts.ca("CN=Bundle Two Root,O=Test");
        byte[] pem = TestCerts.pem(root);
        String props = "version=2099.1\ndate=2099-01-01\nsource=test bundle\ncount=1\nsha256=" + SystemBundle.sha256(pem) + "\n";
        SystemBundle newer = SystemBundle.load(props.getBytes(StandardCharsets.UTF_8), pem);

        CaListService upgraded = reopen(() -> newer, List.of());
        assertThat(upgraded.info(CaList.SYSTEM).version()).isEqualTo("2099.1");
        assertThat(upgraded.info(CaList.SYSTEM).count()).isEqualTo(1);

        upgraded.updateSystem(TestCerts.pem(TestCerts.ca("CN=Chosen Root")), "chosen-1");
        CaListService later = reopen(SystemBundle::bundled, List.of());
        assertThat(later.info(CaList.SYSTEM).version()).isEqualTo("chosen-1");

        assertThatThrownBy(() -> SystemBundle.load(props.getBytes(StandardCharsets.UTF_8), TestCerts.pem(TestCerts.ca("CN=X"))))
                .hasMessageContaining("does not match its recorded SHA-256");
    }

    @Test
    void disablingAndEnablingTheListsChangesTheAnchors() {
        int system = ca.info(CaList.SYSTEM).count();
        TestCa test = new TestCa();
        ca.importCustom(TestCerts.pem(test.root), false);

        ca.setEnabled(CaList.SYSTEM, false);
        assertThat(ca.info(CaList.SYSTEM).enabled()).isFalse();
        assertThat(ca.info(CaList.SYSTEM).count()).isEqualTo(system);
        assertThat(ca.anchors().roots()).containsExactly(test.root);
        assertThat(ca.anchors().description()).isEqualTo("custom CA list (1 root)");

        ca.setEnabled(CaList.CUSTOM, false);
        assertThat(ca.anchors().roots()).isEmpty();
        assertThat(ca.anchors().trustAnchors()).isEmpty();
        assertThat(ca.anchors().trustedPath(List.of(test.intermediate), java.time.Instant.now()).ok()).isFalse();

        ca.setEnabled(CaList.SYSTEM, true);
        ca.setEnabled(CaList.CUSTOM, true);
        assertThat(ca.anchors().roots()).hasSize(system + 1);
        assertThat(new CaListService(new CaListRepository(db)).info(CaList.CUSTOM).enabled()).isTrue();
    }

    // --- CA-2 -----------------------------------------------------------------------------------

    @Test
    void importToleratesTextBetweenCertificates() {
        TestCa test = new TestCa();
        String file = "Bag Attributes\n    friendlyName: test root\nsubject=CN = Postern Test Root\n\n"
                + TestCerts.pemText(test.root)
                + "\nCertificate:\n    Data:\n        Version: 3 (0x2)\n  some openssl -text output: here\n\n"
                + "  " + TestCerts.pemText(test.intermediate).replace("\n", "\r\n  ")
                + "\n# trailing comment\n";
        int added = ca.importCustom(file.getBytes(StandardCharsets.US_ASCII), false);
        assertThat(added).isEqualTo(2);
        assertThat(ca.certificates(CaList.CUSTOM)).extracting(CaCertificate::subject)
                .containsExactly("O=Test,CN=Postern Test Root", "O=Test,CN=Postern Test Intermediate");
        assertThat(ca.anchors().nameOf(ca.anchors().trustedPath(List.of(test.intermediate), java.time.Instant.now()).anchor())).isEqualTo("O=Test,CN=Postern Test Intermediate (custom CA list)");
    }

    @Test
    void aNonCaCertificateThatIsNotSelfSignedRefusesTheWholeFileWithTheReason() {
        X509Certificate goodCa = TestCerts.ca("CN=Good CA,O=Test");
        TestCa test = new TestCa();
        X509Certificate issued = CertificateIssuer.sign(test.intermediateKeys.getPrivate(), test.intermediateKeys.getPublic(),
                test.intermediateName, new org.bouncycastle.asn1.x500.X500Name("CN=mx.example.org"),
                TestCerts.leaf("x.example.org").getPublicKey(), List.of("mx.example.org"), TestCerts.NOW,
                TestCerts.NOW.plus(java.time.Duration.ofDays(30)), false);
        assertThatThrownBy(() -> ca.importCustom(TestCerts.pem(goodCa, issued, TestCerts.leaf("partner.example.org")), false))
                .isInstanceOf(PosternException.class)
                .hasMessageStartingWith("nothing imported: ")
                .hasMessageContaining("certificate at line ")
                .hasMessageContaining("(CN=mx.example.org) is not a CA certificate: basicConstraints CA=false; nor is it"
                        + " self-signed, as a partner certificate must be")
                .hasMessageNotContaining("Good CA")
                .hasMessageNotContaining("partner.example.org")
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        assertThat(ca.info(CaList.CUSTOM).count()).isZero();
        assertThat(ca.anchors().roots()).doesNotContain(goodCa);
    }

    /** CA-7: a self-signed end-entity certificate is imported as a partner certificate, an anchor for itself only. */
    @Test
    void aSelfSignedEndEntityCertificateIsImportedAsAPartnerCertificate() {
        X509Certificate partner = TestCerts.leaf("mx.partner.example");
        X509Certificate bare = TestCerts.withoutBasicConstraints("CN=mx.bare.example");
        X509Certificate goodCa = TestCerts.ca("CN=Good CA,O=Test");
        assertThat(ca.importCustom(TestCerts.pem(partner, bare, goodCa), false)).isEqualTo(3);
        assertThat(ca.certificates(CaList.CUSTOM)).extracting(CaCertificate::subject, CaCertificate::partner, CaCertificate::kind)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("CN=mx.partner.example", true, "partner"),
                        org.assertj.core.groups.Tuple.tuple("CN=mx.bare.example", true, "partner"),
                        org.assertj.core.groups.Tuple.tuple("O=Test,CN=Good CA", false, "CA"));

        var path = ca.anchors().trustedPath(List.of(partner), java.time.Instant.now());
        assertThat(path.ok()).isTrue();
        assertThat(ca.anchors().nameOf(path.anchor())).isEqualTo("CN=mx.partner.example (partner certificate, custom CA list)");

        // the partner's key issues nothing: a certificate signed with it under its name is not trusted
        var keys = org.postern.engine.pki.KeyPairs.generate(org.postern.engine.api.KeyType.EC_P256);
        X509Certificate self = CertificateIssuer.sign(keys.getPrivate(), keys.getPublic(),
                new org.bouncycastle.asn1.x500.X500Name("CN=mx.partner2.example"),
                new org.bouncycastle.asn1.x500.X500Name("CN=mx.partner2.example"), keys.getPublic(), List.of(), TestCerts.NOW,
                TestCerts.NOW.plus(java.time.Duration.ofDays(30)), false);
        X509Certificate underIt = CertificateIssuer.sign(keys.getPrivate(), keys.getPublic(),
                new org.bouncycastle.asn1.x500.X500Name("CN=mx.partner2.example"),
                new org.bouncycastle.asn1.x500.X500Name("CN=other.example"), TestCerts.leaf("y.example").getPublicKey(),
                List.of("other.example"), TestCerts.NOW, TestCerts.NOW.plus(java.time.Duration.ofDays(30)), false);
        ca.importCustom(TestCerts.pem(self), false);
        assertThat(ca.anchors().trustedPath(List.of(self), java.time.Instant.now()).ok()).isTrue();
        var refused = ca.anchors().trustedPath(List.of(underIt, self), java.time.Instant.now());
        assertThat(refused.ok()).isFalse();
        assertThat(refused.reason()).contains("is issued by the partner certificate 'CN=mx.partner2.example', which is not a CA"
                + " certificate and is a trust anchor only for itself");

        // partner certificates stay out of the system list
        assertThatThrownBy(() -> ca.updateSystem(TestCerts.pem(TestCerts.leaf("a.example.org")), "x"))
                .hasMessageContaining("is not a CA certificate");
    }

    @Test
    void versionOneRootsAreAcceptedOnlyWhenSelfIssued() {
        X509Certificate v1Root = TestCerts.version1("CN=Old Root,O=Test", "CN=Old Root,O=Test");
        X509Certificate v1Other = TestCerts.version1("CN=Old Root,O=Test", "CN=Old Server,O=Test");
        assertThat(v1Root.getVersion()).isEqualTo(1);
        assertThatThrownBy(() -> ca.importCustom(TestCerts.pem(v1Root, v1Other), false))
                .hasMessageEndingWith("(CN=Old Server) is not a CA certificate: it is a version 1 certificate that is"
                        + " not self-issued; nor is it self-signed, as a partner certificate must be");
        assertThat(ca.importCustom(TestCerts.pem(v1Root), false)).isEqualTo(1);
    }

    @Test
    void brokenBlocksAreErrorsNamingTheBlock() {
        X509Certificate root = TestCerts.ca("CN=Some Root");
        String good = TestCerts.pemText(root);
        String truncated = good.substring(0, good.indexOf("-----END"));
        assertThatThrownBy(() -> ca.importCustom((good + "\n" + truncated).getBytes(StandardCharsets.US_ASCII), false))
                .hasMessageMatching("the PEM block \\(certificate\\) at line \\d+ has no END line");
        String badBase64 = good.replaceFirst("\n[A-Za-z0-9+/]{10}", "\n!!!!!!!!!!");
        assertThatThrownBy(() -> ca.importCustom(badBase64.getBytes(StandardCharsets.US_ASCII), false))
                .hasMessage("the PEM block (certificate) at line 1 is not valid base64");
        String notCert = "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n";
        assertThatThrownBy(() -> ca.importCustom((good + notCert).getBytes(StandardCharsets.US_ASCII), false))
                .hasMessageMatching("the PEM block \\(certificate\\) at line \\d+ is not a valid X.509 certificate");
        assertThatThrownBy(() -> ca.importCustom((good + "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n")
                .getBytes(StandardCharsets.US_ASCII), false))
                .hasMessageMatching("the PEM block at line \\d+ holds a private key, not a certificate");
        assertThatThrownBy(() -> ca.importCustom("just some text\n".getBytes(StandardCharsets.US_ASCII), false))
                .isInstanceOf(PosternException.class);
        assertThatThrownBy(() -> ca.importCustom(new byte[0], false)).hasMessage("the file is empty");
        assertThat(ca.info(CaList.CUSTOM).count()).isZero();
    }

    @Test
    void derAndPkcs7FilesImportToo() throws Exception {
        X509Certificate root = TestCerts.ca("CN=Der Root");
        assertThat(ca.importCustom(root.getEncoded(), false)).isEqualTo(1);
        assertThat(ca.info(CaList.CUSTOM).count()).isEqualTo(1);
    }

    @Test
    void fqdnCheckAppliesToCommonNameAndDnsNames() {
        X509Certificate named = TestCerts.ca("CN=Postern Test Root,O=Test");
        assertThatThrownBy(() -> ca.importCustom(TestCerts.pem(named), true))
                .hasMessageContaining("common name 'Postern Test Root' is not a valid fully-qualified domain name");
        assertThat(ca.info(CaList.CUSTOM).count()).isZero();
        assertThat(ca.importCustom(TestCerts.pem(TestCerts.ca("CN=ca.example.org,O=Test")), true)).isEqualTo(1);
        assertThat(ca.importCustom(TestCerts.pem(TestCerts.ca("O=Test,OU=No Common Name")), true)).isEqualTo(1);
    }

    @Test
    void importingTheSameCertificatesAgainAddsNothing() {
        TestCa test = new TestCa();
        assertThat(ca.importCustom(TestCerts.pem(test.root, test.root), false)).isEqualTo(1);
        assertThat(ca.importCustom(TestCerts.pem(test.root), false)).isZero();
        assertThat(ca.importCustom(TestCerts.pem(test.root, test.intermediate), false)).isEqualTo(1);
        assertThat(ca.info(CaList.CUSTOM).count()).isEqualTo(2);
    }

    @Test
    void deleteRemovesOneCustomRootByFingerprint() {
        TestCa test = new TestCa();
        ca.importCustom(TestCerts.pem(test.root, test.intermediate), false);
        String fp = X509.fingerprint(test.root, "SHA-256");
        ca.deleteCustom(fp.replace(":", "").toLowerCase());
        assertThat(fingerprints(ca.certificates(CaList.CUSTOM))).containsExactly(X509.fingerprint(test.intermediate, "SHA-256"));
        assertThat(ca.anchors().roots()).doesNotContain(test.root);

        assertThatThrownBy(() -> ca.deleteCustom(fp))
                .hasMessage("the custom CA list holds no certificate with SHA-256 fingerprint " + fp);
        String systemFp = ca.certificates(CaList.SYSTEM).getFirst().sha256Fingerprint();
        assertThatThrownBy(() -> ca.deleteCustom(systemFp)).hasMessageContaining("is in the system CA list");
        assertThatThrownBy(() -> ca.deleteCustom("abc")).hasMessageContaining("is not a SHA-256 fingerprint");
        assertThat(ca.info(CaList.SYSTEM).count()).isEqualTo(bundledCount());
    }

    static int bundledCount() {
        return SystemBundle.bundled().count();
    }

    // --- CA-4 -----------------------------------------------------------------------------------

    @Test
    void exportedListsReimportAsTheCustomList() {
        TestCa test = new TestCa();
        ca.importCustom(TestCerts.pem(test.root, test.intermediate), false);
        String custom = ca.exportPem(CaList.CUSTOM);
        assertThat(custom).startsWith("# Postern custom CA list: 2 certificates").contains("# O=Test,CN=Postern Test Root");
        Set<String> before = fingerprints(ca.certificates(CaList.CUSTOM));
        before.forEach(ca::deleteCustom);
        assertThat(ca.info(CaList.CUSTOM).count()).isZero();
        assertThat(ca.importCustom(custom.getBytes(StandardCharsets.UTF_8), false)).isEqualTo(2);
        assertThat(fingerprints(ca.certificates(CaList.CUSTOM))).isEqualTo(before);

        String system = ca.exportPem(CaList.SYSTEM);
        assertThat(system).startsWith("# Postern system CA list: " + bundledCount() + " certificates, version ");
        assertThat(ca.importCustom(system.getBytes(StandardCharsets.UTF_8), false)).isEqualTo(bundledCount());
        assertThat(fingerprints(ca.certificates(CaList.CUSTOM))).containsAll(fingerprints(ca.certificates(CaList.SYSTEM)));
    }

    // --- CA-5 -----------------------------------------------------------------------------------

    @Test
    void updateFromAFileReplacesTheSystemListAndRecordsVersionAndTime() {
        CaListInfo before = ca.info(CaList.SYSTEM);
        TestCa test = new TestCa();
        X509Certificate other = TestCerts.ca("CN=Other Root");
        CaListInfo after = ca.updateSystem(TestCerts.pem(test.root, other, test.root), " 2026.01 ");
        assertThat(after.count()).isEqualTo(2);
        assertThat(after.version()).isEqualTo("2026.01");
        assertThat(after.source()).isEqualTo("PEM bundle imported by the administrator");
        assertThat(after.updated()).isAfterOrEqualTo(before.updated());
        assertThat(ca.anchors().roots()).containsExactly(test.root, other);
        assertThat(ca.anchors().nameOf(ca.anchors().trustedPath(List.of(test.intermediate), java.time.Instant.now()).anchor())).isEqualTo("O=Test,CN=Postern Test Root (system CA list)");

        CaListService restarted = new CaListService(new CaListRepository(db));
        assertThat(restarted.info(CaList.SYSTEM)).isEqualTo(after);
        assertThatThrownBy(() -> ca.updateSystem(TestCerts.pem(other), " ")).hasMessageContaining("a version is required");
    }

    @Test
    void updatesWithoutValidCaCertificatesAreRefusedAndChangeNothing() throws Exception {
        CaListInfo before = ca.info(CaList.SYSTEM);
        Set<String> roots = fingerprints(ca.certificates(CaList.SYSTEM));

        assertThatThrownBy(() -> ca.updateSystem(new byte[0], "x")).hasMessage("the file is empty");
        assertThatThrownBy(() -> ca.updateSystem("garbage\nnothing here\n".getBytes(StandardCharsets.US_ASCII), "x"))
                .isInstanceOf(PosternException.class);
        assertThatThrownBy(() -> ca.updateSystem(TestCerts.pem(TestCerts.leaf("a.example.org")), "x"))
                .hasMessageStartingWith("the system CA list is unchanged: ")
                .hasMessageContaining("basicConstraints CA=false");
        assertThatThrownBy(() -> ca.updateSystem(TestCerts.pem(TestCerts.ca("CN=A"), TestCerts.leaf("b.example.org")), "x"))
                .hasMessageContaining("is not a CA certificate");

        Path garbage = dir.resolve("garbage.crt");
        Files.writeString(garbage, "# nothing but comments\n");
        CaListService withGarbage = reopen(SystemBundle::bundled, List.of(garbage));
        assertThatThrownBy(withGarbage::updateSystemFromOperatingSystem)
                .hasMessageContaining("the operating system trust store " + garbage + " cannot be used");
        Path leafOnly = dir.resolve("leaf.crt");
        Files.write(leafOnly, TestCerts.pem(TestCerts.leaf("c.example.org")));
        assertThatThrownBy(reopen(SystemBundle::bundled, List.of(leafOnly))::updateSystemFromOperatingSystem)
                .hasMessage("the system CA list is unchanged: the operating system trust store " + leafOnly
                        + " holds no CA certificate");
        assertThatThrownBy(reopen(SystemBundle::bundled, List.of(dir.resolve("missing.crt")))::updateSystemFromOperatingSystem)
                .hasMessageStartingWith("no operating system trust store found (looked for ");

        assertThat(ca.info(CaList.SYSTEM)).isEqualTo(before);
        assertThat(fingerprints(ca.certificates(CaList.SYSTEM))).isEqualTo(roots);
    }

    @Test
    void updateFromTheOperatingSystemStoreSkipsNonCaCertificates() throws Exception {
        Path store = dir.resolve("os-bundle.crt");
        X509Certificate root = TestCerts.ca("CN=Os Root");
        Files.write(store, TestCerts.pem(root, TestCerts.leaf("local.example.org")));
        CaListInfo info = reopen(SystemBundle::bundled, List.of(dir.resolve("missing.crt"), store))
                .updateSystemFromOperatingSystem();
        assertThat(info.count()).isEqualTo(1);
        assertThat(info.version()).matches("os-\\d{8}");
        assertThat(info.source()).startsWith("operating system trust store " + store + " of ")
                .endsWith("; 1 non-CA certificate skipped");
    }

    @Test
    void updateFromDebiansTrustStore() throws Exception {
        assumeTrue(Files.isReadable(DEBIAN_STORE), "no " + DEBIAN_STORE);
        long blocks;
        try (InputStream in = Files.newInputStream(DEBIAN_STORE)) {
            blocks = CertificateFactory.getInstance("X.509").generateCertificates(in).stream()
                    .map(c -> X509.fingerprint((X509Certificate) c, "SHA-256")).distinct().count();
        }
        CaListInfo info = ca.updateSystemFromOperatingSystem();
        assertThat(info.count()).isPositive().isLessThanOrEqualTo((int) blocks).isGreaterThan((int) blocks - 5);
        assertThat(info.version()).startsWith("os-");
        assertThat(info.source()).startsWith("operating system trust store " + DEBIAN_STORE);
        // the Mozilla roots Debian ships are among them
        try (var mozilla = Files.list(Path.of("/usr/share/ca-certificates/mozilla"))) {
            Set<String> os = fingerprints(ca.certificates(CaList.SYSTEM));
            mozilla.filter(p -> p.toString().endsWith(".crt")).limit(5).forEach(p -> {
                try (InputStream in = Files.newInputStream(p)) {
                    X509Certificate c = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
                    assertThat(os).contains(X509.fingerprint(c, "SHA-256"));
                } catch (Exception e) {
                    throw new AssertionError(e);
                }
            });
        } catch (java.nio.file.NoSuchFileException ignored) {
            // only the bundle file is present
        }
    }

    // --- CA-3 -----------------------------------------------------------------------------------

    @Test
    void anchorsServePkixPathValidation() throws Exception {
        TestCa test = new TestCa();
        X509Certificate leaf = org.postern.engine.pki.CertificateIssuer.sign(test.intermediateKeys.getPrivate(),
                test.intermediateKeys.getPublic(), test.intermediateName,
                new org.bouncycastle.asn1.x500.X500Name("CN=mx.example.org"), TestCerts.leaf("x.example.org").getPublicKey(),
                List.of("mx.example.org"), TestCerts.NOW, TestCerts.NOW.plus(java.time.Duration.ofDays(30)), false);
        var path = CertificateFactory.getInstance("X.509").generateCertPath(List.of(leaf, test.intermediate));
        assertThat(ca.anchors().trustedPath(List.of(leaf, test.intermediate), java.time.Instant.now()).ok()).isFalse();

        ca.importCustom(TestCerts.pem(test.root), false);
        assertThat(ca.anchors().nameOf(ca.anchors().trustedPath(List.of(leaf, test.intermediate), java.time.Instant.now()).anchor())).isEqualTo("O=Test,CN=Postern Test Root (custom CA list)");
        assertThat(ca.anchors().trustedPath(List.of(leaf, test.intermediate, test.root), java.time.Instant.now()).ok()).isTrue();
        PKIXParameters params = new PKIXParameters(ca.anchors().trustAnchors());
        params.setRevocationEnabled(false);
        CertPathValidator.getInstance("PKIX").validate(path, params);
    }
}

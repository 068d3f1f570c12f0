package org.postern.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.PemBundle;
import org.postern.engine.api.Pkcs12Encryption;
import org.postern.engine.api.TlsaRequest;

/** Interop with independent tools: openssl and keytool read what we write; we read what openssl writes. */
class OpenSslInteropTest {

    @TempDir
    Path dir;
    @TempDir
    Path work;
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

    private Tool.Result openssl(String... args) {
        String[] cmd = new String[args.length + 1];
        cmd[0] = "openssl";
        System.arraycopy(args, 0, cmd, 1, args.length);
        return Tool.run(work, cmd);
    }

    private void create(String cn, KeyType type) {
        certs.createSelfSigned(new NewCertificateRequest(null, cn, List.of("alt." + cn), "Example", null, null, null,
                "GB", 365, type, true));
    }

    @Test
    void opensslReadsOurCertificateAndCsr() throws Exception {
        create("mx1.example.com", KeyType.RSA_2048);
        Files.writeString(work.resolve("c.pem"), certs.exportPem("mx1.example.com", PemBundle.CERTIFICATE));
        Tool.Result x = openssl("x509", "-in", "c.pem", "-noout", "-text");
        assertThat(x.exit()).as(x.output()).isZero();
        assertThat(x.output()).contains("DNS:mx1.example.com, DNS:alt.mx1.example.com",
                "TLS Web Server Authentication, TLS Web Client Authentication", "sha256WithRSAEncryption",
                "Subject Key Identifier", "Authority Key Identifier");
        Tool.Result verify = openssl("verify", "-CAfile", "c.pem", "c.pem");
        assertThat(verify.output()).contains("c.pem: OK");

        Files.writeString(work.resolve("r.pem"), certs.certificateSigningRequest("mx1.example.com"));
        Tool.Result req = openssl("req", "-in", "r.pem", "-noout", "-verify", "-text");
        assertThat(req.exit()).as(req.output()).isZero();
        assertThat(req.output()).contains("verify OK", "CN = mx1.example.com", "DNS:mx1.example.com, DNS:alt.mx1.example.com");
    }

    @Test
    void opensslAndKeytoolOpenOurPkcs12InBothProtections() throws Exception {
        create("mx1.example.com", KeyType.EC_P384);
        Files.writeString(work.resolve("pass"), "Exp0rt!pw\n");
        for (Pkcs12Encryption enc : Pkcs12Encryption.values()) {
            Path p12 = work.resolve(enc + ".p12");
            Files.write(p12, certs.exportPkcs12("mx1.example.com", "Exp0rt!pw".toCharArray(), enc));
            Tool.Result info = openssl("pkcs12", "-info", "-in", p12.getFileName().toString(), "-passin", "file:pass",
                    "-noenc");
            assertThat(info.exit()).as(info.output()).isZero();
            if (enc == Pkcs12Encryption.AES_256) {
                assertThat(info.output()).contains("MAC: sha256", "PBES2, PBKDF2, AES-256-CBC, Iteration 10000, PRF hmacWithSHA256");
            } else {
                assertThat(info.output()).contains("MAC: sha1", "pbeWithSHA1And3-KeyTripleDES-CBC");
            }
            assertThat(info.output()).contains("BEGIN PRIVATE KEY", "friendlyName: mx1.example.com");

            Tool.Result list = Tool.run(work, Tool.keytool(), "-list", "-v", "-storetype", "PKCS12", "-keystore",
                    p12.getFileName().toString(), "-storepass", "Exp0rt!pw");
            assertThat(list.exit()).as(list.output()).isZero();
            assertThat(list.output()).contains("Entry type: PrivateKeyEntry", "mx1.example.com");
        }
        Tool.Result wrong = openssl("pkcs12", "-info", "-in", "AES_256.p12", "-passin", "pass:nope", "-noenc");
        assertThat(wrong.exit()).isNotZero();
    }

    @Test
    void weImportPkcs12FilesThatOpensslWrites() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "k.pem", "-out", "c.pem", "-days", "30",
                "-subj", "/CN=imported.example.net", "-addext", "subjectAltName=DNS:imported.example.net");
        Tool.Result modern = openssl("pkcs12", "-export", "-inkey", "k.pem", "-in", "c.pem", "-out", "modern.p12",
                "-passout", "pass:pw", "-name", "from-openssl");
        assertThat(modern.exit()).as(modern.output()).isZero();
        Tool.Result legacy = openssl("pkcs12", "-export", "-legacy", "-inkey", "k.pem", "-in", "c.pem", "-out",
                "legacy.p12", "-passout", "pass:pw");
        assertThat(legacy.exit()).as(legacy.output()).isZero();

        var contents = certs.readPkcs12(Files.readAllBytes(work.resolve("modern.p12")), "pw".toCharArray());
        assertThat(contents.suggestedName()).isEqualTo("from-openssl");
        assertThat(contents.encryption()).contains("PBES2");
        assertThat(certs.importPkcs12(null, Files.readAllBytes(work.resolve("modern.p12")), "pw".toCharArray(), true)
                .status()).isEqualTo(CertificateStatus.IMPORTED);

        var old = certs.readPkcs12(Files.readAllBytes(work.resolve("legacy.p12")), "pw".toCharArray());
        assertThat(old.encryption()).contains("legacy");
        var s = certs.importPkcs12("legacy", Files.readAllBytes(work.resolve("legacy.p12")), "pw".toCharArray(), true);
        assertThat(s.dnsNames()).containsExactly("imported.example.net");
        assertThatThrownBy(() -> certs.readPkcs12(Files.readAllBytes(work.resolve("legacy.p12")), "bad".toCharArray()))
                .hasMessageStartingWith("wrong password");
    }

    @Test
    void pkcs12WithoutKeyOrWithTwoKeysIsRefused() throws Exception {
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", "k.pem",
                "-out", "c.pem", "-days", "30", "-subj", "/CN=a.example.net");
        openssl("pkcs12", "-export", "-nokeys", "-in", "c.pem", "-out", "nokey.p12", "-passout", "pass:pw");
        assertThatThrownBy(() -> certs.importPkcs12("x", Files.readAllBytes(work.resolve("nokey.p12")), "pw".toCharArray(), false))
                .hasMessageStartingWith("the PKCS#12 file holds no private key");

        // two key/certificate pairs in one keystore, written by keytool
        for (String alias : List.of("one", "two")) {
            Tool.Result r = Tool.run(work, Tool.keytool(), "-genkeypair", "-alias", alias, "-keyalg", "EC", "-dname",
                    "CN=" + alias + ".example.net", "-storetype", "PKCS12", "-keystore", "two.p12", "-storepass", "pwpwpw");
            assertThat(r.exit()).as(r.output()).isZero();
        }
        assertThatThrownBy(() -> certs.importPkcs12("x", Files.readAllBytes(work.resolve("two.p12")), "pwpwpw".toCharArray(), false))
                .hasMessage("the PKCS#12 file holds 2 private keys; Postern imports one key per entry — split the file first");
        assertThat(certs.list()).hasSize(1);
    }

    @Test
    void weUploadAnOpensslSignedCertificateInPemDerAndPkcs7() throws Exception {
        openssl("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "30",
                "-subj", "/CN=OpenSSL Test CA", "-addext", "basicConstraints=critical,CA:TRUE",
                "-addext", "keyUsage=critical,keyCertSign,cRLSign");
        for (String form : List.of("PEM", "DER", "P7B")) {
            String name = "mx-" + form.toLowerCase() + ".example.com";
            create(name, KeyType.RSA_2048);
            Files.writeString(work.resolve("r.pem"), certs.certificateSigningRequest(name));
            Tool.Result sign = openssl("x509", "-req", "-in", "r.pem", "-CA", "ca.pem", "-CAkey", "ca.key",
                    "-CAcreateserial", "-days", "30", "-copy_extensions", "copy", "-out", "s.pem");
            assertThat(sign.exit()).as(sign.output()).isZero();
            byte[] upload = switch (form) {
                case "DER" -> {
                    openssl("x509", "-in", "s.pem", "-outform", "DER", "-out", "s.der");
                    yield Files.readAllBytes(work.resolve("s.der"));
                }
                case "P7B" -> {
                    openssl("crl2pkcs7", "-nocrl", "-certfile", "s.pem", "-certfile", "ca.pem", "-outform", "DER", "-out", "s.p7b");
                    yield Files.readAllBytes(work.resolve("s.p7b"));
                }
                default -> Files.readAllBytes(work.resolve("s.pem"));
            };
            byte[] chain = form.equals("P7B") ? null : Files.readAllBytes(work.resolve("ca.pem"));
            var s = certs.uploadSigned(name, upload, chain);
            assertThat(s.status()).isEqualTo(CertificateStatus.CA_SIGNED);
            assertThat(s.issuer()).isEqualTo("CN=OpenSSL Test CA");
            assertThat(certs.details(name).chain()).hasSize(2);
            assertThat(certs.details(name).verdict().complete()).isTrue();
        }
    }

    @Test
    void tlsaDigestsMatchOpenssl() throws Exception {
        create("mx1.example.com", KeyType.EC_P256);
        Files.writeString(work.resolve("c.pem"), certs.exportPem("mx1.example.com", PemBundle.CERTIFICATE));
        openssl("x509", "-in", "c.pem", "-noout", "-pubkey", "-out", "pub.pem");
        openssl("pkey", "-pubin", "-in", "pub.pem", "-outform", "DER", "-out", "pub.der");
        openssl("x509", "-in", "c.pem", "-outform", "DER", "-out", "c.der");
        Tool.Result spki256 = openssl("dgst", "-sha256", "-r", "pub.der");
        Tool.Result cert512 = openssl("dgst", "-sha512", "-r", "c.der");

        var r311 = certs.tlsaRecord("mx1.example.com", new TlsaRequest(3, 1, 1, "mx1.example.com", 25));
        assertThat(r311.zoneLine()).isEqualTo("_25._tcp.mx1.example.com. IN TLSA 3 1 1 " + spki256.output().split(" ")[0]);
        var r302 = certs.tlsaRecord("mx1.example.com", new TlsaRequest(3, 0, 2, "mx1.example.com", 465));
        assertThat(r302.zoneLine()).isEqualTo("_465._tcp.mx1.example.com. IN TLSA 3 0 2 " + cert512.output().split(" ")[0]);
        var r300 = certs.tlsaRecord("mx1.example.com", new TlsaRequest(3, 0, 0, "mx1.example.com", 25));
        assertThat(r300.data()).isEqualTo(HexFormat.of().formatHex(Files.readAllBytes(work.resolve("c.der"))));
    }

    @Test
    void weReadOpensslPemChainsWithTextAroundThem() throws Exception {
        create("mx1.example.com", KeyType.EC_P256);
        TestCa ca = new TestCa();
        var leaf = ca.sign(certs.certificateSigningRequest("mx1.example.com"));
        Files.write(work.resolve("leaf.pem"), TestCa.pem(leaf));
        Files.write(work.resolve("int.pem"), TestCa.pem(ca.intermediate));
        // openssl x509 -text output puts a text dump before each block; indent it too
        String a = openssl("x509", "-in", "leaf.pem", "-text").output();
        String b = openssl("x509", "-in", "int.pem", "-text").output();
        String indented = (a + "\n" + b).lines().map(l -> "    " + l).reduce("", (x, y) -> x + y + "\n");
        var s = certs.uploadSigned("mx1.example.com", indented.getBytes(StandardCharsets.US_ASCII), null);
        assertThat(s.status()).isEqualTo(CertificateStatus.CA_SIGNED);
        assertThat(certs.details("mx1.example.com").chain()).hasSize(2);
    }
}

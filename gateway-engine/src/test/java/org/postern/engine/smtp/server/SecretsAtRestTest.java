package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.cli.PosternCli;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.KeyVault;
import org.postern.engine.pki.TestCa;
import org.postern.engine.testsupport.TestSmtpServer;

/**
 * No secret in clear anywhere the engine writes: a realistic session (create a certificate, have
 * it signed, export and import it as PKCS#12 with password files, serve STARTTLS with it, accept
 * and deliver a message) and then every file of the data directory (logs, queue, the SQLite file
 * read as bytes and through SQL) and everything printed are searched for the PKCS#12 password,
 * the private key (PKCS#8 DER and its base64 PEM body, whole and line by line) and the master
 * secret. The master secret's own file is its one legitimate home.
 */
class SecretsAtRestTest {

    static final String PASSWORD = "Exp0rt-Pw-7c1f9a2e4b";

    @TempDir
    Path data;
    @TempDir
    Path work;

    final StringWriter cliOut = new StringWriter();
    final StringWriter cliErr = new StringWriter();

    int cli(String... args) {
        String[] all = Stream.concat(Stream.of("--data-dir", data.toString()), Stream.of(args)).toArray(String[]::new);
        int exit = PosternCli.run(new PrintWriter(cliOut, true), new PrintWriter(cliErr, true), all);
        assertThat(exit).as(String.join(" ", args) + ": " + cliErr).isZero();
        return exit;
    }

    @Test
    void aFullSessionLeavesNoPasswordKeyOrMasterSecretInClear() throws Exception {
        PrintStream stdout = System.out;
        PrintStream stderr = System.err;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        System.setOut(new PrintStream(tee(stdout, printed), true));
        System.setErr(new PrintStream(tee(stderr, printed), true));
        PrivateKey key;
        TestSmtpServer remote = null;
        try {
            cli("certconfig", "create", "--cn", "mx1.example.test", "--key", "ec-p256", "--days", "90");
            Path csr = work.resolve("mx1.csr");
            cli("certconfig", "csr", "--name", "mx1.example.test", "--out", csr.toString());
            TestCa ca = new TestCa();
            Path cert = work.resolve("signed.pem");
            Path chain = work.resolve("chain.pem");
            Files.write(cert, TestCa.pem(ca.sign(Files.readString(csr))));
            Files.write(chain, TestCa.pem(ca.intermediate, ca.root));
            cli("certconfig", "upload", "--name", "mx1.example.test", "--cert", cert.toString(), "--chain", chain.toString());
            Path pw = work.resolve("pw");
            Files.writeString(pw, PASSWORD + "\n");
            Path p12 = work.resolve("mx1.p12");
            cli("certconfig", "export", "--name", "mx1.example.test", "--file", p12.toString(), "--password-file", pw.toString());
            cli("certconfig", "import", "--name", "copy", "--file", p12.toString(), "--password-file", pw.toString());
            cli("certconfig", "show", "--name", "copy");
            cli("print");

            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(p12)) {
                ks.load(in, PASSWORD.toCharArray());
            }
            String alias = ks.aliases().nextElement();
            key = (PrivateKey) ks.getKey(alias, PASSWORD.toCharArray());
            assertThat(key).isNotNull();

            var remoteKeys = KeyPairs.generate(KeyType.EC_P256);
            var remoteCert = CertificateIssuer.selfSigned(remoteKeys, new org.bouncycastle.asn1.x500.X500Name("CN=mx.example.org"),
                    List.of("mx.example.org"), 5);
            remote = new TestSmtpServer("127.0.12.2", TestSmtpServer.Mode.NORMAL, remoteKeys, List.of(remoteCert));

            try (EmbeddedGateway gateway = EmbeddedGateway.open(data, EngineFixture.FAST)) {
                gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
                int port = EngineFixture.freePort();
                gateway.listeners().create(new ListenerSpec("In", ListenerKind.PRIVATE, "127.0.12.1", port, "example.test",
                        List.of("example.test"), 100, 50, "copy", List.of(),
                        List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, InboundTls.REQUIRED, 64 * 1024, 5),
                                MailFlowPolicy.of("BLOCKED", PolicyAction.REJECT, InboundTls.NO),
                                MailFlowPolicy.of("RELAYED", PolicyAction.RELAY, InboundTls.REQUIRED)),
                        "ACCEPTED"));
                gateway.destinations().save(new DestinationEntry("example.test", OutboundTls.REQUIRED, DaneSetting.NONE, 5,
                        "127.0.12.2:" + remote.port(), false));
                gateway.engine().start();
                int bound = gateway.listenerRuntime().port("In");
                try (SmtpClient c = new SmtpClient("127.0.12.1", bound, null)) {
                    c.expect("220 ");
                    c.command("EHLO client.example.org", "250");
                    c.command("STARTTLS", "220");
                    assertThat(c.startTls()).startsWith("TLSv1.");
                    c.command("EHLO client.example.org", "250");
                    c.command("MAIL FROM:<alice@example.org>", "250");
                    c.command("RCPT TO:<bob@example.test>", "250");
                    c.command("DATA", "354");
                    c.raw("Subject: secrets\r\n\r\nhello\r\n.\r\n");
                    c.expect("250");
                    c.command("QUIT", "221");
                }
                long deadline = System.nanoTime() + 15_000_000_000L;
                while ((remote.received().isEmpty() || !gateway.queue().list().isEmpty()) && System.nanoTime() < deadline) {
                    Thread.sleep(25);
                }
                assertThat(remote.received()).hasSize(1);
                assertThat(remote.received().getFirst().tls()).isTrue();
                assertThat(gateway.queue().list()).isEmpty();
                gateway.flushLog();
            }
        } finally {
            System.setOut(stdout);
            System.setErr(stderr);
            if (remote != null) {
                remote.close();
            }
        }

        Map<String, byte[]> secrets = secrets(key);
        List<String> leaks = new ArrayList<>();
        Path masterFile = data.resolve(KeyVault.MASTER_SECRET_FILE);
        List<Path> files;
        try (Stream<Path> s = Files.walk(data)) {
            files = s.filter(Files::isRegularFile).toList();
        }
        assertThat(files).anyMatch(f -> f.getFileName().toString().equals(EmbeddedGateway.DATABASE_FILE));
        assertThat(files).anyMatch(f -> f.toString().contains("logs"));
        for (Path f : files) {
            if (f.equals(masterFile)) {
                continue;
            }
            scan(data.relativize(f).toString(), Files.readAllBytes(f), secrets, leaks);
        }
        scan("printed output", printed.toByteArray(), secrets, leaks);
        scan("command output", (cliOut + "\n" + cliErr).getBytes(StandardCharsets.UTF_8), secrets, leaks);
        int values = 0;
        try (Connection db = DriverManager.getConnection("jdbc:sqlite:" + data.resolve(EmbeddedGateway.DATABASE_FILE));
             Statement st = db.createStatement()) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
                while (rs.next()) {
                    tables.add(rs.getString(1));
                }
            }
            assertThat(tables).isNotEmpty();
            for (String table : tables) {
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= n; i++) {
                            byte[] v = rs.getBytes(i);
                            if (v != null) {
                                values++;
                                scan("table " + table + " column " + rs.getMetaData().getColumnName(i), v, secrets, leaks);
                            }
                        }
                    }
                }
            }
        }
        assertThat(values).as("values read through SQL").isGreaterThan(10);
        assertThat(leaks).as("secrets found in clear").isEmpty();
    }

    /** Every form in which a secret could be written: the password, the key's encodings, the master secret. */
    static Map<String, byte[]> secrets(PrivateKey key) throws Exception {
        Map<String, byte[]> s = new LinkedHashMap<>();
        s.put("PKCS#12 password (UTF-8)", PASSWORD.getBytes(StandardCharsets.UTF_8));
        s.put("PKCS#12 password (UTF-16BE)", PASSWORD.getBytes(StandardCharsets.UTF_16BE));
        s.put("PKCS#12 password (UTF-16LE)", PASSWORD.getBytes(StandardCharsets.UTF_16LE));
        byte[] der = key.getEncoded();
        assertThat(key.getFormat()).isEqualTo("PKCS#8");
        s.put("private key PKCS#8 DER", der);
        String b64 = Base64.getEncoder().encodeToString(der);
        s.put("private key base64", b64.getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i + 64 <= b64.length(); i += 64) {
            s.put("private key PEM line " + (i / 64 + 1), b64.substring(i, i + 64).getBytes(StandardCharsets.US_ASCII));
        }
        String hex = HexFormat.of().formatHex(der);
        s.put("private key hex", hex.getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    void scan(String where, byte[] haystack, Map<String, byte[]> secrets, List<String> leaks) throws Exception {
        Map<String, byte[]> all = new LinkedHashMap<>(secrets);
        String hex = Files.readString(data.resolve(KeyVault.MASTER_SECRET_FILE)).strip();
        byte[] raw = HexFormat.of().parseHex(hex);
        all.put("master secret (hex)", hex.getBytes(StandardCharsets.US_ASCII));
        all.put("master secret (HEX)", hex.toUpperCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII));
        all.put("master secret (raw)", raw);
        all.put("master secret (base64)", Base64.getEncoder().encodeToString(raw).getBytes(StandardCharsets.US_ASCII));
        for (var e : all.entrySet()) {
            if (indexOf(haystack, e.getValue()) >= 0) {
                leaks.add(e.getKey() + " in " + where);
            }
        }
    }

    static int indexOf(byte[] hay, byte[] needle) {
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

    static OutputStream tee(OutputStream a, OutputStream b) {
        return new OutputStream() {
            @Override
            public void write(int x) throws java.io.IOException {
                a.write(x);
                b.write(x);
            }

            @Override
            public void write(byte[] buf, int off, int len) throws java.io.IOException {
                a.write(buf, off, len);
                b.write(buf, off, len);
            }
        };
    }
}

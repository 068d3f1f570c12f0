package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.admin.AdminService;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.pki.TestCa;
import org.postern.engine.pki.Tool;

/**
 * ADM-2a: the CLI reaches a running engine through its control socket (the change is live at
 * once), the store when none runs, and a remote engine over HTTPS with a token file.
 */
class RemoteCliTest {

    static final String ADDRESS = "127.0.16.2";

    @TempDir
    Path dir;
    @TempDir
    Path work;
    EmbeddedGateway engine;

    @AfterEach
    void close() {
        if (engine != null) {
            engine.close();
        }
    }

    static int freePort(String address) throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(address))) {
            return s.getLocalPort();
        }
    }

    void startEngine(int smtpPort, String certificate) {
        engine = EmbeddedGateway.open(dir);
        engine.listeners().list().forEach(l -> engine.listeners().delete(l.name()));
        if (smtpPort > 0) {
            engine.listeners().create(new ListenerSpec("in", ListenerKind.PUBLIC, ADDRESS, smtpPort, "example.test",
                    List.of("example.test"), 10, 10, certificate, List.of(),
                    List.of(MailFlowPolicy.of("ACCEPTED", PolicyAction.ACCEPT, InboundTls.PREFERRED)), "ACCEPTED"));
        }
        engine.engine().start();
    }

    @Test
    void theSameCommandWorksOnAStoppedAndOnARunningEngine() {
        CliRun stopped = CliRun.of(dir, "certconfig", "create", "--name", "offline", "--cn", "offline.example.test");
        assertThat(stopped.exit()).as(stopped.err()).isZero();
        startEngine(0, null);
        CliRun running = CliRun.of(dir, "certconfig", "create", "--name", "online", "--cn", "online.example.test");
        assertThat(running.exit()).as(running.err()).isZero();
        // the running engine has it at once: it made the change itself
        assertThat(engine.certificates().details("online")).isNotNull();
        CliRun print = CliRun.of(dir, "print");
        assertThat(print.out()).contains("offline").contains("online");
        CliRun refused = CliRun.of(dir, "certconfig", "create", "--name", "online", "--cn", "online.example.test");
        assertThat(refused.exit()).isEqualTo(1);
        engine.close();
        engine = null;
        CliRun refusedOffline = CliRun.of(dir, "certconfig", "create", "--name", "online", "--cn", "online.example.test");
        assertThat(refusedOffline.err()).isEqualTo(refused.err());
    }

    @Test
    void aCertificateUploadedThroughTheCliIsServedByTheNextHandshakeWithoutARestart() throws Exception {
        int port = freePort(ADDRESS);
        engine = EmbeddedGateway.open(dir);
        engine.certificates().createSelfSigned(org.postern.engine.api.NewCertificateRequest.simple("mx.example.test",
                org.postern.engine.api.KeyType.EC_P256));
        String name = engine.certificates().list().stream().filter(c -> !c.demo()).findFirst().orElseThrow().name();
        engine.close();
        startEngine(port, name);
        assertThat(serverCertificate(port)).contains("issuer=CN = mx.example.test");

        try (Socket open = new Socket(ADDRESS, port);
             BufferedReader in = new BufferedReader(new InputStreamReader(open.getInputStream(), StandardCharsets.US_ASCII))) {
            OutputStream out = open.getOutputStream();
            assertThat(in.readLine()).startsWith("220");
            CliRun csr = CliRun.of(dir, "certconfig", "csr", "--name", name, "--out", work.resolve("mx.csr").toString());
            assertThat(csr.exit()).as(csr.err()).isZero();
            TestCa ca = new TestCa();
            Files.write(work.resolve("mx.pem"), TestCa.pem(ca.sign(Files.readString(work.resolve("mx.csr")))));
            Files.write(work.resolve("chain.pem"), TestCa.pem(ca.intermediate));
            CliRun upload = CliRun.of(dir, "certconfig", "upload", "--name", name, "--cert", work.resolve("mx.pem").toString(),
                    "--chain", work.resolve("chain.pem").toString(), "--ignore-tlsa-check");
            assertThat(upload.exit()).as(upload.err()).isZero();

            assertThat(serverCertificate(port)).contains("issuer=CN = Postern Test Intermediate");
            // the session opened before the change is still served: no listener was restarted
            out.write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            assertThat(in.readLine()).startsWith("250");
        }
    }

    @Test
    void aListenerPortEditedThroughTheCliMovesOnlyThatListener() throws Exception {
        int stays = freePort(ADDRESS);
        int moves = freePort(ADDRESS);
        int moved = freePort(ADDRESS);
        startEngine(stays, null);
        CliRun create = CliRun.of(dir, "listenerconfig", "new", "--name", "second", "--private", "--address", ADDRESS,
                "--port", Integer.toString(moves));
        assertThat(create.exit()).as(create.err()).isZero();
        try (Socket first = new Socket(ADDRESS, stays);
             BufferedReader in = new BufferedReader(new InputStreamReader(first.getInputStream(), StandardCharsets.US_ASCII))) {
            assertThat(in.readLine()).startsWith("220");
            try (Socket second = new Socket(ADDRESS, moves)) {
                assertThat(second.getInputStream().read()).isEqualTo('2');
            }
            CliRun edit = CliRun.of(dir, "listenerconfig", "edit", "--name", "second", "--port", Integer.toString(moved));
            assertThat(edit.exit()).as(edit.err()).isZero();
            try (Socket again = new Socket(ADDRESS, moved)) {
                assertThat(again.getInputStream().read()).isEqualTo('2');
            }
            assertThatThrownBy(() -> new Socket(ADDRESS, moves).close()).isInstanceOf(java.net.ConnectException.class);
            first.getOutputStream().write("NOOP\r\n".getBytes(StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("250");
        }
        CliRun status = CliRun.of(dir, "listenerconfig", "list");
        assertThat(status.out()).contains(Integer.toString(moved));
    }

    @Test
    void aRegisteredClientCertificateLogsInWithoutThePassword() throws Exception {
        startEngine(0, null);
        int port = freePort("127.0.16.4");
        CliRun https = CliRun.of(dir, "interfaceconfig", "--https", "on", "--address", "127.0.16.4", "--port", Integer.toString(port));
        assertThat(https.exit()).as(https.err()).isZero();
        String fingerprint = engine.admin().httpsStatus().sha256Fingerprint();
        String url = "https://127.0.16.4:" + port;

        java.security.KeyPair keys = org.postern.engine.pki.KeyPairs.generate(org.postern.engine.api.KeyType.EC_P256);
        java.security.cert.X509Certificate cert = org.postern.engine.pki.CertificateIssuer.selfSigned(keys,
                new org.bouncycastle.asn1.x500.X500Name("CN=operator"), List.of(), 30);
        Files.writeString(work.resolve("operator.pem"), org.postern.engine.pki.Pem.encode(cert));
        java.security.KeyStore p12 = java.security.KeyStore.getInstance("PKCS12");
        p12.load(null, null);
        p12.setKeyEntry("operator", keys.getPrivate(), "p12 secret".toCharArray(), new java.security.cert.Certificate[] {cert});
        try (OutputStream out = Files.newOutputStream(work.resolve("operator.p12"))) {
            p12.store(out, "p12 secret".toCharArray());
        }
        Files.writeString(work.resolve("p12pw"), "p12 secret\n");
        Path tokenFile = work.resolve("token");
        Path otherDir = work.resolve("elsewhere");

        CliRun unregistered = CliRun.of(otherDir, "--remote", url, "--token-file", tokenFile.toString(), "login",
                "--client-certificate", work.resolve("operator.p12").toString(), "--password-file", work.resolve("p12pw").toString(),
                "--fingerprint", fingerprint);
        assertThat(unregistered.err()).isEqualTo("postern: wrong user name or password\n");

        CliRun add = CliRun.of(dir, "adminconfig", "clientcert", "add", "--file", work.resolve("operator.pem").toString());
        assertThat(add.exit()).as(add.err()).isZero();
        assertThat(CliRun.of(dir, "adminconfig", "clientcert", "list").out()).contains("CN=operator");

        CliRun login = CliRun.of(otherDir, "--remote", url, "--token-file", tokenFile.toString(), "login",
                "--client-certificate", work.resolve("operator.p12").toString(), "--password-file", work.resolve("p12pw").toString(),
                "--fingerprint", fingerprint);
        assertThat(login.exit()).as(login.err()).isZero();
        CliRun print = CliRun.of(otherDir, "--remote", url, "--token-file", tokenFile.toString(), "print");
        assertThat(print.exit()).as(print.err()).isZero();
        assertThat(print.out()).contains("Demo");
    }

    String serverCertificate(int port) {
        Tool.Result r = Tool.run(work, "QUIT\n".getBytes(StandardCharsets.US_ASCII), "openssl", "s_client", "-starttls",
                "smtp", "-connect", ADDRESS + ":" + port, "-crlf");
        return r.output();
    }

    @Test
    void aRemoteEngineIsManagedWithATokenFileAfterItsFingerprintWasChecked() throws Exception {
        startEngine(0, null);
        int port = freePort("127.0.16.3");
        CliRun https = CliRun.of(dir, "interfaceconfig", "--https", "on", "--address", "127.0.16.3", "--port", Integer.toString(port));
        assertThat(https.exit()).as(https.err()).isZero();
        assertThat(https.err()).contains("warning: HTTPS administration uses the demo certificate");
        String fingerprint = https.out().lines().filter(l -> l.startsWith("sha256 fingerprint: ")).findFirst().orElseThrow()
                .substring("sha256 fingerprint: ".length());
        assertThat(fingerprint).isEqualTo(engine.admin().httpsStatus().sha256Fingerprint());

        String url = "https://127.0.16.3:" + port;
        Path tokenFile = work.resolve("token");
        Path otherDir = work.resolve("elsewhere");
        Files.copy(dir.resolve(AdminService.INITIAL_PASSWORD_FILE), work.resolve("password"));

        CliRun unchecked = CliRun.of(otherDir, "--remote", url, "--token-file", tokenFile.toString(), "login",
                "--password-file", work.resolve("password").toString());
        assertThat(unchecked.exit()).isEqualTo(1);
        assertThat(unchecked.err()).contains("SHA-256 fingerprint " + fingerprint).contains("--fingerprint");
        assertThat(tokenFile).doesNotExist();

        Files.writeString(work.resolve("wrong"), "not the password\n");
        CliRun wrong = CliRun.of(otherDir, "--remote", url, "--token-file", tokenFile.toString(), "login",
                "--password-file", work.resolve("wrong").toString(), "--fingerprint", fingerprint);
        assertThat(wrong.err()).isEqualTo("postern: wrong user name or password\n");

        CliRun login = CliRun.of(otherDir, "--remote", url, "--token-file", tokenFile.toString(), "login",
                "--password-file", work.resolve("password").toString(), "--fingerprint", fingerprint.replace(":", "").toLowerCase());
        assertThat(login.exit()).as(login.err()).isZero();
        assertThat(Files.getPosixFilePermissions(tokenFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);

        CliRun create = CliRun.of(otherDir, "--remote", url, "--token-file", tokenFile.toString(), "certconfig", "create",
                "--name", "remote", "--cn", "remote.example.test");
        assertThat(create.exit()).as(create.err()).isZero();
        assertThat(engine.certificates().details("remote")).isNotNull();
        assertThat(otherDir.resolve("postern.db")).doesNotExist();

        Files.writeString(tokenFile, Files.readString(tokenFile).replaceAll("token=.*", "token=forged"));
        CliRun forged = CliRun.of(otherDir, "--remote", url, "--token-file", tokenFile.toString(), "print");
        assertThat(forged.exit()).isEqualTo(1);
        assertThat(forged.err()).startsWith("postern: authentication required");
    }
}

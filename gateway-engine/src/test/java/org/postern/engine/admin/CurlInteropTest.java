package org.postern.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.AdminApi;
import org.postern.engine.pki.Tool;

/**
 * The control API is plain HTTP and JSON: curl, an independent client, uses it over the Unix socket
 * and over HTTPS with the public key pinned, and cannot get in without a token or below TLS 1.2.
 */
class CurlInteropTest {

    static final String ADDRESS = "127.0.16.20";

    @TempDir
    Path dir;
    @TempDir
    Path work;
    EmbeddedGateway engine;
    int port;

    @BeforeEach
    void start() throws Exception {
        engine = EmbeddedGateway.open(dir);
        engine.listeners().list().forEach(l -> engine.listeners().delete(l.name()));
        engine.engine().start();
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        engine.admin().setHttps(new AdminApi.HttpsSettings(true, ADDRESS, port, null));
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    Tool.Result curl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "20", "-w", "\nHTTP %{http_code}\n"));
        cmd.addAll(List.of(args));
        return Tool.run(work, cmd.toArray(String[]::new));
    }

    String pinnedKey() throws Exception {
        // sha256//BASE64 of the SubjectPublicKeyInfo, as curl --pinnedpubkey takes it
        java.security.cert.X509Certificate cert = (java.security.cert.X509Certificate) java.security.cert.CertificateFactory
                .getInstance("X.509").generateCertificate(new java.io.ByteArrayInputStream(engine.certificates()
                        .exportPem(engine.certificates().list().stream().filter(c -> c.demo()).findFirst().orElseThrow().name(),
                                org.postern.engine.api.PemBundle.CERTIFICATE).getBytes()));
        return "sha256//" + Base64.getEncoder().encodeToString(java.security.MessageDigest.getInstance("SHA-256")
                .digest(cert.getPublicKey().getEncoded()));
    }

    @Test
    void curlOverTheUnixSocket() {
        Tool.Result r = curl("--unix-socket", AdminServer.socketOf(dir).toString(), "-H", "Content-Type: application/json",
                "-d", "[]", "http://localhost/api/v1/call/certificates/list");
        assertThat(r.output()).contains("HTTP 200").contains("\"demo\":true");
        Tool.Result refused = curl("--unix-socket", AdminServer.socketOf(dir).toString(), "-d", "[\"no-such\"]",
                "http://localhost/api/v1/call/certificates/delete");
        assertThat(refused.output()).contains("HTTP 422").contains("\"kind\":\"refused\"");
    }

    @Test
    void curlOverPinnedHttpsWithAToken() throws Exception {
        String base = "https://" + ADDRESS + ":" + port + "/api/v1/";
        String pin = pinnedKey();
        Tool.Result anonymous = curl("-k", "--pinnedpubkey", pin, "-d", "[]", base + "call/certificates/list");
        assertThat(anonymous.output()).contains("HTTP 401");

        String password = Files.readString(dir.resolve(AdminService.INITIAL_PASSWORD_FILE)).strip();
        Files.writeString(work.resolve("login.json"), "{\"user\":\"admin\",\"password\":\"" + password + "\",\"minutes\":5}");
        Tool.Result login = curl("-k", "--pinnedpubkey", pin, "-H", "Content-Type: application/json",
                "--data-binary", "@login.json", base + "login");
        assertThat(login.output()).contains("HTTP 200");
        String token = login.output().replaceAll("(?s).*\"token\":\"([^\"]+)\".*", "$1");

        Tool.Result list = curl("-k", "--pinnedpubkey", pin, "-H", "Authorization: Bearer " + token, "-d", "[]",
                base + "call/certificates/list");
        assertThat(list.output()).contains("HTTP 200").contains("\"demo\":true");

        Tool.Result wrongPin = curl("-k", "--pinnedpubkey", "sha256//" + Base64.getEncoder().encodeToString(new byte[32]),
                "-H", "Authorization: Bearer " + token, "-d", "[]", base + "call/certificates/list");
        assertThat(wrongPin.output()).doesNotContain("HTTP 200");
    }

    @Test
    void httpsRefusesTlsBelow12() {
        Tool.Result old = curl("-k", "--tlsv1.1", "--tls-max", "1.1", "https://" + ADDRESS + ":" + port + "/api/v1/info");
        assertThat(old.output()).contains("HTTP 000");
        Tool.Result plain = curl("http://" + ADDRESS + ":" + port + "/api/v1/info");
        assertThat(plain.output()).doesNotContain("HTTP 200");
    }
}

package org.postern.engine.admin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.PosternException;
import org.postern.engine.tls.ClientContexts;

/** The control API against a running engine: the socket, HTTPS with authentication, errors, events. */
class ControlApiTest {

    @TempDir
    Path dir;
    EmbeddedGateway engine;

    @BeforeEach
    void start() {
        engine = EmbeddedGateway.open(dir);
        engine.listeners().list().forEach(l -> engine.listeners().delete(l.name()));
        engine.engine().start();
    }

    @AfterEach
    void stop() {
        engine.close();
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    String initialPassword() throws Exception {
        return Files.readString(dir.resolve(AdminService.INITIAL_PASSWORD_FILE)).strip();
    }

    URI enableHttps() throws Exception {
        int port = freePort();
        try (GatewayApi local = RemoteGateway.overSocket(dir)) {
            List<String> warnings = local.admin().setHttps(new AdminApi.HttpsSettings(true, "127.0.16.1", port, null));
            assertThat(warnings).singleElement().asString().contains("demo certificate");
        }
        return URI.create("https://127.0.16.1:" + port);
    }

    @Test
    void theSocketIsOwnerOnlyAndServesTheSameApi() throws Exception {
        Path socket = AdminServer.socketOf(dir);
        assertThat(Files.getPosixFilePermissions(socket))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        try (GatewayApi remote = RemoteGateway.overSocket(dir)) {
            remote.certificates().createSelfSigned(NewCertificateRequest.simple("mx.example.test", KeyType.EC_P256));
            assertThat(engine.certificates().list()).isEqualTo(remote.certificates().list());
            assertThat(remote.location()).startsWith(dir.toString());
            assertThat(remote.engine().running()).isTrue();
        }
    }

    @Test
    void refusalsCrossTheWireWithTheEngineMessage() throws Exception {
        String embedded = messageOf(() -> engine.certificates().details("no-such-entry").summary());
        try (GatewayApi remote = RemoteGateway.overSocket(dir)) {
            assertThatThrownBy(() -> remote.certificates().delete("no-such-entry"))
                    .isInstanceOf(PosternException.class)
                    .hasMessage(messageOf(() -> { engine.certificates().delete("no-such-entry"); return null; }));
            assertThatThrownBy(() -> remote.admin().setHttps(new AdminApi.HttpsSettings(true, "mail.example", 8443, null)))
                    .isInstanceOf(PosternException.class).hasMessageContaining("is not an IP address");
            assertThatThrownBy(() -> remote.admin().setHttps(new AdminApi.HttpsSettings(true, "127.1", 8443, null)))
                    .isInstanceOf(PosternException.class).hasMessageContaining("'127.1' is not an IP address");
        }
        assertThat(embedded).isNotNull();
    }

    static String messageOf(java.util.function.Supplier<Object> call) {
        try {
            call.get();
            return "no error";
        } catch (RuntimeException e) {
            return e.getMessage();
        }
    }

    @Test
    void httpsRefusesEveryRequestWithoutCredentials() throws Exception {
        URI base = enableHttps();
        HttpClient http = HttpClient.newBuilder().sslContext(ClientContexts.client(null, List.of())).build();
        for (String path : List.of("info", "events", "call/certificates/list", "call/admin/setPassword", "nothing")) {
            HttpRequest.Builder r = HttpRequest.newBuilder(base.resolve("/api/v1/" + path));
            HttpResponse<String> response;
            try {
                response = http.send(path.startsWith("call")
                    ? r.POST(HttpRequest.BodyPublishers.ofString("[]")).build() : r.GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            } catch (java.io.IOException e) {
                throw new AssertionError(path + ": " + e, e);
            }
            assertThat(response.statusCode()).as(path).isEqualTo(401);
            assertThat(response.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
        }
        HttpResponse<String> forged = http.send(HttpRequest.newBuilder(base.resolve("/api/v1/call/certificates/list"))
                .header("Authorization", "Bearer AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA")
                .POST(HttpRequest.BodyPublishers.ofString("[]")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(forged.statusCode()).isEqualTo(401);
    }

    @Test
    void aLoggedInAdministratorManagesTheEngineOverPinnedHttps() throws Exception {
        URI base = enableHttps();
        ServerIdentity identity = ServerIdentity.fetch(base);
        assertThat(identity.sha256Fingerprint()).isEqualTo(engine.admin().httpsStatus().sha256Fingerprint());
        RemoteGateway.Login login = RemoteGateway.login(base, identity.sha256Fingerprint(),
                initialPassword().toCharArray(), 5);
        assertThat(login.expires()).isBefore(java.time.Instant.now().plus(Duration.ofMinutes(6)));
        try (GatewayApi remote = RemoteGateway.overHttps(base, identity.sha256Fingerprint(), login.token())) {
            remote.certificates().createSelfSigned(NewCertificateRequest.simple("remote.example.test", KeyType.EC_P256));
            assertThat(engine.certificates().details("remote.example.test")).isNotNull();
        }
    }

    @Test
    void aChangedCertificateIsRefusedByThePin() throws Exception {
        URI base = enableHttps();
        String wrong = "AB:" + "CD:".repeat(30) + "EF";
        assertThatThrownBy(() -> RemoteGateway.login(base, wrong, initialPassword().toCharArray(), null))
                .isInstanceOf(PosternException.class)
                .hasMessageContaining("not the pinned " + wrong)
                .hasMessageContaining(engine.admin().httpsStatus().sha256Fingerprint());
    }

    @Test
    void failedLoginsAreRateLimitedAndLogged() throws Exception {
        URI base = enableHttps();
        String pin = engine.admin().httpsStatus().sha256Fingerprint();
        for (int i = 0; i < LoginThrottle.MAX_FAILURES; i++) {
            assertThatThrownBy(() -> RemoteGateway.login(base, pin, "wrong password!".toCharArray(), null))
                    .hasMessage("wrong user name or password");
        }
        // the right password no longer helps from this address
        assertThatThrownBy(() -> RemoteGateway.login(base, pin, initialPassword().toCharArray(), null))
                .hasMessageContaining("too many failed logins");
        engine.flushLog();
        assertThat(engine.mailLog().search(org.postern.engine.api.MailLogQuery.latest(50)))
                .extracting(MailEvent::text)
                .anyMatch(t -> t.startsWith("admin login failed for user 'admin' from 127."))
                .noneMatch(t -> t.contains("wrong password!"));
    }

    @Test
    void theEventStreamCarriesTheLiveMailLog() throws Exception {
        List<MailEvent> seen = new CopyOnWriteArrayList<>();
        try (GatewayApi remote = RemoteGateway.overSocket(dir);
             AutoCloseable sub = remote.mailLog().subscribe(seen::addAll)) {
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            String id = null;
            while (seen.stream().noneMatch(e -> e.type() == MailEvent.Type.QUEUE) && System.nanoTime() < deadline) {
                if (id == null) {
                    Thread.sleep(300); // let the stream connect
                    id = remote.queue().inject("a@example.org", List.of("b@example.test"),
                            "Subject: t\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
                }
                Thread.sleep(20);
            }
            assertThat(seen).anyMatch(e -> e.type() == MailEvent.Type.QUEUE);
        }
    }

    @Test
    void aRegisteredClientCertificateLogsInWithoutAToken() throws Exception {
        URI base = enableHttps();
        String pin = engine.admin().httpsStatus().sha256Fingerprint();
        java.security.KeyPair keys = org.postern.engine.pki.KeyPairs.generate(KeyType.EC_P256);
        java.security.cert.X509Certificate cert = org.postern.engine.pki.CertificateIssuer.selfSigned(keys,
                new org.bouncycastle.asn1.x500.X500Name("CN=operator"), List.of(), 30);
        java.security.KeyPair otherKeys = org.postern.engine.pki.KeyPairs.generate(KeyType.EC_P256);
        java.security.cert.X509Certificate other = org.postern.engine.pki.CertificateIssuer.selfSigned(otherKeys,
                new org.bouncycastle.asn1.x500.X500Name("CN=stranger"), List.of(), 30);
        try (GatewayApi local = RemoteGateway.overSocket(dir)) {
            local.admin().addClientCertificate(org.postern.engine.pki.Pem.encode(cert).getBytes(StandardCharsets.US_ASCII));
            assertThat(local.admin().clientCertificates()).singleElement()
                    .satisfies(c -> assertThat(c.subject()).isEqualTo("CN=operator"));
        }
        try (GatewayApi stranger = RemoteGateway.overHttps(base, pin, otherKeys.getPrivate(), List.of(other))) {
            assertThatThrownBy(() -> stranger.certificates().list()).hasMessageStartingWith("authentication required");
        }
        try (GatewayApi operator = RemoteGateway.overHttps(base, pin, keys.getPrivate(), List.of(cert))) {
            assertThat(operator.certificates().list()).isEqualTo(engine.certificates().list());
            operator.admin().removeClientCertificate(engine.admin().clientCertificates().getFirst().sha256Fingerprint());
        }
        try (GatewayApi removed = RemoteGateway.overHttps(base, pin, keys.getPrivate(), List.of(cert))) {
            assertThatThrownBy(() -> removed.certificates().list()).hasMessageStartingWith("authentication required");
        }
    }

    @Test
    void thePasswordIsStoredAsASlowHashAndReplacesTheInitialOne() throws Exception {
        URI base = enableHttps();
        String pin = engine.admin().httpsStatus().sha256Fingerprint();
        String initial = initialPassword();
        assertThat(engine.admin().initialPasswordPending()).isTrue();
        assertThatThrownBy(() -> engine.admin().setPassword("short".toCharArray()))
                .hasMessageContaining("at least 12 characters");
        engine.admin().setPassword("correct horse battery staple".toCharArray());
        assertThat(engine.admin().initialPasswordPending()).isFalse();
        assertThat(dir.resolve(AdminService.INITIAL_PASSWORD_FILE)).doesNotExist();
        try (var db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + dir.resolve("postern.db"));
             var rs = db.createStatement().executeQuery("select value from settings where key = 'admin.password'")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).startsWith("pbkdf2-sha256$600000$").doesNotContain("correct horse");
        }
        assertThatThrownBy(() -> RemoteGateway.login(base, pin, initial.toCharArray(), null))
                .hasMessage("wrong user name or password");
        assertThat(RemoteGateway.login(base, pin, "correct horse battery staple".toCharArray(), null).token()).isNotBlank();
    }

    @Test
    void noEngineNoSocket() throws Exception {
        engine.engine().stop();
        assertThat(AdminServer.socketOf(dir)).doesNotExist();
        assertThat(EmbeddedGateway.engineRunningOn(dir)).isFalse();
        engine.engine().start();
        assertThat(EmbeddedGateway.engineRunningOn(dir)).isTrue();
    }
}

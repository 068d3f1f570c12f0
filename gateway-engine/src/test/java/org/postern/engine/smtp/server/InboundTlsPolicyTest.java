package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.TlsSettingsApi.Direction;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;
import org.postern.engine.pki.Tool;

/**
 * TLS-1 on listeners: real handshakes by {@code openssl s_client} against an engine listener. By
 * default only TLS 1.2 and 1.3 with forward-secret AEAD suites are negotiated; the server picks
 * the suite by its own order.
 */
class InboundTlsPolicyTest {

    static final String ADDRESS = "127.0.4.1";

    @TempDir
    Path dir;
    @TempDir
    Path work;
    EngineFixture engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    static ListenerSpec listener(int port) {
        ListenerSpec base = EngineFixture.listener("Tls", port, InboundTls.PREFERRED, 100, List.of());
        return new ListenerSpec(base.name(), ListenerKind.PRIVATE, ADDRESS, port, base.defaultDomain(),
                base.acceptedDomains(), base.maxConnections(), base.acceptQueue(), null, base.senderGroups(),
                base.policies(), base.defaultPolicy());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(ADDRESS))) {
            return s.getLocalPort();
        }
    }

    /** {@code openssl s_client -starttls smtp} with extra options; the output holds the handshake outcome. */
    Tool.Result client(String... options) {
        List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-starttls", "smtp", "-connect",
                ADDRESS + ":" + engine.port, "-brief", "-crlf", "-name", "client.example"));
        cmd.addAll(List.of(options));
        return Tool.run(work, "QUIT\n".getBytes(StandardCharsets.US_ASCII), cmd.toArray(String[]::new));
    }

    static boolean handshakeDone(Tool.Result r) {
        return r.output().contains("CONNECTION ESTABLISHED");
    }

    @Test
    void tls12ClientOfferingOnlyCbcSuitesIsRefused() throws Exception {
        engine = new EngineFixture(dir, listener(freePort()));
        Tool.Result cbc = client("-tls1_2", "-cipher", "ECDHE-RSA-AES128-SHA256:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA");
        assertThat(handshakeDone(cbc)).as(cbc.output()).isFalse();
        Tool.Result gcm = client("-tls1_2");
        assertThat(handshakeDone(gcm)).as(gcm.output()).isTrue();
        assertThat(gcm.output()).contains("Protocol version: TLSv1.2", "Ciphersuite: ECDHE-RSA-");
        assertThat(gcm.output()).containsPattern("Ciphersuite: ECDHE-RSA-(AES128-GCM|AES256-GCM|CHACHA20-POLY1305)");
    }

    @Test
    void tls12ClientOfferingOnlyRsaKeyExchangeOrDheIsRefused() throws Exception {
        engine = new EngineFixture(dir, listener(freePort()));
        Tool.Result rsa = client("-tls1_2", "-cipher", "AES128-GCM-SHA256:AES256-GCM-SHA384");
        assertThat(handshakeDone(rsa)).as(rsa.output()).isFalse();
        Tool.Result dhe = client("-tls1_2", "-cipher", "DHE-RSA-AES128-GCM-SHA256:DHE-RSA-AES256-GCM-SHA384");
        assertThat(handshakeDone(dhe)).as(dhe.output()).isFalse();
    }

    @Test
    void legacyProtocolClientsAreRefused() throws Exception {
        engine = new EngineFixture(dir, listener(freePort()));
        for (String legacy : List.of("-tls1_1", "-tls1")) {
            Tool.Result r = client(legacy, "-cipher", "DEFAULT:@SECLEVEL=0");
            assertThat(handshakeDone(r)).as(legacy + ": " + r.output()).isFalse();
        }
    }

    @Test
    void theServerChoosesTheSuiteByItsOwnOrder() throws Exception {
        engine = new EngineFixture(dir, listener(freePort()));
        // the client prefers AES-256-GCM; the server's order puts AES-128-GCM first
        Tool.Result r = client("-tls1_2", "-cipher", "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-RSA-AES128-GCM-SHA256");
        assertThat(r.output()).as(r.output()).contains("Ciphersuite: ECDHE-RSA-AES128-GCM-SHA256");
    }

    @Test
    void aChangedPolicyAppliesToTheNextConnectionWithoutARestart() throws Exception {
        engine = new EngineFixture(dir, listener(freePort()));
        assertThat(handshakeDone(client("-tls1_2"))).isTrue();
        engine.gateway.tls().set(Direction.INBOUND, new TlsPolicy(List.of("TLSv1.3"), List.of("TLS_AES_256_GCM_SHA384")));
        Tool.Result tls12 = client("-tls1_2");
        assertThat(handshakeDone(tls12)).as(tls12.output()).isFalse();
        Tool.Result tls13 = client();
        assertThat(tls13.output()).as(tls13.output()).contains("Protocol version: TLSv1.3", "Ciphersuite: TLS_AES_256_GCM_SHA384");
        engine.gateway.tls().reset(Direction.INBOUND);
        assertThat(handshakeDone(client("-tls1_2"))).isTrue();
        assertThat(engine.gateway.engine().status()).singleElement().satisfies(s -> assertThat(s.port()).isEqualTo(engine.port));
    }

    @Test
    void theOutboundPolicyDoesNotChangeTheListeners() throws Exception {
        engine = new EngineFixture(dir, listener(freePort()));
        engine.gateway.tls().set(Direction.OUTBOUND, new TlsPolicy(List.of("TLSv1.3"), List.of("TLS_AES_256_GCM_SHA384")));
        assertThat(handshakeDone(client("-tls1_2"))).isTrue();
    }
}

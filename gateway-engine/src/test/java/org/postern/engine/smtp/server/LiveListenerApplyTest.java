package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.PosternException;
import org.postern.engine.pki.TestCa;
import org.postern.engine.pki.Tool;
import org.postern.engine.pki.X509;

/**
 * ADM-2a, checked from outside against a running engine: a certificate changed through the API
 * is what the next handshake presents (seen by openssl) while no listener restarts and an SMTP
 * session opened before stays usable; a listener change restarts only that listener.
 */
class LiveListenerApplyTest {

    static final String CERT = "mx.live.test";

    @TempDir
    Path dir;
    EmbeddedGateway gateway;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir, EngineFixture.FAST);
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        EngineFixture.holdDeliveries(gateway);
        gateway.certificates().createSelfSigned(new NewCertificateRequest(null, CERT, List.of(), null, null, null, null,
                null, 90, KeyType.EC_P256, true));
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    static ListenerSpec listener(String name, String address, int port, String certificate) {
        return new ListenerSpec(name, ListenerKind.PRIVATE, address, port, "example.test", List.of("example.test"),
                100, 50, certificate, List.of(),
                List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, InboundTls.PREFERRED, 64 * 1024, 5),
                        MailFlowPolicy.of("BLOCKED", PolicyAction.REJECT, InboundTls.NO)),
                "ACCEPTED");
    }

    /** A plain SMTP session that has said EHLO. */
    static SmtpClient session(String address, int port) throws IOException {
        SmtpClient c = new SmtpClient(address, port, null);
        c.expect("220 ");
        c.command("EHLO before.example", "250");
        return c;
    }

    /** The SHA-256 fingerprint of the certificate openssl gets after STARTTLS, as openssl computes it. */
    String opensslFingerprint(String address, int port) {
        Tool.Result r = Tool.run(dir, "QUIT\n".getBytes(StandardCharsets.US_ASCII), "openssl", "s_client", "-starttls",
                "smtp", "-connect", address + ":" + port, "-crlf", "-name", "openssl.example");
        Matcher pem = Pattern.compile("-----BEGIN CERTIFICATE-----.*?-----END CERTIFICATE-----\n", Pattern.DOTALL)
                .matcher(r.output());
        assertThat(pem.find()).as(r.output()).isTrue();
        Tool.Result fp = Tool.run(dir, pem.group().getBytes(StandardCharsets.US_ASCII), "openssl", "x509", "-noout",
                "-fingerprint", "-sha256");
        assertThat(fp.exit()).as(fp.output()).isZero();
        return fp.output().strip().replaceFirst("(?i)^sha256 Fingerprint=", "");
    }

    String storedFingerprint(String certificate) {
        return gateway.certificates().details(certificate).leaf().sha256Fingerprint();
    }

    long logged(MailEvent.Type type, String text) {
        gateway.flushLog();
        return gateway.mailLog().search(MailLogQuery.latest(500).withType(type)).stream()
                .filter(e -> e.text().contains(text)).count();
    }

    @Test
    void aChangedCertificateIsServedAtTheNextHandshakeWithoutRestartingTheListener() throws Exception {
        String address = "127.0.13.1";
        gateway.listeners().create(listener("In", address, EngineFixture.freePort(), CERT));
        gateway.engine().start();
        int port = gateway.listenerRuntime().port("In");
        String first = storedFingerprint(CERT);
        assertThat(opensslFingerprint(address, port)).isEqualTo(first);

        try (SmtpClient before = session(address, port)) {
            // renewed (same key, new certificate)
            gateway.certificates().renew(CERT, 30, true);
            String renewed = storedFingerprint(CERT);
            assertThat(renewed).isNotEqualTo(first);
            assertThat(opensslFingerprint(address, port)).isEqualTo(renewed);
            before.command("NOOP", "250");

            // replaced by a CA-signed certificate with its intermediate
            TestCa ca = new TestCa();
            X509Certificate signed = ca.sign(gateway.certificates().certificateSigningRequest(CERT));
            gateway.certificates().uploadSigned(CERT, TestCa.pem(signed), TestCa.pem(ca.intermediate, ca.root), true);
            String uploaded = storedFingerprint(CERT);
            assertThat(uploaded).isEqualTo(X509.fingerprint(signed, "SHA-256"));
            assertThat(opensslFingerprint(address, port)).isEqualTo(uploaded);

            // the session from before the changes is still served, and its own STARTTLS gets the new certificate
            before.command("NOOP", "250");
            before.command("STARTTLS", "220");
            before.startTls();
            X509Certificate presented = (X509Certificate) ((SSLSocket) before.socket()).getSession().getPeerCertificates()[0];
            assertThat(X509.fingerprint(presented, "SHA-256")).isEqualTo(uploaded);
            before.command("EHLO before.example", "250");
            before.command("NOOP", "250");
        }
        assertThat(gateway.listenerRuntime().port("In")).isEqualTo(port);
        assertThat(logged(MailEvent.Type.SERVICE, "listener In listening on")).isEqualTo(1);
        assertThat(logged(MailEvent.Type.SERVICE, "listener In stopped")).isZero();
    }

    @Test
    void aListenerSwitchedToAnotherCertificateServesItWithoutRebinding() throws Exception {
        String address = "127.0.13.2";
        gateway.certificates().createSelfSigned(new NewCertificateRequest(null, "other.live.test", List.of(), null, null,
                null, null, null, 90, KeyType.RSA_2048, true));
        ListenerSpec spec = listener("In", address, EngineFixture.freePort(), CERT);
        gateway.listeners().create(spec);
        gateway.engine().start();
        int port = gateway.listenerRuntime().port("In");
        assertThat(opensslFingerprint(address, port)).isEqualTo(storedFingerprint(CERT));

        try (SmtpClient before = session(address, port)) {
            gateway.listeners().update("In", spec.withCertificate("other.live.test"), true);
            assertThat(opensslFingerprint(address, port)).isEqualTo(storedFingerprint("other.live.test"));
            before.command("NOOP", "250");
        }
        assertThat(logged(MailEvent.Type.SERVICE, "listener In listening on")).isEqualTo(1);
    }

    @Test
    void aChangedPortMovesOnlyThatListener() throws Exception {
        String addressA = "127.0.13.3";
        String addressB = "127.0.13.4";
        gateway.listeners().create(listener("A", addressA, EngineFixture.freePort(), CERT));
        ListenerSpec b = listener("B", addressB, EngineFixture.freePort(), CERT);
        gateway.listeners().create(b);
        gateway.engine().start();
        int portA = gateway.listenerRuntime().port("A");
        int oldPortB = gateway.listenerRuntime().port("B");
        int newPortB = EngineFixture.freePort();

        try (SmtpClient onA = session(addressA, portA); SmtpClient onB = session(addressB, oldPortB)) {
            gateway.listeners().update("B", new ListenerSpec("B", b.kind(), addressB, newPortB, b.defaultDomain(),
                    b.acceptedDomains(), b.maxConnections(), b.acceptQueue(), b.certificate(), b.senderGroups(),
                    b.policies(), b.defaultPolicy()), true);

            // A: same socket, same session
            onA.command("NOOP", "250");
            assertThat(gateway.listenerRuntime().port("A")).isEqualTo(portA);
            // B: its session ended with the old socket; it answers on the new port only
            assertThat(onB.reply()).satisfiesAnyOf(r -> assertThat(r).isNull(), r -> assertThat(r).startsWith("421 "));
            assertThat(gateway.listenerRuntime().port("B")).isEqualTo(newPortB);
            try (SmtpClient moved = session(addressB, newPortB)) {
                moved.command("QUIT", "221");
            }
            assertThatThrownBy(() -> new SmtpClient(addressB, oldPortB, null)).isInstanceOf(ConnectException.class);

            // deleting B leaves A alone as well
            gateway.listeners().delete("B");
            assertThatThrownBy(() -> new SmtpClient(addressB, newPortB, null)).isInstanceOf(ConnectException.class);
            onA.command("NOOP", "250");
        }
        assertThat(logged(MailEvent.Type.SERVICE, "listener A listening on")).isEqualTo(1);
        assertThat(logged(MailEvent.Type.SERVICE, "listener B listening on")).isEqualTo(2);
    }

    @Test
    void aListenerThatCannotListenWhereItIsMovedIsRefusedAndKeepsItsSettings() throws Exception {
        String address = "127.0.13.6";
        ListenerSpec spec = listener("In", address, EngineFixture.freePort(), CERT);
        gateway.listeners().create(spec);
        gateway.engine().start();
        int port = gateway.listenerRuntime().port("In");
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(address, 0));
            ListenerSpec moved = new ListenerSpec("In", spec.kind(), address, taken.getLocalPort(), spec.defaultDomain(),
                    spec.acceptedDomains(), spec.maxConnections(), spec.acceptQueue(), spec.certificate(),
                    spec.senderGroups(), spec.policies(), spec.defaultPolicy());
            assertThatThrownBy(() -> gateway.listeners().update("In", moved, true)).isInstanceOf(PosternException.class)
                    .hasMessageStartingWith("listener In: cannot listen on " + address + " port " + taken.getLocalPort() + ":")
                    .hasMessageEndingWith("; the change was not made");
            assertThat(gateway.listeners().get("In").port()).isEqualTo(port);
            try (SmtpClient back = session(address, port)) {
                back.command("QUIT", "221");
            }

            ListenerSpec second = listener("Second", address, taken.getLocalPort(), CERT);
            assertThatThrownBy(() -> gateway.listeners().create(second)).isInstanceOf(PosternException.class)
                    .hasMessageContaining("cannot listen on " + address + " port " + taken.getLocalPort());
            assertThat(gateway.listeners().list()).extracting(ListenerSpec::name).containsExactly("In");
        }
        assertThat(gateway.engine().status()).singleElement().satisfies(s -> assertThat(s.problem()).isNull());
    }

    @Test
    void aChangedPolicyReachesTheNextConnectionAndOpenSessionsKeepGoing() throws Exception {
        String address = "127.0.13.5";
        ListenerSpec spec = listener("In", address, EngineFixture.freePort(), CERT);
        gateway.listeners().create(spec);
        gateway.engine().start();
        int port = gateway.listenerRuntime().port("In");

        try (SmtpClient before = session(address, port)) {
            gateway.listeners().update("In", new ListenerSpec("In", spec.kind(), address, spec.port(),
                    spec.defaultDomain(), spec.acceptedDomains(), spec.maxConnections(), spec.acceptQueue(),
                    spec.certificate(), spec.senderGroups(), spec.policies(), "BLOCKED"), true);
            try (SmtpClient after = new SmtpClient(address, port, null)) {
                after.expect("554 5.7.1 ");
            }
            // the session from before keeps the policy it started with
            before.command("NOOP", "250");
            before.command("MAIL FROM:<a@example.org>", "250");
        }
        assertThat(gateway.listenerRuntime().port("In")).isEqualTo(port);
        assertThat(logged(MailEvent.Type.SERVICE, "listener In listening on")).isEqualTo(1);
    }
}

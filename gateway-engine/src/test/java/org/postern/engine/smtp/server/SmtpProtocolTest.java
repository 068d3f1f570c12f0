package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.api.SenderGroup;

/** RFC 5321 essentials, LIS-3..10, over real sockets. */
class SmtpProtocolTest {

    @TempDir
    Path dir;
    EngineFixture engine;

    @AfterEach
    void stop() {
        if (engine != null) {
            engine.close();
        }
    }

    EngineFixture start(InboundTls tls) throws Exception {
        engine = new EngineFixture(dir, tls);
        return engine;
    }

    List<QueuedMessage> queue() throws InterruptedException {
        return engine.awaitQueue(1);
    }

    String content(QueuedMessage m) {
        return new String(engine.gateway.queue().content(m.id()), StandardCharsets.UTF_8);
    }

    /** Events of a type; waits briefly for sessions that are still finishing to log. */
    List<MailEvent> log(MailEvent.Type type) throws InterruptedException {
        List<MailEvent> events = List.of();
        for (int i = 0; i < 50 && events.isEmpty(); i++) {
            engine.gateway.flushLog();
            events = engine.gateway.mailLog().search(MailLogQuery.latest(100).withType(type));
            if (events.isEmpty()) {
                Thread.sleep(40);
            }
        }
        return events;
    }

    @Test
    void tlsNoNeitherAdvertisesNorAcceptsStarttls() throws Exception {
        try (SmtpClient c = start(InboundTls.NO).connect()) {
            String ehlo = c.command("EHLO client.example", "250");
            assertThat(ehlo).contains("PIPELINING", "SIZE 65536", "8BITMIME", "ENHANCEDSTATUSCODES", "SMTPUTF8")
                    .doesNotContain("STARTTLS");
            c.command("STARTTLS", "502 5.5.1");
            c.command("MAIL FROM:<a@example.org>", "250 2.1.0");
            c.command("RCPT TO:<b@example.test>", "250 2.1.5");
            c.command("DATA", "354");
            c.raw("Subject: hi\r\n\r\n..leading dot\r\nbody\r\n.\r\n");
            String ok = c.expect("250 2.0.0 Ok: queued as ");
            c.command("QUIT", "221");
            String id = ok.substring("250 2.0.0 Ok: queued as ".length()).strip();
            QueuedMessage m = queue().getFirst();
            assertThat(m.id()).isEqualTo(id);
            assertThat(m.sender()).isEqualTo("a@example.org");
            assertThat(m.recipients()).containsExactly("b@example.test");
            String body = content(m);
            assertThat(body).startsWith("Received: from client.example").contains("with ESMTP id " + id)
                    .doesNotContain("ESMTPS").endsWith("Subject: hi\r\n\r\n.leading dot\r\nbody\r\n");
        }
    }

    @Test
    void preferredStarttlsResetsStateAndRecordsTlsInReceived() throws Exception {
        try (SmtpClient c = start(InboundTls.PREFERRED).connect()) {
            assertThat(c.command("EHLO client.example", "250")).contains("250-STARTTLS");
            c.command("MAIL FROM:<before@example.org>", "250");
            c.command("STARTTLS now", "501 5.5.4");
            c.command("STARTTLS", "220 2.0.0 Ready to start TLS");
            assertThat(c.startTls()).isEqualTo("TLSv1.3");
            // RFC 3207 §4.2: all state is forgotten, including HELO and the transaction
            c.command("MAIL FROM:<a@example.org>", "503 5.5.1 Error: send HELO/EHLO first");
            assertThat(c.command("EHLO client.example", "250")).doesNotContain("STARTTLS");
            c.command("STARTTLS", "503 5.5.1");
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            c.raw("Subject: over tls\r\n\r\nhello\r\n.\r\n");
            c.expect("250 2.0.0");
        }
        String body = content(queue().getFirst());
        assertThat(body).contains("(using TLSv1.3 with cipher TLS_").contains("with ESMTPS id");
        List<MailEvent> tls = log(MailEvent.Type.TLS_ESTABLISHED);
        assertThat(tls).singleElement().satisfies(e -> {
            assertThat(e.protocol()).isEqualTo("TLSv1.3");
            assertThat(e.cipher()).startsWith("TLS_");
            assertThat(e.text()).contains("no client certificate");
        });
        assertThat(log(MailEvent.Type.MESSAGE_ACCEPTED).getFirst().tls().name()).isEqualTo("OPPORTUNISTIC");
    }

    @Test
    void requiredRefusesEverythingButNoopEhloStarttlsQuitBeforeTls() throws Exception {
        try (SmtpClient c = start(InboundTls.REQUIRED).connect()) {
            c.command("NOOP", "250");
            c.command("HELO client.example", "530 5.7.0 Must issue a STARTTLS command first");
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "530 5.7.0 Must issue a STARTTLS command first");
            c.command("RCPT TO:<b@example.test>", "530 5.7.0");
            c.command("DATA", "530 5.7.0");
            c.command("RSET", "530 5.7.0");
            c.command("VRFY b", "530 5.7.0");
            c.command("QUIT", "221");
        }
        assertThat(engine.gateway.queue().list()).isEmpty();
        assertThat(log(MailEvent.Type.STARTTLS_REQUIRED)).singleElement()
                .satisfies(e -> {
                    assertThat(e.text()).contains("Must issue a STARTTLS command first", "no recipient accepted");
                    assertThat(e.resultType()).isEqualTo("starttls-not-supported");
                });
        try (SmtpClient c = engine.connect()) {
            c.command("EHLO client.example", "250");
            c.command("STARTTLS", "220");
            c.startTls();
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
        }
    }

    @Test
    void plaintextPipelinedBehindStarttlsIsDiscarded() throws Exception {
        try (SmtpClient c = start(InboundTls.PREFERRED).connect()) {
            c.command("EHLO client.example", "250");
            // CVE-2011-0411: the injected commands must not run inside TLS
            c.raw("STARTTLS\r\nRSET\r\nMAIL FROM:<injected@example.org>\r\n");
            c.expect("220 ");
            c.startTls();
            c.command("EHLO client.example", "250");
            // had the injected MAIL survived, this would be "nested MAIL"; had RSET, an extra 250 would come first
            c.command("RCPT TO:<b@example.test>", "503 5.5.1 Error: need MAIL command");
            c.command("NOOP", "250");
        }
        assertThat(log(MailEvent.Type.WARNING)).anyMatch(e -> e.text().contains("discarded") && e.text().contains("CVE-2011-0411"));
    }

    @Test
    void smugglingSequencesDoNotEndTheMessage() throws Exception {
        try (SmtpClient c = start(InboundTls.NO).connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            // <LF>.<CR><LF> and <CR><LF>.<LF> are not end-of-data; the smuggled second message stays data
            c.raw("Subject: one\r\n\r\nbody\n.\r\nMAIL FROM:<evil@example.org>\r\nRCPT TO:<b@example.test>\r\n"
                    + "DATA\r\nSubject: smuggled\r\n\r\n.\n\r\n.\r\n");
            c.expect("550 5.6.0");
            c.command("NOOP", "250");
        }
        assertThat(engine.gateway.queue().list()).isEmpty();
        assertThat(log(MailEvent.Type.MESSAGE_REJECTED)).anyMatch(e -> e.text().contains("smuggling"));
    }

    @Test
    void limitsGetTheirReplyCodes() throws Exception {
        try (SmtpClient c = start(InboundTls.NO).connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org> SIZE=999999999", "552 5.3.4");
            c.command("MAIL FROM:<a@example.org> FOO=1", "555 5.5.4");
            c.command("MAIL FROM:a@example.org", "501 5.5.4");
            c.command("MAIL FROM:<bad address@example.org>", "501");
            c.command("RCPT TO:<b@example.test>", "503 5.5.1 Error: need MAIL command");
            c.command("DATA", "503 5.5.1");
            c.command("MAIL FROM:<a@example.org> SIZE=100 BODY=8BITMIME", "250");
            c.command("MAIL FROM:<a@example.org>", "503 5.5.1 Error: nested MAIL command");
            c.command("RCPT TO:<x@elsewhere.example>", "554 5.7.1 <x@elsewhere.example>: Relay access denied");
            c.command("DATA", "503 5.5.1 Error: need RCPT command");
            for (int i = 0; i < 5; i++) {
                c.command("RCPT TO:<r" + i + "@example.test>", "250");
            }
            c.command("RCPT TO:<r6@example.test>", "452 4.5.3");
            c.command("RCPT TO:<postmaster>", "452 4.5.3");
            c.command("DATA", "354");
            c.raw("Subject: big\r\n\r\n" + ("x".repeat(998) + "\r\n").repeat(80) + ".\r\n");
            c.expect("552 5.3.4");
            c.command("VRFY someone", "252");
            c.command("BOGUS", "500 5.5.2");
            c.command("RSET", "250");
            c.command("MAIL FROM:<>", "250");
            c.command("RCPT TO:<postmaster>", "250");
        }
        assertThat(engine.gateway.queue().list()).isEmpty();
    }

    @Test
    void hugeLinesAndNulBytesAreRefusedAndTheSessionGoesOn() throws Exception {
        try (SmtpClient c = start(InboundTls.NO).connect()) {
            c.command("EHLO client.example", "250");
            c.send("NOOP " + "A".repeat(100 * 1024));
            c.expect("500 5.5.2 Error: line too long");
            c.raw("NO\0OP\r\n");
            c.expect("500 5.5.2 Error: NUL character");
            c.command("NOOP", "250");
        }
    }

    @Test
    void clientVanishingMidDataQueuesNothingAndTheServerGoesOn() throws Exception {
        try (SmtpClient c = start(InboundTls.NO).connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<b@example.test>", "250");
            c.command("DATA", "354");
            c.raw("Subject: cut\r\n\r\nhalf a mess");
        }
        try (SmtpClient c = engine.connect()) {
            c.command("NOOP", "250");
        }
        assertThat(engine.gateway.queue().list()).isEmpty();
        assertThat(log(MailEvent.Type.MESSAGE_REJECTED)).anyMatch(e -> e.text().contains("disconnected during DATA"));
        assertThat(dir.resolve("queue/tmp").toFile().list()).isEmpty();
    }

    @Test
    void idleClientsAndStalledHandshakesTimeOut() throws Exception {
        try (SmtpClient c = start(InboundTls.PREFERRED).connect()) {
            c.expect("421 4.4.2");
        }
        try (SmtpClient c = engine.connect()) {
            c.command("EHLO client.example", "250");
            c.command("STARTTLS", "220");
            // never send a ClientHello: the handshake timeout must free the session
            assertThat(c.closedByServer()).isTrue();
        }
        Thread.sleep(200);
        assertThat(engine.gateway.engine().status().getFirst().activeConnections()).isZero();
        assertThat(log(MailEvent.Type.TLS_FAILED)).anyMatch(e -> e.text().contains("timed out"));
    }

    @Test
    void connectionsBeyondTheLimitGet421() throws Exception {
        engine = new EngineFixture(dir, EngineFixture.listener("Test", EngineFixture.freePort(), InboundTls.NO, 2, List.of()));
        try (SmtpClient a = engine.connect(); SmtpClient b = engine.connect(); SmtpClient c = new SmtpClient(engine.port)) {
            c.expect("421 4.7.0");
            assertThat(c.closedByServer()).isTrue();
            a.command("NOOP", "250");
            b.command("NOOP", "250");
        }
        Thread.sleep(200);
        try (SmtpClient d = engine.connect()) {
            d.command("NOOP", "250");
        }
    }

    @Test
    void hatRejectGroupRefusesAtConnect() throws Exception {
        engine = new EngineFixture(dir, EngineFixture.listener("Test", EngineFixture.freePort(), InboundTls.NO, 10,
                List.of(new SenderGroup("BLOCKLIST", List.of("127.0.0.0/8"), "BLOCKED"))));
        try (SmtpClient c = new SmtpClient(engine.port)) {
            c.expect("554 5.7.1");
        }
        assertThat(log(MailEvent.Type.REFUSED)).isNotEmpty();
    }

    @Test
    void relayPolicyAcceptsAnyDomainAndAcceptedDomainsTakeSubdomains() throws Exception {
        engine = new EngineFixture(dir, EngineFixture.listener("Test", EngineFixture.freePort(), InboundTls.NO, 10,
                List.of(new SenderGroup("RELAYLIST", List.of("10.0.0.0/8", "127.0.0.1"), "RELAYED"))));
        try (SmtpClient c = engine.connect()) {
            c.command("EHLO client.example", "250");
            c.command("MAIL FROM:<a@example.org>", "250");
            c.command("RCPT TO:<x@anywhere.example>", "250");
        }
    }

    @Test
    void starttlsGets454WhenTheListenersCertificateIsNotUsable() throws Exception {
        engine = new EngineFixture(dir, EngineFixture.listener("Test", EngineFixture.freePort(), InboundTls.PREFERRED, 10, List.of()));
        engine.gateway.certificates().createSelfSigned(org.postern.engine.api.NewCertificateRequest.simple("mx.example.test",
                org.postern.engine.api.KeyType.EC_P256));
        var spec = engine.gateway.listeners().get("Test");
        // confirmed: this test has no DNS for the DANE-7 TLSA check
        engine.gateway.listeners().update("Test", spec.withCertificate("mx.example.test"), true);
        engine.close();
        // damage the stored key: the certificate can no longer be used for TLS
        try (var db = org.postern.engine.config.Database.open(dir.resolve(org.postern.engine.EmbeddedGateway.DATABASE_FILE))) {
            db.update("UPDATE certificates SET private_key = ? WHERE name = ?", new byte[] {1, 2, 3}, "mx.example.test");
        }
        engine = null;
        var gateway = org.postern.engine.EmbeddedGateway.open(dir, EngineFixture.FAST);
        try {
            gateway.engine().start();
            try (SmtpClient c = new SmtpClient(gateway.listenerRuntime().port("Test"))) {
                c.expect("220");
                c.command("EHLO client.example", "250");
                c.command("STARTTLS", "454 4.7.0 TLS not available due to temporary reason");
                c.command("NOOP", "250");
            }
        } finally {
            gateway.close();
        }
    }

    @Test
    void aClientCertificateSubjectIsLogged() throws Exception {
        start(InboundTls.PREFERRED);
        var keys = org.postern.engine.pki.KeyPairs.generate(org.postern.engine.api.KeyType.EC_P256);
        var cert = org.postern.engine.pki.CertificateIssuer.selfSigned(keys,
                org.postern.engine.pki.SubjectName.of("client.example.org", "Client Org", null, null, null, null),
                List.of("client.example.org"), 2);
        var ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("c", keys.getPrivate(), "pw".toCharArray(), new java.security.cert.X509Certificate[] {cert});
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "pw".toCharArray());
        try (SmtpClient c = engine.connect()) {
            c.command("EHLO client.example", "250");
            c.command("STARTTLS", "220");
            c.startTls(kmf.getKeyManagers());
            c.command("EHLO client.example", "250");
        }
        assertThat(log(MailEvent.Type.TLS_ESTABLISHED)).singleElement()
                .satisfies(e -> assertThat(e.peerSubject()).isEqualTo("CN=client.example.org,O=Client Org"));
    }

    /**
     * The listener's trust manager is an X509ExtendedTrustManager: JSSE adds no algorithm checks of
     * its own, so a client certificate JSSE would refuse (MD5withRSA) does not fail the handshake.
     */
    @Test
    void aClientCertificateJsseWouldRefuseDoesNotFailTheHandshake() throws Exception {
        start(InboundTls.PREFERRED);
        var rsa = java.security.KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        var keys = rsa.generateKeyPair();
        var name = new org.bouncycastle.asn1.x500.X500Name("CN=md5.client.example.org");
        var now = java.time.Instant.now();
        var cert = new org.bouncycastle.cert.jcajce.JcaX509CertificateConverter().getCertificate(
                new org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder(name, java.math.BigInteger.TEN,
                        java.util.Date.from(now.minusSeconds(3600)), java.util.Date.from(now.plusSeconds(86400)), name,
                        keys.getPublic())
                        .build(new org.bouncycastle.operator.jcajce.JcaContentSignerBuilder("MD5withRSA").build(keys.getPrivate())));
        var ks = java.security.KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("c", keys.getPrivate(), "pw".toCharArray(), new java.security.cert.X509Certificate[] {cert});
        var kmf = javax.net.ssl.KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, "pw".toCharArray());
        try (SmtpClient c = engine.connect()) {
            c.command("EHLO client.example", "250");
            c.command("STARTTLS", "220");
            assertThat(c.startTls(kmf.getKeyManagers())).isEqualTo("TLSv1.3");
            c.command("EHLO client.example", "250");
        }
        assertThat(log(MailEvent.Type.TLS_ESTABLISHED)).singleElement()
                .satisfies(e -> assertThat(e.peerSubject()).isEqualTo("CN=md5.client.example.org"));
    }

    @Test
    void manyAbruptDisconnectsLeaveNoSessionBehind() throws Exception {
        start(InboundTls.PREFERRED);
        for (int i = 0; i < 200; i++) {
            try (SmtpClient c = new SmtpClient(engine.port)) {
                if (i % 2 == 0) {
                    c.raw("EHLO x\r\nMAIL FROM:<a@example.org>\r\n");
                }
            }
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (engine.gateway.engine().status().getFirst().activeConnections() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(engine.gateway.engine().status().getFirst().activeConnections()).isZero();
        try (SmtpClient c = engine.connect()) {
            c.command("NOOP", "250");
        }
    }
}

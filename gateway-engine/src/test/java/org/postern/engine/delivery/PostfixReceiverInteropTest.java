package org.postern.engine.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.Pem;
import org.postern.engine.pki.TestCa;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.testsupport.PostfixInstance;
import org.postern.engine.testsupport.PostfixInstance.ServerTls;

/**
 * Interop with real Postfix receivers on loopback (DLV-2, DLV-3, DLV-6): the messages that should
 * arrive arrive in the receiver's Maildir; the others stay queued with the right reason.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PostfixReceiverInteropTest {

    static final TestCa CA = new TestCa();
    @TempDir
    static Path work;
    static PostfixInstance good;
    static PostfixInstance wrongName;
    static PostfixInstance selfSigned;
    static PostfixInstance expired;
    static PostfixInstance plain;
    @TempDir
    Path dir;

    @BeforeAll
    static void startReceivers() throws Exception {
        Instant now = Instant.now();
        good = receiver("127.0.0.81", "mx.good.test", CA, now.plusSeconds(86400), false);
        wrongName = receiver("127.0.0.82", "mx.other.test", CA, now.plusSeconds(86400), false);
        selfSigned = receiver("127.0.0.83", "mx.self.test", null, now.plusSeconds(86400), true);
        expired = receiver("127.0.0.84", "mx.expired.test", CA, now.minusSeconds(3600), false);
        plain = PostfixInstance.receiver("127.0.0.85", 0).hostname("mx.plain.test").start();
    }

    static PostfixInstance receiver(String address, String name, TestCa ca, Instant notAfter, boolean self) throws Exception {
        KeyPair k = KeyPairs.generate(KeyType.RSA_2048);
        X509Certificate cert = self
                ? CertificateIssuer.selfSigned(k, new X500Name("CN=" + name), List.of(name), 30)
                : CertificateIssuer.sign(ca.intermediateKeys.getPrivate(), ca.intermediateKeys.getPublic(), ca.intermediateName,
                new X500Name("CN=" + name), k.getPublic(), List.of(name), notAfter.minusSeconds(86400 * 30), notAfter, false);
        Path certFile = work.resolve(name + ".crt");
        Path keyFile = work.resolve(name + ".key");
        Files.writeString(certFile, self ? Pem.encode(cert) : Pem.encode(List.of(cert, ca.intermediate)));
        Files.writeString(keyFile, Pem.encode(k.getPrivate()));
        return PostfixInstance.receiver(address, 0).hostname(name).serverTls(ServerTls.MAY, certFile, keyFile).start();
    }

    @AfterAll
    static void stopReceivers() {
        for (PostfixInstance p : new PostfixInstance[] {good, wrongName, selfSigned, expired, plain}) {
            if (p != null) {
                p.close();
            }
        }
    }

    EmbeddedGateway open() {
        EmbeddedGateway g = EmbeddedGateway.open(dir, EngineOptions.defaults()
                .withClientTimeouts(new DeliveryAttempt.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10)))
                .withSchedule(new DeliveryEngine.Schedule(Duration.ofMillis(100), List.of(Duration.ofHours(1)))));
        g.listeners().list().forEach(l -> g.listeners().delete(l.name()));
        return g;
    }

    static void route(EmbeddedGateway g, String domain, OutboundTls tls, PostfixInstance to) {
        g.destinations().save(new DestinationEntry(domain, tls, DaneSetting.NONE, 5, to.address() + ":" + to.port(), false));
    }

    static void await(BooleanSupplier c) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not reached in time");
            }
            Thread.sleep(50);
        }
    }

    static String send(EmbeddedGateway g, String to, String token) {
        return g.queue().inject("sender@example.org", List.of(to),
                ("Subject: " + token + "\r\n\r\nhello " + token + "\r\n").getBytes(StandardCharsets.US_ASCII));
    }

    static QueuedMessage deferred(EmbeddedGateway g, String id) throws InterruptedException {
        await(() -> g.queue().list().stream().anyMatch(m -> m.id().equals(id) && "DEFERRED".equals(m.state())));
        return g.queue().list().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void requiredTlsDeliversToPostfixOverTlsAndPreferredFallsBackToClear() throws Exception {
        try (EmbeddedGateway g = open()) {
            route(g, "self.test", OutboundTls.REQUIRED, selfSigned);
            route(g, "plain.test", OutboundTls.PREFERRED, plain);
            g.engine().start();
            send(g, "bob@self.test", "tls-required-token");
            send(g, "bob@plain.test", "clear-token");
            List<String> tls = selfSigned.awaitMaildir(1, Duration.ofSeconds(30));
            assertThat(tls).anyMatch(m -> m.contains("tls-required-token"));
            assertThat(selfSigned.log()).anyMatch(l -> l.contains("TLS connection established from"));
            List<String> clear = plain.awaitMaildir(1, Duration.ofSeconds(30));
            assertThat(clear).anyMatch(m -> m.contains("clear-token"));
            await(() -> g.queue().list().isEmpty());
            g.flushLog();
            assertThat(g.mailLog().search(MailLogQuery.latest(50).withType(MailEvent.Type.DEFERRED))).isEmpty();
            assertThat(g.mailLog().search(MailLogQuery.latest(50).withType(MailEvent.Type.DELIVERED)))
                    .anyMatch(e -> "self.test".equals(e.domain()) && e.tls().name().equals("REQUIRED") && e.protocol() != null)
                    .anyMatch(e -> "plain.test".equals(e.domain()) && e.tls().name().equals("NONE"));
        }
    }

    @Test
    void requiredTlsStaysQueuedWhenPostfixOffersNoStarttls() throws Exception {
        try (EmbeddedGateway g = open()) {
            route(g, "plain.test", OutboundTls.REQUIRED, plain);
            g.engine().start();
            String id = send(g, "bob@plain.test", "must-not-arrive");
            QueuedMessage m = deferred(g, id);
            assertThat(m.lastError()).contains("TLS is required but STARTTLS is not in the remote's EHLO list");
            assertThat(plain.maildirMessages()).noneMatch(x -> x.contains("must-not-arrive"));
        }
    }

    @Test
    void verifySettingsRefuseSelfSignedAndAcceptNothingUnverified() throws Exception {
        try (EmbeddedGateway g = open()) {
            route(g, "self.test", OutboundTls.REQUIRED_VERIFY, selfSigned);
            g.engine().start();
            String id = send(g, "bob@self.test", "self-signed-must-not-arrive");
            QueuedMessage m = deferred(g, id);
            assertThat(m.lastError()).startsWith("4.7.5 certificate verification failed: certificate-not-trusted");
            assertThat(selfSigned.maildirMessages()).noneMatch(x -> x.contains("self-signed-must-not-arrive"));
        }
    }

    @Test
    void verifyAgainstTheCustomCaListDeliversToTheGoodReceiverAndRefusesWrongNameAndExpired() throws Exception {
        try (EmbeddedGateway g = open()) {
            // trust the test CA through the custom CA list (CA-2, CA-3)
            g.caLists().importCustom(Pem.encode(List.of(CA.root)).getBytes(StandardCharsets.US_ASCII), false);
            route(g, "mx.good.test", OutboundTls.REQUIRED_VERIFY_HOSTED, good);
            route(g, "other.test", OutboundTls.REQUIRED_VERIFY, wrongName);
            route(g, "expired.test", OutboundTls.REQUIRED_VERIFY, expired);
            g.engine().start();
            send(g, "bob@mx.good.test", "verified-token");
            String wrong = send(g, "bob@other.test", "wrong-name-must-not-arrive");
            String old = send(g, "bob@expired.test", "expired-must-not-arrive");
            assertThat(good.awaitMaildir(1, Duration.ofSeconds(30))).anyMatch(m -> m.contains("verified-token"));
            assertThat(deferred(g, wrong).lastError()).contains("certificate-host-mismatch: presented mx.other.test");
            assertThat(deferred(g, old).lastError()).contains("certificate expired on");
            g.flushLog();
            assertThat(g.mailLog().search(MailLogQuery.latest(50).withType(MailEvent.Type.DELIVERED)))
                    .anyMatch(e -> e.tls().name().equals("VERIFIED"));
            assertThat(g.mailLog().search(MailLogQuery.latest(50).withType(MailEvent.Type.DEFERRED)))
                    .anyMatch(e -> "certificate-expired".equals(e.resultType()))
                    .anyMatch(e -> "certificate-host-mismatch".equals(e.resultType()));
            assertThat(wrongName.maildirMessages()).noneMatch(x -> x.contains("must-not-arrive"));
            assertThat(expired.maildirMessages()).noneMatch(x -> x.contains("must-not-arrive"));
        }
    }
}

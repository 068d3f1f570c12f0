package org.postern.engine.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.math.BigInteger;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.TlsOutcome;
import org.postern.engine.testsupport.TestSmtpServer;
import org.postern.engine.testsupport.TestSmtpServer.Mode;
import org.postern.engine.tls.CertificateVerifier;
import org.postern.engine.tls.CertificateVerifier.Reference;
import org.postern.engine.tls.ClientContexts;
import org.postern.engine.trust.TrustAnchors;

/**
 * The handshake accepts whatever the server presents and Postern's verifier decides afterwards:
 * JSSE's own checks (algorithm constraints, endpoint identification) must not fail a handshake
 * first. The server presents a certificate signed with MD5withRSA, which JSSE's default algorithm
 * constraints refuse; under TLS Preferred the mail still goes encrypted, and the verdict says why
 * the certificate is not verified.
 */
class JsseRefusedCertificateTest {

    private static final String ADDRESS = "127.0.1.1";
    private static final String HOST = "mx.example.test";
    private static X509Certificate root;
    private static TestSmtpServer server;

    @BeforeAll
    static void start() throws Exception {
        KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
        rsa.initialize(2048);
        KeyPair rootKeys = rsa.generateKeyPair();
        KeyPair leafKeys = rsa.generateKeyPair();
        X500Name rootName = new X500Name("CN=Weak Signature Test Root");
        root = certificate(rootName, rootName, rootKeys.getPublic(), rootKeys.getPrivate(), "SHA256withRSA", true, null);
        X509Certificate leaf = certificate(rootName, new X500Name("CN=" + HOST), leafKeys.getPublic(),
                rootKeys.getPrivate(), "MD5withRSA", false, HOST);
        // SunX509 presents the chain as configured (the PKIX key manager would itself skip an MD5 chain)
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", leafKeys.getPrivate(), "pw".toCharArray(), new X509Certificate[] {leaf, root});
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
        kmf.init(ks, "pw".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        server = new TestSmtpServer(ADDRESS, 0, Mode.NORMAL, ctx);
    }

    @AfterAll
    static void stop() throws Exception {
        server.close();
    }

    private static X509Certificate certificate(X500Name issuer, X500Name subject, PublicKey key, PrivateKey signer,
                                               String algorithm, boolean ca, String dnsName) throws Exception {
        Instant now = Instant.now();
        var b = new JcaX509v3CertificateBuilder(issuer, BigInteger.valueOf(now.toEpochMilli()),
                Date.from(now.minus(Duration.ofHours(1))), Date.from(now.plus(Duration.ofDays(30))), subject, key);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(ca));
        if (dnsName != null) {
            b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName(GeneralName.dNSName, dnsName)));
        }
        return new JcaX509CertificateConverter().getCertificate(b.build(new JcaContentSignerBuilder(algorithm).build(signer)));
    }

    private static DeliveryAttempt attempt() {
        return new DeliveryAttempt(ClientContexts.client(null, List.of()),
                new CertificateVerifier(TrustAnchors.of(List.of(root), "test roots")), "client.example",
                new DeliveryAttempt.Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(5)));
    }

    private static TlsRule rule(OutboundTls setting) {
        return TlsRule.of(setting, List.of(new Reference(HOST, Reference.Source.MX_INSECURE)), false, true);
    }

    private static AttemptResult deliver(OutboundTls setting) {
        return attempt().deliver(HOST, new InetSocketAddress(ADDRESS, server.port()), rule(setting), "a@example.org",
                List.of("b@example.test"),
                () -> new ByteArrayInputStream("Subject: m\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void preferredDeliversEncryptedAndSaysWhyTheCertificateIsNotVerified() {
        int before = server.received().size();
        AttemptResult r = deliver(OutboundTls.PREFERRED);
        assertThat(r.hostFailure()).as(String.valueOf(r.hostFailure())).isNull();
        assertThat(r.handshakeFailedAfter220()).isFalse();
        assertThat(r.tls()).isEqualTo(TlsOutcome.OPPORTUNISTIC);
        assertThat(server.received()).hasSize(before + 1);
        assertThat(server.received().getLast().tls()).isTrue();
        assertThat(r.notes()).anyMatch(n -> n.startsWith("certificate not verified (the setting does not require it): ")
                && n.contains("weak signature algorithm MD5withRSA on 'CN=" + HOST + "'"));
    }

    @Test
    void preferredVerifyDeliversUnverifiedWithTheReason() {
        AttemptResult r = deliver(OutboundTls.PREFERRED_VERIFY);
        assertThat(r.hostFailure()).as(String.valueOf(r.hostFailure())).isNull();
        assertThat(r.tls()).isEqualTo(TlsOutcome.OPPORTUNISTIC);
        assertThat(r.notes()).anyMatch(n -> n.startsWith("unverified TLS: validation-failure: the path to 'CN=Weak Signature"
                + " Test Root' is not valid: Algorithm constraints check failed on disabled algorithm: MD5")
                && n.endsWith("weak signature algorithm MD5withRSA on 'CN=" + HOST + "'"));
    }

    @Test
    void theProbeCompletesTheHandshakeAndRequiredVerifyRefusesForTheVerifiersReason() {
        AttemptResult probe = attempt().probe(HOST, new InetSocketAddress(ADDRESS, server.port()), rule(OutboundTls.PREFERRED));
        assertThat(probe.hostFailure()).isNull();
        assertThat(probe.protocol()).isEqualTo("TLSv1.3");
        assertThat(probe.chain()).hasSize(2);

        AttemptResult strict = deliver(OutboundTls.REQUIRED_VERIFY);
        assertThat(strict.handshakeFailedAfter220()).isFalse();
        assertThat(strict.hostFailure()).startsWith("certificate verification failed: validation-failure:")
                .contains("MD5withRSA");
        assertThat(strict.resultType()).isEqualTo("validation-failure");
    }
}

package org.postern.engine.smtp.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.TlsOutcome;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.TestCa;
import org.postern.engine.testsupport.TestSmtpServer;
import org.postern.engine.testsupport.TestSmtpServer.Mode;
import org.postern.engine.tls.CertificateVerifier;
import org.postern.engine.tls.CertificateVerifier.Reference;
import org.postern.engine.tls.ClientContexts;
import org.postern.engine.trust.TrustAnchors;

/**
 * DLV-2/DLV-3/DLV-6: every TLS setting against every kind of server, over real sockets and real
 * handshakes — deliver encrypted, deliver in clear, or fail the host (defer) with the reason.
 */
class OutboundTlsMatrixTest {

    /** The kinds of server. */
    enum Server { NO_STARTTLS, STARTTLS_REFUSED, HANDSHAKE_FAILS, SELF_SIGNED, WRONG_NAME, EXPIRED, UNTRUSTED_CA, GOOD }

    /** What must happen. */
    enum Expect { CLEAR, ENCRYPTED, UNVERIFIED, VERIFIED, DEFER }

    static final TestCa CA = new TestCa();
    static final TestCa OTHER_CA = new TestCa();
    static final Map<Server, TestSmtpServer> SERVERS = new EnumMap<>(Server.class);

    @BeforeAll
    static void startServers() throws Exception {
        KeyPair keys = KeyPairs.generate(KeyType.EC_P256);
        Instant now = Instant.now();
        X500Name mx = new X500Name("CN=mx.example.test");
        X509Certificate good = issue(CA, keys, mx, List.of("mx.example.test"), now.minusSeconds(3600), now.plusSeconds(86400));
        X509Certificate wrong = issue(CA, keys, new X500Name("CN=other.example.net"), List.of("other.example.net"),
                now.minusSeconds(3600), now.plusSeconds(86400));
        X509Certificate expired = issue(CA, keys, mx, List.of("mx.example.test"), now.minusSeconds(86400 * 10),
                now.minusSeconds(86400));
        X509Certificate untrusted = issue(OTHER_CA, keys, mx, List.of("mx.example.test"), now.minusSeconds(3600),
                now.plusSeconds(86400));
        X509Certificate self = CertificateIssuer.selfSigned(keys, mx, List.of("mx.example.test"), 10);
        for (Server s : Server.values()) {
            TestSmtpServer server = switch (s) {
                case NO_STARTTLS -> new TestSmtpServer("127.0.0.1", Mode.NO_STARTTLS, keys, List.of(good, CA.intermediate));
                case STARTTLS_REFUSED -> new TestSmtpServer("127.0.0.1", Mode.STARTTLS_REFUSED, keys, List.of(good));
                case HANDSHAKE_FAILS -> new TestSmtpServer("127.0.0.1", Mode.HANDSHAKE_FAILS, keys, List.of(good));
                case SELF_SIGNED -> new TestSmtpServer("127.0.0.1", Mode.NORMAL, keys, List.of(self));
                case WRONG_NAME -> new TestSmtpServer("127.0.0.1", Mode.NORMAL, keys, List.of(wrong, CA.intermediate));
                case EXPIRED -> new TestSmtpServer("127.0.0.1", Mode.NORMAL, keys, List.of(expired, CA.intermediate));
                case UNTRUSTED_CA -> new TestSmtpServer("127.0.0.1", Mode.NORMAL, keys, List.of(untrusted, OTHER_CA.intermediate));
                case GOOD -> new TestSmtpServer("127.0.0.1", Mode.NORMAL, keys, List.of(good, CA.intermediate));
            };
            SERVERS.put(s, server);
        }
    }

    static X509Certificate issue(TestCa ca, KeyPair keys, X500Name subject, List<String> names, Instant from, Instant to) {
        return CertificateIssuer.sign(ca.intermediateKeys.getPrivate(), ca.intermediateKeys.getPublic(), ca.intermediateName,
                subject, keys.getPublic(), names, from, to, false);
    }

    @AfterAll
    static void stopServers() throws Exception {
        for (TestSmtpServer s : SERVERS.values()) {
            s.close();
        }
    }

    static DeliveryAttempt attempt() {
        return new DeliveryAttempt(ClientContexts.client(null, List.of()), new CertificateVerifier(TrustAnchors.of(List.of(CA.root), "test roots")),
                "client.example", new DeliveryAttempt.Timeouts(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(5)));
    }

    static final List<Reference> REFS = List.of(new Reference("example.test", Reference.Source.RECIPIENT_DOMAIN),
            new Reference("mx.example.test", Reference.Source.MX_INSECURE));

    static Stream<Arguments> matrix() {
        Expect d = Expect.DEFER;
        Expect c = Expect.CLEAR;
        Map<OutboundTls, Expect[]> rows = new EnumMap<>(OutboundTls.class);
        //                                        NO_STARTTLS REFUSED HANDSHAKE SELF  WRONG  EXPIRED UNTRUSTED GOOD
        rows.put(OutboundTls.NONE, new Expect[] {c, c, c, c, c, c, c, c});
        rows.put(OutboundTls.PREFERRED, new Expect[] {c, c, d, e(), e(), e(), e(), e()});
        rows.put(OutboundTls.REQUIRED, new Expect[] {d, d, d, e(), e(), e(), e(), e()});
        rows.put(OutboundTls.PREFERRED_VERIFY, new Expect[] {c, c, d, u(), u(), u(), u(), Expect.VERIFIED});
        rows.put(OutboundTls.REQUIRED_VERIFY, new Expect[] {d, d, d, d, d, d, d, Expect.VERIFIED});
        rows.put(OutboundTls.REQUIRED_VERIFY_HOSTED, new Expect[] {d, d, d, d, d, d, d, Expect.VERIFIED});
        List<Arguments> args = new ArrayList<>();
        rows.forEach((setting, expects) -> {
            for (Server s : Server.values()) {
                args.add(Arguments.of(setting, s, expects[s.ordinal()]));
            }
        });
        return args.stream();
    }

    private static Expect e() {
        return Expect.ENCRYPTED;
    }

    private static Expect u() {
        return Expect.UNVERIFIED;
    }

    @ParameterizedTest(name = "{0} against {1} → {2}")
    @MethodSource("matrix")
    void settingAgainstServer(OutboundTls setting, Server server, Expect expect) {
        TestSmtpServer s = SERVERS.get(server);
        int before = s.received().size();
        AttemptResult r = attempt().deliver("mx.example.test", new InetSocketAddress("127.0.0.1", s.port()),
                TlsRule.of(setting, REFS, false, false), "a@example.org", List.of("b@example.test"),
                () -> new ByteArrayInputStream("Subject: m\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)));
        switch (expect) {
            case DEFER -> {
                assertThat(r.hostFailure()).as("must not deliver").isNotNull();
                assertThat(s.received()).hasSize(before);
                assertThat(r.resultType()).isEqualTo(switch (server) {
                    case NO_STARTTLS, STARTTLS_REFUSED -> "starttls-not-supported";
                    case HANDSHAKE_FAILS -> "validation-failure";
                    case SELF_SIGNED, UNTRUSTED_CA -> "certificate-not-trusted";
                    case WRONG_NAME -> "certificate-host-mismatch";
                    case EXPIRED -> "certificate-expired";
                    case GOOD -> "none expected";
                });
            }
            case CLEAR -> {
                assertThat(r.hostFailure()).isNull();
                assertThat(r.tls()).isEqualTo(TlsOutcome.NONE);
                assertThat(s.received()).hasSize(before + 1);
                assertThat(s.received().getLast().tls()).isFalse();
                if (setting != OutboundTls.NONE) {
                    assertThat(r.notes()).anyMatch(n -> n.startsWith("downgrade:"));
                }
            }
            case ENCRYPTED, UNVERIFIED, VERIFIED -> {
                assertThat(r.hostFailure()).as(r.hostFailure()).isNull();
                assertThat(s.received()).hasSize(before + 1);
                assertThat(s.received().getLast().tls()).isTrue();
                assertThat(s.received().getLast().sni()).isEqualTo("mx.example.test");
                assertThat(r.protocol()).isEqualTo("TLSv1.3");
                TlsOutcome outcome = switch (expect) {
                    case ENCRYPTED -> setting.requiresTls() ? TlsOutcome.REQUIRED : TlsOutcome.OPPORTUNISTIC;
                    case UNVERIFIED -> TlsOutcome.OPPORTUNISTIC;
                    // the name matched only the MX host from insecure DNS: "trusted" under Verify Hosted Domain
                    default -> setting == OutboundTls.REQUIRED_VERIFY_HOSTED ? TlsOutcome.TRUSTED : TlsOutcome.VERIFIED;
                };
                if (expect == Expect.UNVERIFIED) {
                    assertThat(r.notes()).anyMatch(n -> n.startsWith("unverified TLS:"));
                }
                assertThat(r.tls()).isEqualTo(outcome);
            }
        }
    }

    @Test
    void aMatchOnTheRecipientDomainIsVerifiedNotMerelyTrusted() {
        TestSmtpServer s = SERVERS.get(Server.GOOD);
        List<Reference> refs = List.of(new Reference("mx.example.test", Reference.Source.RECIPIENT_DOMAIN));
        AttemptResult r = attempt().deliver("mx.example.test", new InetSocketAddress("127.0.0.1", s.port()),
                TlsRule.of(OutboundTls.REQUIRED_VERIFY_HOSTED, refs, false, false), "a@example.org", List.of("b@mx.example.test"),
                () -> new ByteArrayInputStream("x\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.tls()).isEqualTo(TlsOutcome.VERIFIED);
    }

    @Test
    void perRecipientRepliesAreKeptApart() {
        TestSmtpServer s = SERVERS.get(Server.GOOD);
        AttemptResult r = attempt().deliver("mx.example.test", new InetSocketAddress("127.0.0.1", s.port()),
                TlsRule.of(OutboundTls.PREFERRED, REFS, false, false), "a@example.org",
                List.of("ok@example.test", "unknown@example.test", "busy@example.test"),
                () -> new ByteArrayInputStream(".leading dot\r\nbody\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertThat(r.recipients()).extracting(AttemptResult.RecipientResult::status)
                .containsExactly(AttemptResult.Status.PERMANENT, AttemptResult.Status.TEMPORARY, AttemptResult.Status.DELIVERED);
        assertThat(s.received().getLast().data()).isEqualTo(".leading dot\r\nbody\r\n");
    }

    @Test
    void ehloRejectedHugeRepliesAndSilentServersFailTheHost() throws Exception {
        try (TestSmtpServer rejected = new TestSmtpServer("127.0.0.1", Mode.EHLO_REJECTED, null, List.of());
             TestSmtpServer huge = new TestSmtpServer("127.0.0.1", Mode.HUGE_EHLO, null, List.of());
             TestSmtpServer silent = new TestSmtpServer("127.0.0.1", Mode.SILENT, null, List.of())) {
            AttemptResult r = attempt().deliver("mx.example.test", new InetSocketAddress("127.0.0.1", rejected.port()),
                    TlsRule.of(OutboundTls.REQUIRED, REFS, false, false), "a@example.org", List.of("b@example.test"),
                    () -> new ByteArrayInputStream("x\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(r.hostFailure()).isEqualTo("TLS is required but the remote does not speak ESMTP (EHLO rejected)");
            assertThat(r.resultType()).isEqualTo("starttls-not-supported");

            AttemptResult h = attempt().deliver("mx.example.test", new InetSocketAddress("127.0.0.1", huge.port()),
                    TlsRule.of(OutboundTls.PREFERRED, REFS, false, false), "a@example.org", List.of("b@example.test"),
                    () -> new ByteArrayInputStream("x\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(h.hostFailure()).contains("reply longer than 200 lines");

            long start = System.nanoTime();
            AttemptResult q = attempt().deliver("mx.example.test", new InetSocketAddress("127.0.0.1", silent.port()),
                    TlsRule.of(OutboundTls.PREFERRED, REFS, false, false), "a@example.org", List.of("b@example.test"),
                    () -> new ByteArrayInputStream("x\r\n".getBytes(StandardCharsets.US_ASCII)));
            assertThat(q.hostFailure()).contains("Read timed out");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        }
    }

    @Test
    void bytesTheServerSentAfterIts220AreDiscarded() throws Exception {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        X509Certificate cert = CertificateIssuer.selfSigned(k, new X500Name("CN=mx.example.test"), List.of("mx.example.test"), 2);
        try (TestSmtpServer s = new TestSmtpServer("127.0.0.1", Mode.INJECT_AFTER_220, k, List.of(cert))) {
            AttemptResult r = attempt().deliver("mx.example.test", new InetSocketAddress("127.0.0.1", s.port()),
                    TlsRule.of(OutboundTls.REQUIRED, REFS, false, false), "a@example.org", List.of("b@example.test"),
                    () -> new ByteArrayInputStream("x\r\n".getBytes(StandardCharsets.US_ASCII)));
            // had the forged "250 …" survived, the handshake would read it as TLS data or EHLO would take it as its reply
            assertThat(r.hostFailure()).as(r.hostFailure()).isNull();
            assertThat(r.tls()).isEqualTo(TlsOutcome.REQUIRED);
            assertThat(r.recipients()).extracting(AttemptResult.RecipientResult::status).containsExactly(AttemptResult.Status.DELIVERED);
            assertThat(s.received()).singleElement().satisfies(m -> {
                assertThat(m.tls()).isTrue();
                assertThat(m.data()).isEqualTo("x\r\n");
            });
        }
    }
}

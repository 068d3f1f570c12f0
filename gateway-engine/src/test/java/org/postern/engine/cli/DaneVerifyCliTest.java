package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.KeyType;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.testsupport.TestDnsServer;
import org.postern.engine.testsupport.TestSmtpServer;

/**
 * ADM-3, DANE-7: {@code postern daneverify} and the DANE part of {@code tlsverify} over a signed
 * test zone and real handshakes: the DNSSEC status of each lookup, the TLSA records and their
 * fate, the chain, the verdict, and exit 1 when delivery would not happen.
 */
class DaneVerifyCliTest {

    @TempDir
    Path data;
    TestDnsServer dns;
    TestSmtpServer good;
    TestSmtpServer bad;
    String spki;

    CliRun cli(String... args) {
        return CliRun.of(data.resolve("engine"), args);
    }

    @BeforeEach
    void start() throws Exception {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        X509Certificate self = CertificateIssuer.selfSigned(k, new X500Name("CN=somewhere.example.net"),
                List.of("somewhere.example.net"), 5);
        good = new TestSmtpServer("127.0.2.40", TestSmtpServer.Mode.NORMAL, k, List.of(self));
        bad = new TestSmtpServer("127.0.2.41", TestSmtpServer.Mode.NORMAL, k, List.of(self));
        spki = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(k.getPublic().getEncoded()));
        dns = TestDnsServer.builder()
                .zone(".", true)
                .zone("test.", true)
                .zone("cli.test.", true,
                        "mx-good A 127.0.2.40", "_" + good.port() + "._tcp.mx-good TLSA 3 1 1 " + spki,
                        "_" + good.port() + "._tcp.mx-good TLSA 1 1 1 " + spki,
                        "mx-bad A 127.0.2.41", "_" + bad.port() + "._tcp.mx-bad TLSA 3 1 1 " + "ab".repeat(32),
                        "mx-plain A 127.0.2.40")
                .start();
        Path anchor = data.resolve("root.anchor");
        Files.writeString(anchor, dns.rootTrustAnchor() + "\n");
        CliRun set = cli("dnsconfig", "--resolver", dns.hostPort(), "--dnssec", "validate", "--trust-anchor", anchor.toString());
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(cli("destconfig", "default", "--dane", "opportunistic").exit()).isZero();
        cli("destconfig", "new", "--domain", "good.example", "--route", "mx-good.cli.test:" + good.port());
        cli("destconfig", "new", "--domain", "bad.example", "--route", "mx-bad.cli.test:" + bad.port());
        cli("destconfig", "new", "--domain", "plain.example", "--route", "mx-plain.cli.test:" + good.port(), "--dane", "none");
    }

    @AfterEach
    void stop() throws Exception {
        dns.close();
        good.close();
        bad.close();
    }

    @Test
    void daneverifyShowsLookupsRecordsChainAndADaneVerdict() {
        CliRun r = cli("daneverify", "good.example");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).contains(
                "destination good.example: entry good.example, TLS preferred, DANE opportunistic",
                "host mx-good.cli.test [127.0.2.40:" + good.port() + "]",
                "lookup mx-good.cli.test A/AAAA: secure",
                "lookup _" + good.port() + "._tcp.mx-good.cli.test TLSA: secure",
                "TLSA 3 1 1 " + spki + " — DANE-EE(3) SPKI(1) SHA2-256(1): used, matched the certificate at depth 0",
                "TLSA 1 1 1 " + spki + " — PKIX-EE(1) SPKI(1) SHA2-256(1): unusable: usage 1 (PKIX-EE) is unusable for SMTP",
                "DANE: secure usable TLSA records: DANE authentication required",
                "certificate [depth 0]: CN=somewhere.example.net",
                "verdict: would deliver with TLS DANE-authenticated",
                "delivery would happen");
        assertThat(good.received()).isEmpty();
    }

    @Test
    void daneverifyExitsOneWhenDaneFails() {
        CliRun r = cli("daneverify", "bad.example");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).contains("TLSA 3 1 1 " + "ab".repeat(32) + " — DANE-EE(3) SPKI(1) SHA2-256(1): used, matched nothing",
                "verdict: would not deliver: DANE authentication failed: no usable TLSA record matches the presented chain",
                "[tlsa-invalid]", "delivery would NOT happen");
        assertThat(r.err()).isEqualTo("postern: delivery to bad.example would not happen (TLS preferred, DANE opportunistic)\n");
        // tlsverify reaches the same verdict through the same code
        CliRun t = cli("tlsverify", "bad.example");
        assertThat(t.exit()).isEqualTo(1);
        assertThat(t.out()).contains("[tlsa-invalid]", "lookup _" + bad.port() + "._tcp.mx-bad.cli.test TLSA: secure");
    }

    @Test
    void daneverifyCanJudgeUnderAnotherDaneSetting() {
        CliRun off = cli("daneverify", "plain.example");
        assertThat(off.exit()).isZero();
        assertThat(off.out()).contains("DANE none", "DANE: off for this destination", "note: DANE is off for plain.example");
        CliRun mandatory = cli("daneverify", "plain.example", "--dane", "mandatory");
        assertThat(mandatory.exit()).isEqualTo(1);
        assertThat(mandatory.out()).contains("lookup _" + good.port() + "._tcp.mx-plain.cli.test TLSA: secure — no records",
                "would not deliver: host not used: DANE is mandatory but mx-plain.cli.test has no secure TLSA RRset",
                "[dane-required]");
        assertThat(cli("daneverify", "plain.example", "--dane", "sometimes").err()).contains("unknown DANE setting 'sometimes'");
    }

    @Test
    void bothProbesHaveHelp() {
        CliRun d = cli("daneverify", "--help");
        assertThat(d.exit()).isZero();
        assertThat(d.out()).contains("Usage: postern daneverify", "--dane=SETTING", "Exits 1 when delivery would not happen");
        assertThat(cli("tlsverify", "--help").out()).contains("Usage: postern tlsverify", "--setting");
    }
}

package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.KeyPair;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.KeyType;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.testsupport.TestSmtpServer;

/** ADM-3: destconfig, alertconfig and tlsverify from the command line. */
class OutboundCliTest {

    @TempDir
    Path data;

    CliRun cli(String... args) {
        return CliRun.of(data, args);
    }

    @Test
    void destconfigManagesEntriesAndGlobalSettings() {
        assertThat(cli("destconfig", "list").out()).contains("default", "preferred", "client certificate: none",
                "required-TLS alert: off", "DANE alert: off");
        CliRun added = cli("destconfig", "new", "--domain", ".example.com", "--tls", "required-verify", "--max-connections", "5");
        assertThat(added.exit()).as(added.err()).isZero();
        assertThat(cli("destconfig", "new", "--domain", "partner.example", "--tls", "none", "--dane", "mandatory").err())
                .isEqualTo("postern: DANE cannot be mandatory where the TLS setting is none\n");
        assertThat(cli("destconfig", "new", "--domain", "bad_domain", "--tls", "none").err()).contains("'bad_domain'");
        assertThat(cli("destconfig", "new", "--domain", "x.example", "--tls", "sometimes").exit()).isEqualTo(1);
        assertThat(cli("destconfig", "edit", "--domain", ".example.com", "--route", "127.0.0.1:2525").exit()).isZero();
        assertThat(cli("destconfig", "default", "--tls", "required").exit()).isZero();
        assertThat(cli("destconfig", "setup", "--certificate", "Demo", "--alert", "true", "--queue-lifetime", "48").exit()).isZero();
        assertThat(cli("destconfig", "setup", "--certificate", "nope").err()).isEqualTo("postern: no certificate named 'nope'\n");
        CliRun list = cli("destconfig", "list");
        assertThat(list.out()).contains(".example.com", "required-verify", "127.0.0.1:2525", "client certificate: Demo",
                "required-TLS alert: on", "queue lifetime: 48 h", "DANE alert: off");
        assertThat(cli("destconfig", "setup", "--dane-alert", "true").exit()).isZero();
        assertThat(cli("destconfig", "list").out()).contains("required-TLS alert: on", "DANE alert: on");
        assertThat(cli("destconfig", "setup", "--dane-alert", "maybe").exit()).isEqualTo(2);
        assertThat(cli("print").out()).contains("outbound client certificate");
        assertThat(cli("destconfig", "delete", "--domain", "default").exit()).isEqualTo(1);
        assertThat(cli("destconfig", "delete", "--domain", ".example.com").exit()).isZero();
    }

    @Test
    void alertconfigAddsListsAndRemoves() {
        assertThat(cli("alertconfig", "new", "--address", "ops@example.org").exit()).isZero();
        assertThat(cli("alertconfig", "new", "--address", "sec@example.org", "--type", "security", "--severity", "critical").exit()).isZero();
        assertThat(cli("alertconfig", "list").out()).contains("ops@example.org system warning", "sec@example.org security critical");
        assertThat(cli("alertconfig", "new", "--address", "not-an-address").err()).contains("not-an-address");
        assertThat(cli("alertconfig", "new", "--address", "a@example.org", "--severity", "loud").err()).contains("unknown severity 'loud'");
        assertThat(cli("alertconfig", "delete", "--address", "ops@example.org").exit()).isZero();
        assertThat(cli("alertconfig", "list").out()).doesNotContain("ops@example.org");
    }

    @Test
    void tlsverifyShowsTheChainAndTheVerdictAndExitsNonZeroWhenDeliveryWouldNotHappen() throws Exception {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        var self = CertificateIssuer.selfSigned(k, new X500Name("CN=mx.probe.test"), List.of("mx.probe.test"), 5);
        try (TestSmtpServer server = new TestSmtpServer("127.0.0.1", TestSmtpServer.Mode.NORMAL, k, List.of(self))) {
            cli("destconfig", "new", "--domain", "probe.test", "--tls", "required", "--route", "127.0.0.1:" + server.port());
            CliRun ok = cli("tlsverify", "probe.test");
            assertThat(ok.exit()).as(ok.out() + ok.err()).isZero();
            assertThat(ok.out()).contains("destination probe.test: entry probe.test, TLS required", "STARTTLS: TLSv1.3",
                    "certificate [depth 0]: CN=mx.probe.test", "verdict: would deliver with TLS required (unverified)");
            CliRun strict = cli("tlsverify", "probe.test", "--setting", "required-verify");
            assertThat(strict.exit()).isEqualTo(1);
            assertThat(strict.out()).contains("would not deliver: certificate verification failed", "[certificate-not-trusted]");
            assertThat(strict.err()).contains("delivery to probe.test would not happen under TLS required-verify");
            assertThat(server.received()).isEmpty();
        }
    }
}

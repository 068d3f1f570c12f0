package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.testsupport.TestDnsServer;

/** DANE-7 from the command line: the rollover pair, and certificate changes refused unless confirmed. */
class RolloverCliTest {

    static final Pattern LINE = Pattern.compile("_25\\._tcp\\.mx1\\.example\\.test\\. IN TLSA 3 1 1 ([0-9a-f]{64})");

    @TempDir
    Path data;
    TestDnsServer dns;

    CliRun cli(String... args) {
        return CliRun.of(data, args);
    }

    @AfterEach
    void stop() {
        if (dns != null) {
            dns.close();
        }
    }

    void serveSignedZone(String... tlsa) throws Exception {
        String[] records = new String[tlsa.length + 1];
        records[0] = "mx1 A 127.0.5.1";
        for (int i = 0; i < tlsa.length; i++) {
            records[i + 1] = "_25._tcp.mx1 TLSA 3 1 1 " + tlsa[i];
        }
        dns = TestDnsServer.builder().zone(".", true).zone("test.", true).zone("example.test.", true, records).start();
        Path anchor = data.resolveSibling(data.getFileName() + "-root.ds");
        Files.writeString(anchor, dns.rootTrustAnchor() + "\n");
        CliRun set = cli("dnsconfig", "--resolver", dns.hostPort(), "--dnssec", "validate",
                "--trust-anchor", anchor.toString());
        assertThat(set.exit()).as(set.err()).isZero();
    }

    @Test
    void theRolloverPairThenASwitchRefusedUntilConfirmed() throws Exception {
        for (String name : List.of("old", "next")) {
            assertThat(cli("certconfig", "create", "--name", name, "--cn", "mx1.example.test", "--key", "ec-p256").exit())
                    .isZero();
        }
        CliRun pair = cli("certconfig", "tlsa", "--name", "old", "--next", "next");
        assertThat(pair.exit()).as(pair.err()).isZero();
        Matcher m = LINE.matcher(pair.out());
        assertThat(m.find()).as(pair.out()).isTrue();
        String oldHex = m.group(1);
        assertThat(m.find()).as(pair.out()).isTrue();
        String nextHex = m.group(1);
        assertThat(oldHex).isNotEqualTo(nextHex);
        assertThat(pair.out()).startsWith("; current: 'old'\n").contains("; next: 'next'\n");
        assertThat(pair.err()).contains("publish both records, wait at least twice the TLSA TTL");
        assertThat(cli("certconfig", "tlsa", "--name", "old").out().strip())
                .isEqualTo("_25._tcp.mx1.example.test. IN TLSA 3 1 1 " + oldHex);

        serveSignedZone(oldHex);
        CliRun bind = cli("listenerconfig", "edit", "--name", "IncomingMail", "--certificate", "old");
        assertThat(bind.exit()).as(bind.err()).isZero();

        CliRun refused = cli("listenerconfig", "edit", "--name", "IncomingMail", "--certificate", "next");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).startsWith("postern: after this change the TLSA records published for this gateway"
                        + " no longer match its certificate")
                .contains("_25._tcp.mx1.example.test (secure): the new certificate matches none of the 1 usable record(s)",
                        "published: IN TLSA 3 1 1 " + oldHex,
                        "_25._tcp.mx1.example.test. IN TLSA 3 1 1 " + nextHex,
                        "nothing was changed; repeat with --ignore-tlsa-check to proceed anyway");
        assertThat(cli("listenerconfig", "list").out()).contains("certificate old");

        CliRun renew = cli("certconfig", "renew", "--name", "old", "--days", "30");
        assertThat(renew.exit()).as(renew.err()).isZero();
        assertThat(renew.err()).isEmpty();

        CliRun forced = cli("listenerconfig", "edit", "--name", "IncomingMail", "--certificate", "next",
                "--ignore-tlsa-check");
        assertThat(forced.exit()).as(forced.err()).isZero();
        assertThat(forced.err()).contains("warning: after this change the TLSA records");
        assertThat(cli("listenerconfig", "list").out()).contains("certificate next");
    }

    @Test
    void aFailedLookupRefusesTheRenewalAndTheHelpNamesTheOption() throws Exception {
        assertThat(cli("certconfig", "create", "--name", "old", "--cn", "mx1.example.test", "--key", "ec-p256").exit())
                .isZero();
        assertThat(cli("listenerconfig", "edit", "--name", "IncomingMail", "--certificate", "old",
                "--ignore-tlsa-check").exit()).isZero();
        dns = TestDnsServer.builder().zone(".", true).zone("test.", true)
                .zone("example.test.", true, "mx1 A 127.0.5.1").servfail("_25._tcp.mx1.example.test.").start();
        Path anchor = data.resolveSibling(data.getFileName() + "-root.ds");
        Files.writeString(anchor, dns.rootTrustAnchor() + "\n");
        assertThat(cli("dnsconfig", "--resolver", dns.hostPort(), "--dnssec", "validate",
                "--trust-anchor", anchor.toString()).exit()).isZero();

        CliRun renew = cli("certconfig", "renew", "--name", "old");
        assertThat(renew.exit()).isEqualTo(1);
        assertThat(renew.err()).startsWith("postern: the TLSA records for 'old' could not be checked")
                .contains("could not check: the TLSA lookup failed", "--ignore-tlsa-check");
        CliRun forced = cli("certconfig", "renew", "--name", "old", "--ignore-tlsa-check");
        assertThat(forced.exit()).as(forced.err()).isZero();

        CliRun help = cli("certconfig", "renew", "--help");
        assertThat(help.out()).as(help.exit() + help.err()).contains("--ignore-tlsa-check",
                "DANE senders then defer");
        assertThat(cli("certconfig", "upload", "--help").out()).contains("--ignore-tlsa-check");
        assertThat(cli("listenerconfig", "edit", "--help").out()).contains("--ignore-tlsa-check");
        assertThat(cli("certconfig", "tlsa", "--help").out()).contains("--next=NAME", "--next-file=FILE");
    }
}

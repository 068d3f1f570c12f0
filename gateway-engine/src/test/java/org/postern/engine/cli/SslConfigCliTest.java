package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** TLS-1 / ADM-3: {@code postern sslconfig} shows, sets and resets the per-direction TLS policy; exit 0, 1, 2. */
class SslConfigCliTest {

    @TempDir
    Path data;

    CliRun cli(String... args) {
        return CliRun.of(data, args);
    }

    @Test
    void showPrintsTheDefaultsAndWhatIsSupported() {
        CliRun show = cli("sslconfig", "show");
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("inbound (default):\n  protocols: TLSv1.3,TLSv1.2\n  ciphers:   TLS_AES_128_GCM_SHA256,",
                "outbound (default):", "supported protocols: TLSv1.3,TLSv1.2", "supported ciphers:   TLS_AES_128_GCM_SHA256,")
                .doesNotContain("CBC");
    }

    @Test
    void inboundAndOutboundAreSetSeparatelyAndStored() {
        CliRun in = cli("sslconfig", "inbound", "--protocols", "TLSv1.3");
        assertThat(in.exit()).as(in.err()).isZero();
        assertThat(in.out()).startsWith("inbound:\n  protocols: TLSv1.3\n");
        CliRun out = cli("sslconfig", "outbound", "--protocols", "tlsv1.2",
                "--ciphers", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384");
        assertThat(out.exit()).as(out.err()).isZero();
        CliRun show = cli("sslconfig", "show");
        assertThat(show.out()).contains("inbound:\n  protocols: TLSv1.3\n",
                "outbound:\n  protocols: TLSv1.2\n  ciphers:   TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384,TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384\n");
        CliRun reset = cli("sslconfig", "reset", "outbound");
        assertThat(reset.exit()).isZero();
        assertThat(cli("sslconfig", "show").out()).contains("inbound:\n", "outbound (default):");
        assertThat(cli("sslconfig", "reset").exit()).isZero();
        assertThat(cli("sslconfig", "show").out()).contains("inbound (default):", "outbound (default):");
    }

    @Test
    void refusalsExitOneWithAOneLineReasonAndChangeNothing() {
        CliRun legacy = cli("sslconfig", "inbound", "--protocols", "TLSv1.2,TLSv1.1");
        assertThat(legacy.exit()).isEqualTo(1);
        assertThat(legacy.err()).startsWith("postern: protocol TLSv1.1 is refused").endsWith("TLSv1.3, TLSv1.2\n")
                .hasLineCount(1);
        CliRun cbc = cli("sslconfig", "outbound", "--ciphers", "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256");
        assertThat(cbc.exit()).isEqualTo(1);
        assertThat(cbc.err()).startsWith("postern: cipher suite TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 uses CBC (not AEAD)");
        CliRun unknown = cli("sslconfig", "inbound", "--ciphers", "FOO");
        assertThat(unknown.err()).startsWith("postern: unknown cipher suite 'FOO'").contains("TLS_AES_128_GCM_SHA256");
        CliRun onlyTls13Suites = cli("sslconfig", "inbound", "--protocols", "TLSv1.2", "--ciphers", "TLS_AES_128_GCM_SHA256");
        assertThat(onlyTls13Suites.exit()).isEqualTo(1);
        assertThat(onlyTls13Suites.err()).startsWith("postern: TLSv1.2 is enabled but no TLSv1.2 cipher suite is");
        assertThat(cli("sslconfig", "show").out()).contains("inbound (default):", "outbound (default):");
    }

    @Test
    void usageErrorsExitTwoAndEverySubcommandHasHelp() {
        assertThat(cli("sslconfig").exit()).isEqualTo(2);
        assertThat(cli("sslconfig", "inbound").exit()).isEqualTo(2);
        assertThat(cli("sslconfig", "reset", "sideways").exit()).isEqualTo(2);
        assertThat(cli("sslconfig", "show", "--bogus").exit()).isEqualTo(2);
        for (String sub : new String[] {"show", "inbound", "outbound", "reset"}) {
            CliRun help = cli("sslconfig", sub, "--help");
            assertThat(help.exit()).as(sub).isZero();
            assertThat(help.out()).as(sub).contains("Usage: postern sslconfig " + sub);
        }
        assertThat(cli("sslconfig", "--help").out()).contains("RFC 8996", "next", "connection");
    }
}

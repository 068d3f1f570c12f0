package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ADM-3 / DANE-2: {@code postern dnsconfig} stores only settings the resolver can use. */
class DnsConfigCliTest {

    @TempDir
    Path data;

    CliRun cli(String... args) {
        return CliRun.of(data, args);
    }

    @Test
    void aResolverThatIsNoAddressIsRefusedAndNothingChanges() {
        CliRun set = cli("dnsconfig", "--resolver", "127.0.14.53:5353", "--dnssec", "validate");
        assertThat(set.exit()).as(set.err()).isZero();
        assertThat(set.out()).contains("resolvers: 127.0.14.53:5353\n", "dnssec: validate\n");

        CliRun bad = cli("dnsconfig", "--resolver", "not_an_address.invalid", "--dnssec", "trust-ad");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("postern: bad resolver address:"
                + " 'not_an_address.invalid' is not an IP address (give a resolver as ADDRESS or ADDRESS:PORT, IPv6 as [ADDRESS]:PORT)\n");
        assertThat(cli("dnsconfig", "--resolver", "127.0.0.1:dns").err()).isEqualTo("postern: bad resolver address: bad port in 127.0.0.1:dns\n");

        assertThat(cli("dnsconfig").out()).contains("resolvers: 127.0.14.53:5353\n", "dnssec: validate\n");
    }
}

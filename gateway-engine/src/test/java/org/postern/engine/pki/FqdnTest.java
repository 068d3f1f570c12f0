package org.postern.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.postern.engine.api.PosternException;

/** CERT-3 FQDN rules, table-driven. */
class FqdnTest {

    @ParameterizedTest
    @ValueSource(strings = {"mail.example.com", "example.com", "MX1.Example.COM", "*.example.com",
            "xn--bcher-kva.example", "a-b.example.org", "1.example.com", "a.b.c.d.e.example"})
    void accepts(String name) {
        assertThat(Fqdn.problem(name)).isEmpty();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "localhost|not fully qualified",
            "mail|not fully qualified",
            "mail.example.com.|ends with a dot",
            "*.com|wildcard directly under a top-level domain",
            "mail.*.example.com|wildcard that is not the whole leftmost label",
            "w*.example.com|wildcard that is not the whole leftmost label",
            "-mail.example.com|characters other than",
            "mail-.example.com|characters other than",
            "mail_1.example.com|characters other than",
            "mail..example.com|empty label",
            "192.168.1.1|all-numeric top-level label",
            "bücher.example|non-ASCII",
            "my gateway.example.com|characters other than"})
    void refusesWithReason(String name, String reason) {
        assertThat(Fqdn.problem(name)).get().asString().contains(reason);
    }

    @org.junit.jupiter.api.Test
    void refusesOverlongLabelAndName() {
        assertThat(Fqdn.problem("a".repeat(64) + ".example.com")).get().asString().contains("longer than 63");
        assertThat(Fqdn.problem(("a".repeat(60) + ".").repeat(5) + "com")).get().asString().contains("253");
    }

    @org.junit.jupiter.api.Test
    void requireNamesTheOffendingValue() {
        assertThatThrownBy(() -> Fqdn.require("common name", "mail"))
                .isInstanceOf(PosternException.class)
                .hasMessage("common name 'mail' is not a valid fully-qualified domain name: it is not fully qualified (needs at least two labels)");
    }
}

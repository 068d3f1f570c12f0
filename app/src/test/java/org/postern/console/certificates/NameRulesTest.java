package org.postern.console.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NameRulesTest {

    @Test
    void fqdnRules() {
        assertThat(NameRules.fqdnProblem("mail.example.com")).isNull();
        assertThat(NameRules.fqdnProblem("mail.example.com.")).isNull();
        assertThat(NameRules.fqdnProblem("*.example.com")).isNull();
        assertThat(NameRules.fqdnProblem("mail")).contains("not fully qualified");
        assertThat(NameRules.fqdnProblem("m*il.example.com")).contains("wildcard");
        assertThat(NameRules.fqdnProblem("a.*.example.com")).contains("wildcard");
        assertThat(NameRules.fqdnProblem("*.com")).contains("wildcard");
        assertThat(NameRules.fqdnProblem("-bad.example.com")).contains("-bad");
        assertThat(NameRules.fqdnProblem("10.0.0.1")).contains("numeric");
        assertThat(NameRules.fqdnProblem("under_score.example.com")).contains("under_score");
    }

    @Test
    void countries() {
        assertThat(NameRules.countryProblem("")).isNull();
        assertThat(NameRules.countryProblem("de")).isNull();
        assertThat(NameRules.countryProblem("CN")).isNull();
        assertThat(NameRules.countryProblem("DEU")).contains("two-letter");
        assertThat(NameRules.countryProblem("XX")).contains("not an ISO 3166");
    }

    @Test
    void namesSplitOnCommasSpacesAndLines() {
        assertThat(NameRules.splitNames("a.example.com, b.example.com\nc.example.com  a.example.com"))
                .containsExactly("a.example.com", "b.example.com", "c.example.com");
        assertThat(NameRules.splitNames("  ")).isEmpty();
    }
}

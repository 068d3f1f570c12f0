package org.postern.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postern.engine.api.KeyType;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;

/** RFC 6125 name-matching vectors (DLV-2, DLV-3), table-driven. */
class NameMatcherTest {

    @ParameterizedTest(name = "{0} vs {1} → {2}")
    @CsvSource(delimiter = '|', value = {
            "mx.example.com|mx.example.com|true",
            "MX.Example.COM|mx.example.com|true",
            "mx.example.com.|mx.example.com|true",
            "mx.example.com|mx.example.com.|true",
            "*.example.com|mx.example.com|true",
            "*.example.com|MX.EXAMPLE.COM.|true",
            "*.example.com|example.com|false",
            "*.example.com|a.b.example.com|false",
            "*.com|example.com|false",
            "w*.example.com|www.example.com|false",
            "*w.example.com|ww.example.com|false",
            "mx.*.example.com|mx.a.example.com|false",
            "xn--bcher-kva.example|bücher.example|true",
            "*.xn--bcher-kva.example|mx.bücher.example|true",
            "xn--bcher-kva.example|xn--bcher-kva.example|true",
            "mx.example.com|mx.example.org|false",
            "mx.example.com|x.mx.example.com|false"})
    void vectors(String presented, String reference, boolean matches) {
        assertThat(NameMatcher.match(List.of(presented), reference) != null).isEqualTo(matches);
    }

    static X509Certificate cert(String cn, List<String> sans) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        return CertificateIssuer.selfSigned(k, new X500Name("CN=" + cn), sans, 1);
    }

    @Test
    void cnOnlyCertificatesMatchUnderBothRules() {
        X509Certificate c = cert("mx.example.com", List.of());
        assertThat(NameMatcher.presentedIdentifiers(c, NameMatcher.Rule.RFC6125)).containsExactly("mx.example.com");
        assertThat(NameMatcher.presentedIdentifiers(c, NameMatcher.Rule.CN_OR_SAN)).containsExactly("mx.example.com");
    }

    @Test
    void whenASanIsPresentRfc6125IgnoresTheCn() {
        X509Certificate c = cert("legacy.example.com", List.of("mx.example.com"));
        assertThat(NameMatcher.match(NameMatcher.presentedIdentifiers(c, NameMatcher.Rule.RFC6125), "legacy.example.com")).isNull();
        assertThat(NameMatcher.match(NameMatcher.presentedIdentifiers(c, NameMatcher.Rule.CN_OR_SAN), "legacy.example.com"))
                .isEqualTo("legacy.example.com");
    }
}

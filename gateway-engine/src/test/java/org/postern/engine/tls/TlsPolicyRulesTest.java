package org.postern.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;

/** TLS-1: what a protocol/cipher policy may contain, and the messages for what it may not. */
class TlsPolicyRulesTest {

    static TlsPolicy policy(List<String> protocols, List<String> suites) {
        return new TlsPolicy(protocols, suites);
    }

    @Test
    void defaultsAreTls12And13WithForwardSecretAeadSuitesOnly() {
        TlsPolicy d = TlsPolicyRules.defaults();
        assertThat(d.protocols()).containsExactly("TLSv1.3", "TLSv1.2");
        assertThat(d.cipherSuites()).startsWith("TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256")
                .contains("TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
                        "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256")
                .allMatch(s -> s.matches("TLS_(AES|CHACHA20)_.*|TLS_ECDHE_(ECDSA|RSA)_WITH_.*(_GCM_|CHACHA20_POLY1305).*"))
                .noneMatch(s -> s.contains("CBC") || s.startsWith("TLS_RSA_") || s.startsWith("TLS_DHE_"));
        assertThat(TlsPolicyRules.validate(d)).isEqualTo(d);
    }

    @Test
    void namesAreCanonicalisedAndDuplicatesDropped() {
        TlsPolicy p = TlsPolicyRules.validate(policy(List.of("tlsv1.2", " TLSv1.2"),
                List.of("tls_ecdhe_rsa_with_aes_128_gcm_sha256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")));
        assertThat(p).isEqualTo(policy(List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256")));
    }

    @Test
    void legacyProtocolsAreRefusedWithTheRfc() {
        for (String legacy : List.of("SSLv3", "TLSv1", "TLSv1.1")) {
            assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of("TLSv1.2", legacy), TlsPolicyRules.defaults().cipherSuites())))
                    .isInstanceOf(PosternException.class)
                    .hasMessageContaining("protocol " + legacy + " is refused").hasMessageContaining("RFC 8996")
                    .hasMessageContaining("this engine supports: TLSv1.3, TLSv1.2");
        }
    }

    @Test
    void unknownNamesAreRefusedListingWhatIsSupported() {
        assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of("TLSv1.4"), TlsPolicyRules.defaults().cipherSuites())))
                .hasMessage("unknown protocol 'TLSv1.4'; this engine supports: TLSv1.3, TLSv1.2");
        assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of("TLSv1.2"), List.of("ECDHE-RSA-AES128-GCM-SHA256"))))
                .hasMessageStartingWith("unknown cipher suite 'ECDHE-RSA-AES128-GCM-SHA256' (use the IANA/JSSE name); this engine supports: ")
                .hasMessageContaining("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
    }

    @Test
    void suitesThatAreNotForwardSecretAeadAreRefusedWithTheReason() {
        assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of("TLSv1.2"), List.of("TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256"))))
                .hasMessageStartingWith("cipher suite TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256 uses CBC (not AEAD)");
        assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of("TLSv1.2"), List.of("TLS_RSA_WITH_AES_128_GCM_SHA256"))))
                .hasMessageContaining("RSA key exchange (no forward secrecy)");
        assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of("TLSv1.2"), List.of("TLS_DHE_RSA_WITH_AES_128_GCM_SHA256"))))
                .hasMessageContaining("is not a forward-secret AEAD suite");
    }

    @Test
    void emptySetsAndProtocolsWithoutASuiteAreRefused() {
        assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of(), TlsPolicyRules.defaults().cipherSuites())))
                .hasMessageStartingWith("at least one protocol is needed");
        assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of("TLSv1.3"), List.of())))
                .hasMessageStartingWith("at least one cipher suite is needed");
        assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of("TLSv1.3", "TLSv1.2"), List.of("TLS_AES_128_GCM_SHA256"))))
                .hasMessageStartingWith("TLSv1.2 is enabled but no TLSv1.2 cipher suite is; add one of: TLS_ECDHE_");
        assertThatThrownBy(() -> TlsPolicyRules.validate(policy(List.of("TLSv1.3"), List.of("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256"))))
                .hasMessageStartingWith("TLSv1.3 is enabled but no TLSv1.3 cipher suite is; add one of: TLS_AES_128_GCM_SHA256");
    }
}

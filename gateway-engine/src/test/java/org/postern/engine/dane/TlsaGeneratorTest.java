package org.postern.engine.dane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.TlsaRequest;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.TestCa;

/** DANE-7 record generation (RFC 6698 §2, RFC 7671, RFC 7672 §3.1.3). */
class TlsaGeneratorTest {

    final TestCa ca = new TestCa();
    final java.security.KeyPair leafKeys = KeyPairs.generate(KeyType.EC_P256);
    final java.security.cert.X509Certificate leaf = CertificateIssuer.sign(ca.intermediateKeys.getPrivate(), ca.intermediateKeys.getPublic(),
            ca.intermediateName, new X500Name("CN=mx1.example.com"), leafKeys.getPublic(), List.of("mx1.example.com"),
            java.time.Instant.now(), java.time.Instant.now().plusSeconds(86400), false);

    @Test
    void daneTaNamesTheTopOfTheChain() throws Exception {
        var r = TlsaGenerator.generate(List.of(leaf, ca.intermediate, ca.root), new TlsaRequest(2, 0, 1, "mx1.example.com.", 25));
        assertThat(r.data()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(ca.root.getEncoded())));
        assertThat(r.owner()).isEqualTo("_25._tcp.mx1.example.com.");
        assertThat(r.notes()).anyMatch(n -> n.contains("RFC 7671"));
    }

    @Test
    void daneTaOnAnIncompleteChainNamesTheIntermediateAndSaysSo() {
        var r = TlsaGenerator.generate(List.of(leaf, ca.intermediate), new TlsaRequest(2, 1, 1, "mx1.example.com", 25));
        assertThat(r.notes()).anyMatch(n -> n.contains("chain stops at an intermediate"));
        assertThatThrownBy(() -> TlsaGenerator.generate(List.of(leaf), new TlsaRequest(2, 1, 1, "mx1.example.com", 25)))
                .hasMessageContaining("no CA certificate to publish as a trust anchor");
    }

    @Test
    void pkixUsagesAreMarkedUnusableForSmtp() {
        var r = TlsaGenerator.generate(List.of(leaf), new TlsaRequest(1, 1, 1, "mx1.example.com", 25));
        assertThat(r.notes()).anyMatch(n -> n.contains("unusable for SMTP"));
        var r3 = TlsaGenerator.generate(List.of(leaf), TlsaRequest.daneEe("mx1.example.com"));
        assertThat(r3.notes()).noneMatch(n -> n.contains("unusable"));
        assertThat(r3.data()).hasSize(64);
    }

    @Test
    void refusesUndefinedParametersAndBadHosts() {
        assertThatThrownBy(() -> TlsaGenerator.generate(List.of(leaf), new TlsaRequest(4, 1, 1, "mx1.example.com", 25)))
                .hasMessageContaining("usage 4 is not defined");
        assertThatThrownBy(() -> TlsaGenerator.generate(List.of(leaf), new TlsaRequest(3, 2, 1, "mx1.example.com", 25)))
                .hasMessageContaining("selector 2 is not defined");
        assertThatThrownBy(() -> TlsaGenerator.generate(List.of(leaf), new TlsaRequest(3, 1, 3, "mx1.example.com", 25)))
                .hasMessageContaining("matching type 3 is not defined");
        assertThatThrownBy(() -> TlsaGenerator.generate(List.of(leaf), new TlsaRequest(3, 1, 1, "mx1", 25)))
                .hasMessageContaining("host 'mx1' is not a valid fully-qualified domain name");
        assertThatThrownBy(() -> TlsaGenerator.generate(List.of(leaf), new TlsaRequest(3, 1, 1, "*.example.com", 25)))
                .hasMessageContaining("not a wildcard");
        assertThatThrownBy(() -> TlsaGenerator.generate(List.of(leaf), new TlsaRequest(3, 1, 1, "mx1.example.com", 0)))
                .hasMessageContaining("port 0");
    }
}

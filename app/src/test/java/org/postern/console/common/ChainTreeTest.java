package org.postern.console.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.CertificateView;

/** What each certificate of a chain is called: the end entity is never a "root CA". */
class ChainTreeTest {

    private static CertificateView cert(boolean ca, boolean selfSigned) {
        return new CertificateView("CN=x", selfSigned ? "CN=x" : "CN=issuer", "01", Instant.EPOCH,
                Instant.parse("2030-01-01T00:00:00Z"), List.of(), "ECDSA P-256", "SHA256withECDSA", ca, selfSigned,
                "AA", "BB", "");
    }

    @Test
    void aLeafWithCaTrueIsNotCalledACa() {
        assertThat(ChainTree.role(cert(true, false), true)).isEqualTo("server, CA:TRUE");
        assertThat(ChainTree.role(cert(true, true), true)).isEqualTo("self-signed, CA:TRUE");
        assertThat(ChainTree.role(cert(false, false), true)).isEqualTo("server");
        assertThat(ChainTree.role(cert(false, true), true)).isEqualTo("self-signed");
    }

    @Test
    void aboveTheLeafOnlyASelfSignedCaIsARoot() {
        assertThat(ChainTree.role(cert(true, true), false)).isEqualTo("root CA");
        assertThat(ChainTree.role(cert(true, false), false)).isEqualTo("intermediate CA");
    }
}

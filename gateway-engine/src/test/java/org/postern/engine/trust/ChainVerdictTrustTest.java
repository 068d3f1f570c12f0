package org.postern.engine.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.ChainVerdict;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.Pem;
import org.postern.engine.pki.TestCa;
import org.postern.engine.tls.TestPki;

/** CA-3 through the gateway: the chain verdict (CON-6) of a stored certificate follows the enabled CA lists. */
class ChainVerdictTrustTest {

    @TempDir
    Path dir;

    @Test
    void aFullChainIsCompleteButTrustedOnlyOnceItsRootIsImported() {
        try (EmbeddedGateway gateway = EmbeddedGateway.open(dir)) {
            CertificateApi certs = gateway.certificates();
            certs.createSelfSigned(new NewCertificateRequest(null, "mx2.example.org", List.of(), null, null, null, null,
                    null, 90, KeyType.EC_P256, true));
            TestCa ca = new TestCa();
            X509Certificate signed = ca.sign(certs.certificateSigningRequest("mx2.example.org"));
            certs.uploadSigned("mx2.example.org", TestCa.pem(signed, ca.intermediate, ca.root), null);
            assertThat(certs.details("mx2.example.org").verdict().summary())
                    .isEqualTo("chain complete, not trusted by any enabled CA");
            gateway.caLists().importCustom(TestCa.pem(ca.intermediate, ca.root), false);
            assertThat(certs.details("mx2.example.org").verdict().summary())
                    .isEqualTo("chain complete, trusted by O=Test,CN=Postern Test Intermediate (custom CA list)");
        }
    }

    @Test
    void aStoredChainBecomesTrustedOnceItsCaIsImportedAndEnabled() {
        try (EmbeddedGateway gateway = EmbeddedGateway.open(dir)) {
            CertificateApi certs = gateway.certificates();
            certs.createSelfSigned(new NewCertificateRequest(null, "mx1.example.org", List.of(), null, null, null, null,
                    null, 90, KeyType.EC_P256, true));
            TestCa ca = new TestCa();
            X509Certificate signed = ca.sign(certs.certificateSigningRequest("mx1.example.org"));
            certs.uploadSigned("mx1.example.org", TestCa.pem(signed, ca.intermediate), null);

            ChainVerdict before = certs.details("mx1.example.org").verdict();
            assertThat(before.trusted()).isFalse();
            assertThat(before.complete()).isFalse();
            assertThat(before.summary()).isEqualTo("chain incomplete: the issuer 'O=Test,CN=Postern Test Root' of"
                    + " 'O=Test,CN=Postern Test Intermediate' is missing");
            assertThat(gateway.trustAnchors().roots()).hasSize(gateway.caLists().info(CaList.SYSTEM).count());

            assertThat(gateway.caLists().importCustom(TestCa.pem(ca.root), false)).isEqualTo(1);
            ChainVerdict after = certs.details("mx1.example.org").verdict();
            assertThat(after.trusted()).isTrue();
            assertThat(after.complete()).isTrue();
            assertThat(after.trustedBy()).isEqualTo("O=Test,CN=Postern Test Root (custom CA list)");
            assertThat(after.summary()).isEqualTo("chain complete, trusted by O=Test,CN=Postern Test Root (custom CA list)");

            gateway.caLists().setEnabled(CaList.CUSTOM, false);
            assertThat(certs.details("mx1.example.org").verdict().trusted()).isFalse();
            assertThat(gateway.trustAnchors().trustedPath(List.of(signed, ca.intermediate), java.time.Instant.now()).ok()).isFalse();
            gateway.caLists().setEnabled(CaList.CUSTOM, true);
            assertThat(certs.details("mx1.example.org").verdict().trusted()).isTrue();
        }
        // the import persists
        try (EmbeddedGateway gateway = EmbeddedGateway.open(dir)) {
            assertThat(gateway.certificates().details("mx1.example.org").verdict().trusted()).isTrue();
        }
    }

    /** CA-8: the verdict builds the path as delivery does, so an expired intermediate is not "trusted". */
    @Test
    void aChainThroughAnExpiredIntermediateIsNotTrustedAndSaysWhy() throws Exception {
        try (EmbeddedGateway gateway = EmbeddedGateway.open(dir)) {
            CertificateApi certs = gateway.certificates();
            certs.createSelfSigned(new NewCertificateRequest(null, "mx3.example.org", List.of(), null, null, null, null,
                    null, 90, KeyType.EC_P256, true));
            TestPki.Ca root = TestPki.root("Verdict Root", TestPki.VALID);
            TestPki.Ca expired = TestPki.intermediate(root, "Verdict Intermediate", TestPki.EXPIRED);
            var csr = new org.bouncycastle.pkcs.PKCS10CertificationRequest(
                    Pem.decode(certs.certificateSigningRequest("mx3.example.org")).getFirst().der());
            X509Certificate leaf = CertificateIssuer.sign(expired.keys().getPrivate(), expired.keys().getPublic(),
                    expired.name(), csr.getSubject(),
                    new org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequest(csr).getPublicKey(),
                    List.of("mx3.example.org"), TestPki.VALID.from(), TestPki.VALID.to(), false);
            certs.uploadSigned("mx3.example.org", TestCa.pem(leaf, expired.cert(), root.cert()), null);
            gateway.caLists().importCustom(TestCa.pem(root.cert()), false);

            ChainVerdict v = certs.details("mx3.example.org").verdict();
            assertThat(v.trusted()).isFalse();
            assertThat(v.summary()).startsWith("not trusted: certificate expired on ")
                    .endsWith(": 'O=Test,CN=Verdict Intermediate'");
        }
    }
}

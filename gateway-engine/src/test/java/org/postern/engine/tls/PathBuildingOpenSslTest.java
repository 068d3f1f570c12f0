package org.postern.engine.tls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postern.engine.tls.TestPki.EXPIRED;
import static org.postern.engine.tls.TestPki.VALID;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.pki.Pem;
import org.postern.engine.pki.Tool;
import org.postern.engine.pki.X509;
import org.postern.engine.tls.CertificateVerifier.Reference;
import org.postern.engine.tls.TestPki.Ca;
import org.postern.engine.trust.TrustAnchors;

/**
 * CA-8: Postern builds certificate paths as OpenSSL does. Every case is judged twice on the same
 * files — by {@code openssl verify -CAfile roots.pem -untrusted sent.pem leaf.pem} and by the
 * verifier that delivery and the probe use — and the verdicts must be equal (and as expected).
 */
class PathBuildingOpenSslTest {

    private static final String HOST = "mx.example.test";

    /** One case: what the server sent (its certificate first), the enabled anchors, and the expected verdict. */
    record Case(String name, List<X509Certificate> sent, List<X509Certificate> roots, boolean expectTrusted) {
    }

    @TempDir
    Path dir;

    static List<Case> cases() {
        List<Case> cases = new ArrayList<>();

        Ca root = TestPki.root("Root", VALID);
        Ca inter = TestPki.intermediate(root, "Intermediate", VALID);
        Ca oldInter = TestPki.reissue(root, inter, EXPIRED);
        X509Certificate leaf = TestPki.leaf(inter, HOST, VALID);
        cases.add(new Case("extra expired intermediate (old copy of the issuer) sent first",
                List.of(leaf, oldInter.cert(), inter.cert()), List.of(root.cert()), true));
        Ca stray = TestPki.intermediate(root, "Retired Intermediate", EXPIRED);
        cases.add(new Case("extra unrelated expired intermediate",
                List.of(leaf, inter.cert(), stray.cert()), List.of(root.cert()), true));

        // 2021: ISRG Root X1 (new, in the stores) also cross-signed by DST Root CA X3 (old, expired)
        Ca dst = TestPki.root("Old Root DST", EXPIRED);
        Ca isrg = TestPki.root("New Root ISRG", VALID);
        Ca isrgByDst = TestPki.reissue(dst, isrg, VALID);
        Ca r3 = TestPki.intermediate(isrg, "R3", VALID);
        X509Certificate le = TestPki.leaf(r3, HOST, VALID);
        cases.add(new Case("cross-signed root, old root expired (ISRG X1 / DST X3 2021)",
                List.of(le, r3.cert(), isrgByDst.cert()), List.of(isrg.cert(), dst.cert()), true));

        // 2020: USERTrust (in the stores) cross-signed by AddTrust; the cross-certificate itself expired
        Ca addTrust = TestPki.root("AddTrust External Root", EXPIRED);
        Ca userTrust = TestPki.root("USERTrust RSA", VALID);
        Ca userTrustByAddTrust = TestPki.reissue(addTrust, userTrust, EXPIRED);
        Ca sectigo = TestPki.intermediate(userTrust, "Sectigo RSA DV", VALID);
        X509Certificate st = TestPki.leaf(sectigo, HOST, VALID);
        cases.add(new Case("expired cross-certificate sent (AddTrust 2020)",
                List.of(st, sectigo.cert(), userTrustByAddTrust.cert()), List.of(userTrust.cert()), true));

        Ca upper = TestPki.intermediate(root, "Upper Intermediate", VALID);
        Ca lower = TestPki.intermediate(upper, "Lower Intermediate", VALID);
        X509Certificate deep = TestPki.leaf(lower, HOST, VALID);
        cases.add(new Case("intermediates sent in the wrong order",
                List.of(deep, upper.cert(), lower.cert()), List.of(root.cert()), true));

        cases.add(new Case("leaf only, intermediate missing", List.of(leaf), List.of(root.cert()), false));

        Ca otherRoot = TestPki.root("Other Root", VALID);
        cases.add(new Case("untrusted root (sent, not enabled)", List.of(leaf, inter.cert(), root.cert()),
                List.of(otherRoot.cert()), false));

        X509Certificate expiredLeaf = TestPki.leaf(inter, HOST, EXPIRED);
        cases.add(new Case("expired leaf", List.of(expiredLeaf, inter.cert()), List.of(root.cert()), false));

        Ca oldRoot = TestPki.root("Expired Root", EXPIRED);
        Ca underOld = TestPki.intermediate(oldRoot, "Intermediate Under Expired Root", VALID);
        cases.add(new Case("root expired (the only enabled anchor)",
                List.of(TestPki.leaf(underOld, HOST, VALID), underOld.cert()), List.of(oldRoot.cert()), false));

        X509Certificate forged = TestPki.forgedLeaf(inter, HOST, VALID);
        cases.add(new Case("wrong issuer signature", List.of(forged, inter.cert()), List.of(root.cert()), false));

        Ca partner = TestPki.selfSignedLeaf(HOST, VALID);
        cases.add(new Case("self-signed end-entity certificate that is an anchor (partner)",
                List.of(partner.cert()), List.of(partner.cert()), true));
        X509Certificate underPartner = TestPki.leaf(partner, "other.example.test", VALID);
        cases.add(new Case("certificate issued by a partner certificate (not a CA)",
                List.of(underPartner), List.of(partner.cert()), false));
        return cases;
    }

    @Test
    void posternAgreesWithOpensslVerifyOnEveryCase() throws Exception {
        List<String> table = new ArrayList<>();
        List<String> disagreements = new ArrayList<>();
        table.add(String.format("%-66s %-8s %-8s %s", "case", "openssl", "postern", "postern's reason"));
        int i = 0;
        for (Case c : cases()) {
            Path caseDir = Files.createDirectories(dir.resolve("case" + i++));
            Files.writeString(caseDir.resolve("roots.pem"), Pem.encode(c.roots()), StandardCharsets.US_ASCII);
            Files.writeString(caseDir.resolve("sent.pem"), Pem.encode(c.sent()), StandardCharsets.US_ASCII);
            Files.writeString(caseDir.resolve("leaf.pem"), Pem.encode(c.sent().getFirst()), StandardCharsets.US_ASCII);
            Tool.Result openssl = Tool.run(caseDir, "openssl", "verify", "-CAfile", "roots.pem", "-untrusted", "sent.pem",
                    "leaf.pem");
            boolean opensslTrusts = openssl.exit() == 0;

            CertificateVerifier verifier = new CertificateVerifier(TrustAnchors.of(c.roots(), "test roots"));
            CertificateVerifier.Result r = verifier.verify(c.sent(),
                    List.of(new Reference(X509.dnsNames(c.sent().getFirst()).getFirst(), Reference.Source.ROUTE)),
                    new CertificateVerifier.Options(NameMatcher.Rule.CN_OR_SAN, false, false), Instant.now());
            table.add(String.format("%-66s %-8s %-8s %s", c.name(), opensslTrusts ? "OK" : "reject",
                    r.chainTrusted() ? "OK" : "reject", r.verified() ? "verified via " + r.trustedBy() : r.summary()));
            if (opensslTrusts != r.chainTrusted() || opensslTrusts != c.expectTrusted()) {
                disagreements.add(c.name() + ": expected " + c.expectTrusted() + ", openssl " + opensslTrusts + " ("
                        + openssl.output().strip().replace('\n', ' ') + "), postern " + r.chainTrusted() + " (" + r.summary() + ")");
            }
        }
        System.out.println(String.join("\n", table));
        assertThat(disagreements).isEmpty();
    }
}

package org.postern.engine.dane;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.KeyType;
import org.postern.engine.dns.TlsaData;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.TestCa;

/** RFC 7672 §3.1 / RFC 7671 §5: how one presented chain is judged against one TLSA RRset. */
class DaneAuthenticatorTest {

    static final TestCa CA = new TestCa();
    static final Instant NOW = Instant.now();
    static final KeyPair KEYS = KeyPairs.generate(KeyType.EC_P256);
    static final X509Certificate LEAF = leaf("mx.example.test", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    static final List<String> REFS = List.of("mx.example.test", "example.test");

    static X509Certificate leaf(String name, Instant from, Instant to) {
        return CertificateIssuer.sign(CA.intermediateKeys.getPrivate(), CA.intermediateKeys.getPublic(), CA.intermediateName,
                new X500Name("CN=" + name), KEYS.getPublic(), List.of(name), from, to, false);
    }

    static TlsaData tlsa(int usage, int selector, int matching, X509Certificate c) throws Exception {
        byte[] data = selector == 0 ? c.getEncoded() : c.getPublicKey().getEncoded();
        if (matching > 0) {
            data = MessageDigest.getInstance(matching == 1 ? "SHA-256" : "SHA-512").digest(data);
        }
        return new TlsaData(usage, selector, matching, data);
    }

    static DaneAuthenticator.Verdict judge(List<TlsaData> rrset, X509Certificate... chain) {
        return new DaneAuthenticator(rrset, REFS).authenticate(List.of(chain), NOW);
    }

    @Test
    void daneTaMatchesTheIssuerTheServerSentAndReportsItsDepth() throws Exception {
        var v = judge(List.of(tlsa(2, 1, 1, CA.intermediate)), LEAF, CA.intermediate);
        assertThat(v.authenticated()).as(v.summary()).isTrue();
        assertThat(v.records()).singleElement().satisfies(f -> {
            assertThat(f.matchedDepth()).isEqualTo(1);
            assertThat(f.unusable()).isNull();
        });
    }

    @Test
    void daneTaRecordsDoNotMatchTheServerCertificateItself() throws Exception {
        // a DANE-TA record describing the (CA-issued) leaf is not a trust anchor for it (RFC 7671 §5.2)
        var v = judge(List.of(tlsa(2, 0, 1, LEAF)), LEAF, CA.intermediate);
        assertThat(v.authenticated()).isFalse();
        assertThat(v.resultType()).isEqualTo("tlsa-invalid");
    }

    @Test
    void daneTaNotSentByTheServerDoesNotAuthenticate() throws Exception {
        var v = judge(List.of(tlsa(2, 0, 1, CA.root)), LEAF, CA.intermediate);
        assertThat(v.authenticated()).isFalse();
        assertThat(v.summary()).startsWith("no usable TLSA record matches the presented chain");
    }

    @Test
    void daneTaChecksTheNextHopDomainToo() throws Exception {
        X509Certificate byDomain = leaf("example.test", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        assertThat(judge(List.of(tlsa(2, 0, 1, CA.intermediate)), byDomain, CA.intermediate).authenticated()).isTrue();
        X509Certificate wildcard = leaf("*.example.test", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        assertThat(judge(List.of(tlsa(2, 0, 1, CA.intermediate)), wildcard, CA.intermediate).authenticated()).isTrue();
        X509Certificate deeper = leaf("*.mx.example.test", NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
        var v = judge(List.of(tlsa(2, 0, 1, CA.intermediate)), deeper, CA.intermediate);
        assertThat(v.resultType()).isEqualTo("certificate-host-mismatch");
    }

    @Test
    void daneEeIgnoresDatesAndNames() throws Exception {
        X509Certificate old = leaf("elsewhere.example.net", NOW.minus(Duration.ofDays(60)), NOW.minus(Duration.ofDays(30)));
        var v = judge(List.of(tlsa(3, 1, 2, old)), old);
        assertThat(v.authenticated()).as(v.summary()).isTrue();
        assertThat(v.summary()).contains("at depth 0 (DANE-EE: names and dates not checked)");
    }

    @Test
    void daneEeMatchesOnlyTheServerCertificate() throws Exception {
        var v = judge(List.of(tlsa(3, 0, 1, CA.intermediate)), LEAF, CA.intermediate);
        assertThat(v.authenticated()).isFalse();
        assertThat(v.records().getFirst().matchedDepth()).isEqualTo(1); // reported, but not accepted
    }

    @Test
    void anExpiredTrustAnchorFailsWithCertificateExpired() throws Exception {
        KeyPair caKeys = KeyPairs.generate(KeyType.EC_P256);
        X500Name caName = new X500Name("CN=Old CA");
        X509Certificate oldCa = CertificateIssuer.sign(caKeys.getPrivate(), caKeys.getPublic(), caName, caName, caKeys.getPublic(),
                List.of(), NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(1)), true);
        X509Certificate leaf = CertificateIssuer.sign(caKeys.getPrivate(), caKeys.getPublic(), caName,
                new X500Name("CN=mx.example.test"), KEYS.getPublic(), List.of("mx.example.test"), NOW.minus(Duration.ofDays(10)),
                NOW.plus(Duration.ofDays(10)), false);
        var v = judge(List.of(tlsa(2, 1, 1, oldCa)), leaf, oldCa);
        assertThat(v.authenticated()).isFalse();
        assertThat(v.resultType()).isEqualTo("certificate-expired");
    }

    @Test
    void onlyTheStrongestDigestPerUsageAndSelectorCounts() throws Exception {
        // the SHA-256 record matches, but a (non-matching) SHA-512 record for the same usage and selector wins
        TlsaData sha256 = tlsa(3, 1, 1, LEAF);
        TlsaData sha512Other = new TlsaData(3, 1, 2, new byte[64]);
        var v = judge(List.of(sha256, sha512Other), LEAF, CA.intermediate);
        assertThat(v.authenticated()).isFalse();
        assertThat(v.records().getFirst().unusable()).contains("digest agility");
        assertThat(v.records().getFirst().matchedDepth()).isZero();
    }

    @Test
    void pkixUsagesAreUnusableForSmtp() throws Exception {
        var v = judge(List.of(tlsa(1, 1, 1, LEAF), tlsa(0, 0, 1, CA.intermediate)), LEAF, CA.intermediate);
        assertThat(v.authenticated()).isFalse();
        assertThat(v.summary()).isEqualTo("the TLSA RRset has no usable record");
        assertThat(v.records()).extracting(DaneAuthenticator.RecordFate::unusable)
                .allSatisfy(u -> assertThat(u).contains("unusable for SMTP"));
    }

    @Test
    void aSelfSignedServerCertificateCanBeItsOwnDaneTaAnchor() throws Exception {
        X509Certificate self = CertificateIssuer.selfSigned(KEYS, new X500Name("CN=mx.example.test"), List.of("mx.example.test"), 5);
        assertThat(judge(List.of(tlsa(2, 0, 1, self)), self).authenticated()).isTrue();
    }

    @Test
    void noCertificateNoAuthentication() throws Exception {
        var v = new DaneAuthenticator(List.of(tlsa(3, 1, 1, LEAF)), REFS).authenticate(List.of(), NOW);
        assertThat(v.authenticated()).isFalse();
        assertThat(v.resultType()).isEqualTo("validation-failure");
    }
}

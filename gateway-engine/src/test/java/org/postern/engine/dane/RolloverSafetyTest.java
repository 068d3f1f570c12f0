package org.postern.engine.dane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.TlsaRequest;
import org.postern.engine.api.TlsaRolloverCheck;
import org.postern.engine.api.TlsaRolloverCheck.Verdict;
import org.postern.engine.api.TlsaRolloverException;
import org.postern.engine.pki.TestCa;
import org.postern.engine.testsupport.TestDnsServer;

/**
 * DANE-7 rollover safety over the in-process signed DNS server: a certificate change that would
 * leave the TLSA records published for the listener's host name without a match is refused unless
 * confirmed, and changes nothing; one the records still match goes through without a warning.
 */
class RolloverSafetyTest {

    static final String HOST = "mx1.example.test";
    static final String LISTENER = "IncomingMail";

    @TempDir
    Path dir;
    EmbeddedGateway gateway;
    TestDnsServer dns;

    @BeforeEach
    void open() throws Exception {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        create("old", HOST);
        create("next", HOST);
    }

    @AfterEach
    void close() {
        gateway.close();
        if (dns != null) {
            dns.close();
        }
    }

    void create(String name, String cn) {
        gateway.certificates().createSelfSigned(new NewCertificateRequest(name, cn, List.of(), null, null, null, null,
                null, 365, KeyType.EC_P256, true));
    }

    /** The association data of entry {@code name} for {@code usage selector matching}. */
    String hex(String name, int usage, int selector, int matching) {
        return gateway.certificates().tlsaRecord(name, new TlsaRequest(usage, selector, matching, HOST, 25)).data();
    }

    /** Serves a signed example.test. with mx1's address and {@code tlsa} ("3 1 1 hex" …) at _25._tcp.mx1. */
    void publish(TestDnsServer.Builder extra, String... tlsa) throws Exception {
        List<String> records = new ArrayList<>(List.of("mx1 A 127.0.5.1"));
        for (String t : tlsa) {
            records.add("_25._tcp.mx1 TLSA " + t);
        }
        TestDnsServer.Builder b = extra == null ? TestDnsServer.builder() : extra;
        dns = b.zone(".", true).zone("test.", true)
                .zone("example.test.", true, records.toArray(String[]::new))
                .zone("plain.test.", false, "mx1 A 127.0.5.2", "_25._tcp.mx1 TLSA 3 1 1 " + "00".repeat(32))
                .start();
        Path anchor = dir.resolve("root.ds");
        Files.writeString(anchor, dns.rootTrustAnchor() + "\n");
        gateway.dns().set(new DnsApi.DnsConfig(List.of(dns.hostPort()), "validate", anchor.toString()));
    }

    /** Binds {@code cert} to the listener (checked too: it must match what is published). */
    void serve(String cert) {
        gateway.listeners().update(LISTENER, gateway.listeners().get(LISTENER).withCertificate(cert));
    }

    String leafFingerprint(String name) {
        return gateway.certificates().details(name).chain().getFirst().sha256Fingerprint();
    }

    @Test
    void switchingToANewKeyWithOnlyTheOldKeyPublishedIsRefusedAndChangesNothing() throws Exception {
        publish(null, "3 1 1 " + hex("old", 3, 1, 1));
        serve("old");

        var spec = gateway.listeners().get(LISTENER).withCertificate("next");
        TlsaRolloverCheck check = gateway.listeners().checkCertificateChange(LISTENER, spec);
        assertThat(check.verdict()).isEqualTo(Verdict.WOULD_NOT_MATCH);
        assertThat(check.needsConfirmation()).isTrue();
        assertThat(String.join("\n", check.lines())).contains("_25._tcp.mx1.example.test (secure)",
                "published: IN TLSA 3 1 1 " + hex("old", 3, 1, 1), "3 1 1 does not match the new public key",
                "wait at least twice the TLSA TTL",
                "_25._tcp.mx1.example.test. IN TLSA 3 1 1 " + hex("next", 3, 1, 1));

        assertThatThrownBy(() -> gateway.listeners().update(LISTENER, spec))
                .isInstanceOf(TlsaRolloverException.class)
                .hasMessageContaining("DANE senders will defer all mail")
                .satisfies(e -> assertThat(((TlsaRolloverException) e).check().verdict()).isEqualTo(Verdict.WOULD_NOT_MATCH));
        assertThat(gateway.listeners().get(LISTENER).certificate()).isEqualTo("old");

        gateway.listeners().update(LISTENER, spec, true);
        assertThat(gateway.listeners().get(LISTENER).certificate()).isEqualTo("next");
    }

    @Test
    void withTheCurrentAndTheNextKeyPublishedTheSwitchNeedsNoConfirmation() throws Exception {
        publish(null, "3 1 1 " + hex("old", 3, 1, 1), "3 1 1 " + hex("next", 3, 1, 1));
        serve("old");
        var spec = gateway.listeners().get(LISTENER).withCertificate("next");
        assertThat(gateway.listeners().checkCertificateChange(LISTENER, spec).verdict()).isEqualTo(Verdict.SAFE);
        gateway.listeners().update(LISTENER, spec);
        assertThat(gateway.listeners().get(LISTENER).certificate()).isEqualTo("next");
    }

    @Test
    void renewingWithTheSameKeyKeeps311RecordsValid() throws Exception {
        publish(null, "3 1 1 " + hex("old", 3, 1, 1));
        serve("old");
        String before = leafFingerprint("old");
        TlsaRolloverCheck check = gateway.certificates().checkRenew("old", 200);
        assertThat(check.verdict()).as(String.join("\n", check.lines())).isEqualTo(Verdict.SAFE);
        assertThat(check.hosts()).singleElement().satisfies(h ->
                assertThat(h.explanation()).contains("matches DANE-EE(3) SPKI(1) SHA2-256(1)"));
        gateway.certificates().renew("old", 200);
        assertThat(leafFingerprint("old")).isNotEqualTo(before);
    }

    @Test
    void renewingWhenTheFullCertificateIsPinnedIsRefusedAndChangesNothing() throws Exception {
        publish(null, "3 0 1 " + hex("old", 3, 0, 1));
        serve("old");
        String before = leafFingerprint("old");
        assertThatThrownBy(() -> gateway.certificates().renew("old", 200))
                .isInstanceOf(TlsaRolloverException.class);
        assertThat(leafFingerprint("old")).isEqualTo(before);
        gateway.certificates().renew("old", 200, true);
        assertThat(leafFingerprint("old")).isNotEqualTo(before);
    }

    @Test
    void aCaSignedCertificateChainingToThePublishedDaneTaNeedsNoConfirmation() throws Exception {
        TestCa ca = new TestCa();
        String ta = TlsaGenerator.generate(List.of(ca.intermediate, ca.root), new TlsaRequest(2, 1, 1, HOST, 25)).data();
        publish(null, "3 0 1 " + hex("old", 3, 0, 1), "2 1 1 " + ta);
        serve("old");
        var signed = ca.sign(gateway.certificates().certificateSigningRequest("old"));
        byte[] upload = TestCa.pem(signed, ca.intermediate, ca.root);
        TlsaRolloverCheck check = gateway.certificates().checkUploadSigned("old", upload, null);
        assertThat(check.verdict()).as(String.join("\n", check.lines())).isEqualTo(Verdict.SAFE);
        assertThat(check.hosts().getFirst().explanation()).contains("DANE-TA(2)");
        gateway.certificates().uploadSigned("old", upload, null);
        assertThat(gateway.certificates().details("old").summary().issuer()).contains("Postern Test Intermediate");
    }

    @Test
    void aDaneTaMatchStillNeedsTheHostNameInTheNewCertificate() {
        TestCa ca = new TestCa();
        var signed = ca.sign(gateway.certificates().certificateSigningRequest("old"));
        var chain = List.of(signed, ca.intermediate, ca.root);
        String ta = TlsaGenerator.generate(List.of(ca.intermediate, ca.root), new TlsaRequest(2, 1, 1, HOST, 25)).data();
        var record = new org.postern.engine.dns.TlsaData(2, 1, 1, java.util.HexFormat.of().parseHex(ta));
        assertThat(RolloverCheck.mismatch(record, chain, HOST)).isNull();
        assertThat(RolloverCheck.mismatch(record, chain, "mx2.example.test"))
                .contains("matches the trust anchor", "Postern Test Root", "does not name mx2.example.test");
        assertThat(RolloverCheck.mismatch(record, List.of(signed), HOST)).contains("matches no CA certificate");
    }

    @Test
    void aCaSignedCertificateReplacingAPinnedFullCertificateIsRefused() throws Exception {
        TestCa ca = new TestCa();
        publish(null, "3 0 1 " + hex("old", 3, 0, 1));
        serve("old");
        var signed = ca.sign(gateway.certificates().certificateSigningRequest("old"));
        byte[] upload = TestCa.pem(signed, ca.intermediate, ca.root);
        assertThat(gateway.certificates().checkUploadSigned("old", upload, null).verdict())
                .isEqualTo(Verdict.WOULD_NOT_MATCH);
        assertThatThrownBy(() -> gateway.certificates().uploadSigned("old", upload, null))
                .isInstanceOf(TlsaRolloverException.class);
        assertThat(gateway.certificates().details("old").summary().issuer()).doesNotContain("Intermediate");
    }

    @Test
    void deletingServedCertificateWithPublishedRecordsWarnsAndAnUnservedOneIsNotChecked() throws Exception {
        publish(null, "3 1 1 " + hex("old", 3, 1, 1));
        serve("old");
        TlsaRolloverCheck check = gateway.certificates().checkDelete("old");
        assertThat(check.verdict()).isEqualTo(Verdict.WOULD_NOT_MATCH);
        assertThat(String.join("\n", check.lines())).contains("no certificate of this gateway would match them",
                "remove or replace these TLSA records first");
        assertThatThrownBy(() -> gateway.certificates().delete("old")).hasMessageContaining("in use by listener");
        assertThat(gateway.certificates().checkDelete("next").verdict()).isEqualTo(Verdict.NOT_SERVED);
        int before = dns.queries().size();
        gateway.certificates().delete("next");
        assertThat(dns.queries()).hasSize(before);
    }

    @Test
    void aTlsaLookupFailureIsReportedAsNotCheckedAndNeedsConfirmation() throws Exception {
        publish(null, "3 1 1 " + hex("old", 3, 1, 1));
        serve("old");
        dns.close();
        publish(TestDnsServer.builder().servfail("_25._tcp.mx1.example.test."), "3 1 1 " + hex("old", 3, 1, 1));
        TlsaRolloverCheck check = gateway.certificates().checkRenew("old", 30);
        assertThat(check.verdict()).isEqualTo(Verdict.NOT_CHECKED);
        assertThat(check.headline()).contains("could not be checked");
        assertThat(check.hosts().getFirst().explanation()).contains("could not check: the TLSA lookup failed");
        assertThatThrownBy(() -> gateway.certificates().renew("old", 30)).isInstanceOf(TlsaRolloverException.class);
    }

    @Test
    void noTlsaOrAnInsecureZoneGivesNoWarning() throws Exception {
        publish(null);
        serve("old");
        TlsaRolloverCheck none = gateway.listeners().checkCertificateChange(LISTENER,
                gateway.listeners().get(LISTENER).withCertificate("next"));
        assertThat(none.verdict()).isEqualTo(Verdict.SAFE);
        assertThat(none.hosts()).anySatisfy(h -> assertThat(h.explanation()).contains("authenticated denial"));

        create("plain", "mx1.plain.test");
        TlsaRolloverCheck insecure = gateway.listeners().checkCertificateChange(LISTENER,
                gateway.listeners().get(LISTENER).withCertificate("plain"));
        assertThat(insecure.verdict()).as(String.join("\n", insecure.lines())).isEqualTo(Verdict.SAFE);
        assertThat(insecure.hosts()).anySatisfy(h -> assertThat(h.explanation()).contains("not DNSSEC-secure"));
    }
}

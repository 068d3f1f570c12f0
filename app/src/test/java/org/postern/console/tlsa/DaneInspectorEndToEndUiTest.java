package org.postern.console.tlsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.List;
import javafx.scene.control.Label;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.console.testsupport.NodeShots;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReportText;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.testsupport.TestDnsServer;
import org.postern.engine.testsupport.TestSmtpServer;

/**
 * The inspector end to end: the console over a real engine that resolves through the in-process
 * signed test DNS server (validating from its own root) and probes real STARTTLS servers on
 * 127.0.6.x. One domain has three MX hosts: one with a secure TLSA RRset whose DANE-EE record
 * matches (and an unusable PKIX-EE record), one whose TLSA RRset is bogus, one in an insecure zone.
 */
class DaneInspectorEndToEndUiTest extends ConsoleUiTest {

    static final String ZONE = "inspect.test";
    static int port;
    static TestDnsServer dns;
    static TestSmtpServer mx1;
    static TestSmtpServer mx3;
    static String eeRecord;
    static String pkixRecord;
    static Path anchors;

    @BeforeAll
    static void startDnsAndServers() throws Exception {
        try (ServerSocket probe = new ServerSocket()) {
            probe.bind(new InetSocketAddress("127.0.6.21", 0));
            port = probe.getLocalPort();
        }
        KeyPair keys = KeyPairs.generate(KeyType.EC_P256);
        // a name that matches nothing: DANE-EE ignores names (RFC 7672 §3.1.1)
        X509Certificate cert = CertificateIssuer.selfSigned(keys, new X500Name("CN=somewhere.else.example"),
                List.of("somewhere.else.example"), 30);
        mx1 = new TestSmtpServer("127.0.6.21", port, TestSmtpServer.Mode.NORMAL, keys, List.of(cert));
        mx3 = new TestSmtpServer("127.0.6.23", port, TestSmtpServer.Mode.NORMAL, keys, List.of(cert));
        String spki = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(keys.getPublic().getEncoded()));
        eeRecord = "3 1 1 " + spki;
        pkixRecord = "1 1 1 " + spki;
        String p = "_" + port + "._tcp.";
        dns = TestDnsServer.builder()
                .zone(".", true)
                .zone("test.", true)
                .zone(ZONE + ".", true, "@ MX 10 mx1", "@ MX 20 mx2", "@ MX 30 mx.plain.test.",
                        "mx1 A 127.0.6.21", p + "mx1 TLSA " + eeRecord, p + "mx1 TLSA " + pkixRecord,
                        "mx2 A 127.0.6.22")
                .bogusZone(p + "mx2." + ZONE + ".", "@ TLSA " + eeRecord)
                .zone("plain.test.", false, "mx A 127.0.6.23")
                .start();
        anchors = Files.createTempFile("inspect-root", ".anchor");
        Files.writeString(anchors, dns.rootTrustAnchor() + "\n");
    }

    @AfterAll
    static void stopDnsAndServers() throws Exception {
        mx1.close();
        mx3.close();
        dns.close();
        Files.deleteIfExists(anchors);
    }

    @Override
    protected EmbeddedGateway openEngine(Path data) {
        EmbeddedGateway g = EmbeddedGateway.open(data, EngineOptions.defaults().withMxPort(port));
        g.dns().set(new DnsApi.DnsConfig(List.of(dns.hostPort()), "validate", anchors.toString()));
        g.destinations().save(new DestinationEntry(DestinationEntry.DEFAULT_DOMAIN, OutboundTls.PREFERRED,
                DaneSetting.OPPORTUNISTIC, 20, null, false));
        return g;
    }

    @Test
    void theInspectorShowsSecureBogusAndInsecureHostsAndWhichRecordMatchedWhichCertificate() {
        open(Page.DANE_INSPECTOR);
        type("#daneDomain", ZONE);
        clickOn("#daneInspect");
        waitFor(() -> visible("#daneHost2"));
        shot("dane-inspector-end-to-end");
        interact(() -> NodeShots.save(lookup("#daneDiagram").query(), "dane-inspector-end-to-end-full"));

        assertThat(text("#daneSummary")).isEqualTo(ZONE + " — entry Default, TLS Preferred, DANE Opportunistic");
        assertThat(text("#daneMxStatus")).isEqualTo("✔ Secure");
        assertThat(lookup("#daneMxRecord0").queryAs(javafx.scene.control.TextField.class).getText())
                .isEqualTo("10 mx1." + ZONE);

        // mx1: secure addresses and TLSA, DANE-EE matched the server's own certificate; PKIX-EE unusable
        assertThat(text("#daneHost0")).startsWith("Host mx1." + ZONE);
        assertThat(text("#daneHost0AddressesStatus")).isEqualTo("✔ Secure");
        assertThat(text("#daneHost0TlsaStatus")).isEqualTo("✔ Secure");
        assertThat(text("#daneHost0DaneState")).isEqualTo("DANE: secure usable TLSA records: DANE authentication required");
        assertThat(text("#daneHost0Chain0Match")).startsWith("✔ matched by TLSA 3 1 1 ");
        List<String> fates = lookup(".dane-fate").queryAllAs(Label.class).stream().map(Label::getText).toList();
        assertThat(fates).contains("used, matched the certificate at depth 0")
                .anyMatch(f -> f.startsWith("unusable: usage 1 (PKIX-EE)"));
        assertThat(text("#daneHost0Verdict")).contains("would deliver with TLS DANE-authenticated");

        // mx2: the TLSA RRset is bogus: the host is not used
        assertThat(text("#daneHost1")).startsWith("Host mx2." + ZONE);
        assertThat(text("#daneHost1TlsaStatus")).isEqualTo("✘ Bogus");
        assertThat(text("#daneHost1Verdict")).startsWith("Would defer — ");
        assertThat(text("#daneHost1VerdictResultType")).isEqualTo("RFC 8460: dnssec-invalid");

        // mx.plain.test: insecure zone, no TLSA lookup, the TLS setting applies
        assertThat(text("#daneHost2")).startsWith("Host mx.plain.test");
        assertThat(text("#daneHost2AddressesStatus")).isEqualTo("– Insecure");
        assertThat(text("#daneHost2Verdict")).contains("would deliver with TLS opportunistic");

        assertThat(text("#daneOverall")).startsWith("✔  Would deliver");
        clickOn("#daneCopyReport");
        String copied = clipboard.text().orElseThrow();
        assertThat(copied).contains("lookup " + ZONE + " MX: secure", "lookup _" + port + "._tcp.mx1." + ZONE + " TLSA: secure",
                "lookup _" + port + "._tcp.mx2." + ZONE + " TLSA: bogus", "lookup mx.plain.test A/AAAA: insecure",
                "TLSA " + eeRecord + " — DANE-EE(3) SPKI(1) SHA2-256(1): used, matched the certificate at depth 0",
                "delivery would happen");
        assertThat(copied).isEqualTo(ProbeReportText.format(engine.destinations().probe(ZONE, null)));
        assertThat(mx1.received()).isEmpty();
    }

    @Test
    void whereTheEntryHasDaneOffTheInspectorSaysSoAndShowsWhatOpportunisticWouldDo() {
        engine.destinations().save(new DestinationEntry(ZONE, OutboundTls.PREFERRED, DaneSetting.NONE, 20, null, false));
        open(Page.DANE_INSPECTOR);
        type("#daneDomain", ZONE);
        clickOn("#daneInspect");
        waitFor(() -> visible("#daneHost0"));
        assertThat(text("#daneOff")).startsWith("DANE is off for " + ZONE + " (entry " + ZONE + ", TLS Preferred)");
        assertThat(text("#daneHost0DaneState")).isEqualTo("DANE: off for this destination");
        assertThat(text("#daneHost0TlsaStatus")).isEqualTo("– Not made");
        shot("dane-inspector-dane-off");

        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<DaneSetting> dane = lookup("#daneSetting").queryAs(javafx.scene.control.ComboBox.class);
        interact(() -> dane.setValue(DaneSetting.OPPORTUNISTIC));
        clickOn("#daneInspect");
        waitFor(() -> visible("#daneHost0") && lookup("#daneOff").tryQuery().isEmpty());
        assertThat(text("#daneSummary")).endsWith("DANE Opportunistic");
        assertThat(text("#daneHost0TlsaStatus")).isEqualTo("✔ Secure");
        assertThat(text("#daneHost0Chain0Match")).startsWith("✔ matched by TLSA 3 1 1 ");
        // the entry itself is not changed
        assertThat(engine.destinations().get(ZONE).dane()).isEqualTo(DaneSetting.NONE);
    }
}

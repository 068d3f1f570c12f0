package org.postern.console.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Button;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.TlsaRequest;
import org.postern.engine.testsupport.TestDnsServer;

/**
 * DANE-7 on the certificates page: renewing a listener's certificate whose full certificate is
 * pinned by a published TLSA record asks first, in a dialog that names the record and the one to
 * publish; Cancel changes nothing. With a 3 1 1 record the renewal needs no dialog.
 */
class TlsaRolloverUiTest extends ConsoleUiTest {

    static final String HOST = "mx1.example.test";
    TestDnsServer dns;

    @AfterEach
    void stopDns() {
        if (dns != null) {
            dns.close();
        }
    }

    /** Creates the entry, serves it on IncomingMail, and publishes {@code selector 1}-style records for it. */
    private void servedAndPinned(String... tlsaParams) throws Exception {
        api().createSelfSigned(new NewCertificateRequest(null, HOST, List.of(), null, null, null, null, null, 365,
                KeyType.EC_P256, true));
        List<String> records = new ArrayList<>(List.of("mx1 A 127.0.5.1"));
        for (String params : tlsaParams) {
            String[] p = params.split(" ");
            String hex = api().tlsaRecord(HOST, new TlsaRequest(Integer.parseInt(p[0]), Integer.parseInt(p[1]),
                    Integer.parseInt(p[2]), HOST, 25)).data();
            records.add("_25._tcp.mx1 TLSA " + params + " " + hex);
        }
        dns = TestDnsServer.builder().zone(".", true).zone("test.", true)
                .zone("example.test.", true, records.toArray(String[]::new)).start();
        Path anchor = dir.resolve("root.ds");
        Files.writeString(anchor, dns.rootTrustAnchor() + "\n");
        engine.dns().set(new DnsApi.DnsConfig(List.of(dns.hostPort()), "validate", anchor.toString()));
        engine.listeners().update("IncomingMail", engine.listeners().get("IncomingMail").withCertificate(HOST));
        reload();
    }

    private String fingerprint() {
        return api().details(HOST).chain().getFirst().sha256Fingerprint();
    }

    private Button dialogButton(String text) {
        Node pane = lookup("#tlsaRolloverDialog").query();
        return from(pane).lookup(".button").match((Button b) -> text.equals(b.getText())).query();
    }

    private void startRenewal() {
        select(HOST);
        clickOn("#renewButton");
        waitFor(() -> visible("#renewDays"));
        clickButton("Renew");
    }

    @Test
    void renewingWhenTheWholeCertificateIsPinnedAsksFirstAndCancelChangesNothing() throws Exception {
        servedAndPinned("3 0 1");
        String before = fingerprint();
        String next = api().tlsaRecord(HOST, TlsaRequest.daneEe(HOST)).zoneLine();

        startRenewal();
        waitFor(() -> visible("#tlsaRolloverDialog"));
        shot("tlsa-rollover-renew-dialog");
        assertThat(text("#tlsaRolloverDialog .header-panel .label"))
                .contains("no longer match its certificate", "DANE senders will defer all mail");
        assertThat(text("#tlsaChange")).contains("renew '" + HOST + "' with the same key", "listener IncomingMail");
        assertThat(text("#tlsaPublishFirst")).isEqualTo(next);
        assertThat(lookup(".label").match((javafx.scene.control.Label l) -> l.getText() != null
                && l.getText().contains("3 0 1 does not match the new certificate")).tryQuery()).isPresent();
        assertThat(dialogButton("Cancel").isDefaultButton()).isTrue();

        clickOn(dialogButton("Cancel"));
        waitFor(() -> visible("#operationError"));
        assertThat(text("#operationError")).startsWith("Nothing was changed: after this change the TLSA records");
        clickButton("Cancel");
        assertThat(fingerprint()).isEqualTo(before);

        startRenewal();
        waitFor(() -> visible("#tlsaRolloverDialog"));
        clickOn(dialogButton("Renew anyway"));
        waitFor(() -> text("#renewedMessage").contains("valid until"));
        clickButton("Finish");
        assertThat(fingerprint()).isNotEqualTo(before);
    }

    @Test
    void switchingTheListenerToANewKeyAsksFirstAndCancelKeepsTheOldCertificate() throws Exception {
        servedAndPinned("3 1 1");
        api().createSelfSigned(new NewCertificateRequest("mx1-next", HOST, List.of(), null, null, null, null, null,
                365, KeyType.EC_P256, true));
        String next = api().tlsaRecord("mx1-next", TlsaRequest.daneEe(HOST)).zoneLine();
        interact(() -> window.listenersViewModel().refresh());
        open(org.postern.console.shell.Page.LISTENERS);
        waitFor(() -> window.listenersViewModel().row("IncomingMail") != null);
        javafx.scene.control.TableRow<?> row = lookup("#listenerTable .table-row-cell")
                .match((javafx.scene.control.TableRow<?> r) -> r.getItem() instanceof org.postern.console.listeners.ListenerRow l
                        && l.name().equals("IncomingMail")).query();
        clickOn(row);
        clickOn("#editListener");
        waitFor(() -> visible("#listenerCertificate"));
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<org.postern.console.listeners.CertificateChoice> combo =
                (javafx.scene.control.ComboBox<org.postern.console.listeners.CertificateChoice>) lookup("#listenerCertificate").query();
        interact(() -> combo.getItems().stream().filter(c -> "mx1-next".equals(c.name())).findFirst()
                .ifPresent(combo::setValue));
        clickButton("Next");
        waitFor(() -> visible("#tlsaRolloverDialog"));
        shot("tlsa-rollover-listener-switch");
        assertThat(text("#tlsaChange")).contains("listener IncomingMail serves 'mx1-next' instead of '" + HOST + "'");
        assertThat(text("#tlsaPublishFirst")).isEqualTo(next);
        clickOn(dialogButton("Cancel"));
        waitFor(() -> visible("#operationError"));
        assertThat(text("#operationError")).startsWith("Nothing was changed");
        clickButton("Finish");
        assertThat(engine.listeners().get("IncomingMail").certificate()).isEqualTo(HOST);
    }

    @Test
    void renewingWithA311RecordPublishedNeedsNoDialog() throws Exception {
        servedAndPinned("3 1 1");
        String before = fingerprint();
        startRenewal();
        waitFor(() -> text("#renewedMessage").contains("valid until"));
        assertThat(lookup("#tlsaRolloverDialog").tryQuery()).isEmpty();
        clickButton("Finish");
        assertThat(fingerprint()).isNotEqualTo(before);
    }
}

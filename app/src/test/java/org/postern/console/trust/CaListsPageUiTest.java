package org.postern.console.trust;

import static org.assertj.core.api.Assertions.assertThat;

import atlantafx.base.controls.ToggleSwitch;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.console.testsupport.TestCa;
import org.postern.console.testsupport.TinySmtpServer;
import org.postern.engine.api.CaListApi;
import org.postern.engine.api.CaListApi.CaList;

/** Network › Certificate Authorities through the real screens (CA-1..6). */
class CaListsPageUiTest extends ConsoleUiTest {

    private CaListsViewModel vm() {
        return lookup("#caListsView").queryAs(CaListsView.class).viewModel();
    }

    private CaListApi lists() {
        return engine.caLists();
    }

    private void openPage() {
        clickOn("#" + Page.CERTIFICATE_AUTHORITIES.navId());
        waitFor(() -> visible("#caListsView") && vm().loadedProperty().get() && !vm().certificates().isEmpty());
    }

    private void importFile(Path file) {
        clickOn("#importCustom");
        waitFor(() -> visible("#caImportFile"));
        assertThat(button("Next").isDisabled()).isTrue();
        dialogs.willChoose(file);
        clickOn("#caImportFileBrowse");
        waitFor(() -> text("#caImportFile").equals(file.toString()));
        clickButton("Next");
    }

    @Test
    void theSystemListIsShownAndDisabled() {
        openPage();
        int count = lists().info(CaList.SYSTEM).count();
        assertThat(text("#systemCount")).isEqualTo(Integer.toString(count));
        assertThat(text("#systemVersion")).isEqualTo(lists().info(CaList.SYSTEM).version());
        assertThat(text("#customCount")).isEqualTo("0");
        assertThat(vm().certificates()).hasSize(count);
        assertThat(visible("#deleteRoot")).isFalse();
        shot("ca-lists");

        ToggleSwitch system = lookup("#systemEnabled").queryAs(ToggleSwitch.class);
        assertThat(system.isSelected()).isTrue();
        clickOn(system);
        waitFor(() -> lookup(".dialog-pane").tryQuery().isPresent() && visible(".dialog-pane"));
        assertThat(lists().info(CaList.SYSTEM).enabled()).as("nothing changes before the administrator confirms").isTrue();
        shot("confirm-disable-system-ca");
        clickButton("Disable");
        waitFor(() -> !vm().systemProperty().get().enabled());
        assertThat(lists().info(CaList.SYSTEM).enabled()).isFalse();
        assertThat(lists().info(CaList.SYSTEM).count()).isEqualTo(count);
        assertThat(text("#caStatus")).contains("disabled");
        clickOn("#customEnabled");
        waitFor(() -> visible("#noListEnabled"));
        assertThat(lists().info(CaList.CUSTOM).enabled()).isFalse();
        shot("ca-lists-none-enabled");
    }

    @Test
    void aPemCaFileIsImportedIntoTheCustomListAndTheCountChanges() throws Exception {
        openPage();
        Path pem = Files.writeString(dir.resolve("partner-root.pem"), new TestCa("Partner Root").certificatePem());
        importFile(pem);
        waitFor(() -> text("#caImported").equals("Added 1 certificate to the custom CA list."));
        shot("ca-import-done");
        clickButton("Finish");
        waitFor(() -> text("#customCount").equals("1"));
        assertThat(lists().info(CaList.CUSTOM).count()).isEqualTo(1);
        waitFor(() -> vm().shownProperty().get() == CaList.CUSTOM && vm().certificates().size() == 1);
        assertThat(vm().certificates().getFirst().subject()).contains("Partner Root");
        assertThat(visible("#deleteRoot")).isTrue();
        shot("ca-custom-list");
    }

    /** The Kind column's rendered cells, top to bottom. */
    private java.util.List<String> renderedKinds() {
        return onFx(() -> lookup("#caTable .table-cell").queryAll().stream()
                .filter(n -> n instanceof javafx.scene.control.TableCell<?, ?> c && c.getTableColumn() != null
                        && "caKindColumn".equals(c.getTableColumn().getId()) && c.getText() != null && c.isVisible())
                .sorted(java.util.Comparator.comparingDouble(n -> n.localToScene(0, 0).getY()))
                .map(n -> ((javafx.scene.control.TableCell<?, ?>) n).getText()).toList());
    }

    /** CA-7: a partner gateway's self-signed certificate is imported and shown as "partner". */
    @Test
    void aPartnersSelfSignedCertificateIsImportedAndLabelledPartner() throws Exception {
        openPage();
        var keys = org.postern.engine.pki.KeyPairs.generate(org.postern.engine.api.KeyType.EC_P256);
        var partner = org.postern.engine.pki.CertificateIssuer.selfSigned(keys,
                new org.bouncycastle.asn1.x500.X500Name("CN=mx.partner.example"), java.util.List.of("mx.partner.example"), 30);
        Path pem = Files.writeString(dir.resolve("partner.pem"), org.postern.engine.pki.Pem.encode(partner)
                + new TestCa("Partner Root").certificatePem());
        importFile(pem);
        waitFor(() -> text("#caImported").equals("Added 2 certificates to the custom CA list."));
        clickButton("Finish");
        waitFor(() -> vm().shownProperty().get() == CaList.CUSTOM && vm().certificates().size() == 2);
        waitFor(() -> renderedKinds().size() == 2);
        assertThat(vm().certificates()).filteredOn(c -> c.subject().equals("CN=mx.partner.example")).singleElement()
                .satisfies(c -> assertThat(c.partner()).isTrue());
        // rows are in list order: the partner certificate first, then the CA
        assertThat(renderedKinds()).containsExactly("partner", "CA");
        shot("ca-custom-list-partner");
    }

    @Test
    void aNonCaFileIsRefusedWithTheEngineReasonAndNothingIsAdded() throws Exception {
        openPage();
        TestCa ca = new TestCa("Issuer");
        Path leaf;
        try (TinySmtpServer server = new TinySmtpServer("mx.example.com", ca)) {
            leaf = Files.writeString(dir.resolve("server.pem"), server.leafPem());
        }
        importFile(leaf);
        waitFor(() -> visible("#operationError"));
        assertThat(text("#operationError")).startsWith("nothing imported: ").contains("is not a CA certificate");
        shot("ca-import-refused");
        clickButton("Cancel");
        assertThat(lists().info(CaList.CUSTOM).count()).isZero();
        assertThat(text("#customCount")).isEqualTo("0");
    }

    @Test
    void aListIsExportedToAFile() throws Exception {
        lists().importCustom(new TestCa("Exported Root").certificatePem().getBytes(), false);
        openPage();
        Path out = dir.resolve("custom-export.pem");
        dialogs.willChoose(out);
        clickOn("#exportCustom");
        waitFor(() -> Files.exists(out) && text("#caStatus").startsWith("Exported the custom CA list"));
        String pem = Files.readString(out);
        assertThat(pem).startsWith("# Postern custom CA list: 1 certificate").contains("-----BEGIN CERTIFICATE-----");
        assertThat(dialogs.fileDialogTitles).contains("Export the custom CA list");
    }
}

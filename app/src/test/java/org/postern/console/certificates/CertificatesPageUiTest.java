package org.postern.console.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.PemBundle;
import org.postern.engine.api.Pkcs12Encryption;

/** The certificates page and the main window through the real screens. */
class CertificatesPageUiTest extends ConsoleUiTest {

    private void createInEngine(String name, String cn, String... sans) {
        api().createSelfSigned(new NewCertificateRequest(name, cn, List.of(sans), null, null, null, null, null,
                365, KeyType.EC_P256, true));
    }

    @Test
    void unbuiltPagesAreMarkedDisabledAndSayWhatIsComing() {
        for (Page page : Page.values()) {
            ToggleButton nav = lookup("#" + page.navId()).queryAs(ToggleButton.class);
            assertThat(nav.getText()).isEqualTo(page.title());
            if (page.built()) {
                assertThat(nav.isDisabled()).isFalse();
                continue;
            }
            assertThat(nav.isDisabled()).as(page.title()).isTrue();
            Node row = lookup("#" + page.navId() + "-row").query();
            assertThat(lookup("#" + page.navId() + "-row .nav-soon").queryAs(Label.class).getText())
                    .isEqualTo("not built yet");
            Tooltip tip = (Tooltip) row.getProperties().values().stream()
                    .filter(Tooltip.class::isInstance).findFirst().orElse(null);
            assertThat(tip).as("tooltip of " + page.title()).isNotNull();
            assertThat(tip.getText()).startsWith("Coming:");
        }
        // clicking an unbuilt entry (if any is left) goes nowhere: the certificates page stays
        for (Page page : Page.values()) {
            if (!page.built()) {
                clickOn("#" + page.navId());
            }
        }
        assertThat(window.viewModel().pageProperty().get()).isEqualTo(Page.CERTIFICATES);
        assertThat(visible("#certificatesView")).isTrue();
        assertThat(lookup("#" + Page.CERTIFICATES.navId()).queryAs(ToggleButton.class).isSelected()).isTrue();
        assertThat(text("#statusEngine")).contains("embedded").contains(dir.resolve("data").toString());
        assertThat(text("#statusExpiry")).isEqualTo("No certificate expires within 30 days");
        shot("main-empty");
    }

    @Test
    void filterMatchesSans() {
        createInEngine("first", "mx1.example.com", "mail.example.org");
        createInEngine("second", "relay.example.net");
        reload();
        @SuppressWarnings("unchecked")
        TableView<Object> table = lookup("#certificateTable").queryAs(TableView.class);
        assertThat(table.getItems()).hasSize(3);
        clickOn("#filter").write("mail.example.org");
        waitFor(() -> table.getItems().size() == 1);
        assertThat(rowNamed("first")).isPresent();
        shot("filter-by-san");
        type("#filter", "nothing-matches-this");
        waitFor(() -> table.getItems().isEmpty());
        type("#filter", "");
        waitFor(() -> table.getItems().size() == 3);
    }

    @Test
    void detailsShowChainFingerprintsPemAndTheDemoWarning() {
        waitFor(() -> rowNamed("Demo").isPresent());
        select("Demo");
        waitFor(() -> visible("#warnings"));
        assertThat(lookup("#warnings .label").queryAllAs(Label.class))
                .anyMatch(l -> l.getText().contains("not secure"));
        assertThat(lookup("#csrButton").query().isDisabled()).isTrue();
        assertThat(lookup("#deleteButton").query().isDisabled()).isTrue();
        // both default listeners name no certificate: they present the demo one, and every view says so
        assertThat(text("#detailUsedBy")).isEqualTo("Used by: listener IncomingMail, listener OutgoingMail");
        assertThat(rowNamed("Demo").orElseThrow().usages()).containsExactly("listener IncomingMail", "listener OutgoingMail");
        shot("details-demo");

        createInEngine("mx1", "mx1.example.com", "mail.example.com");
        reload();
        select("mx1");
        assertThat(text("#fieldSans")).isEqualTo("mx1.example.com, mail.example.com");
        assertThat(text("#fieldSha256")).matches("([0-9A-Fa-f]{2}:?){32}");
        assertThat(text("#fieldSha1")).matches("([0-9A-F]{2}:){19}[0-9A-F]{2}");
        assertThat(text("#fieldKeyUsage")).contains("digitalSignature");
        assertThat(text("#fieldExtendedKeyUsage")).isEqualTo("serverAuth, clientAuth");
        assertThat(text("#fieldSki")).matches("([0-9A-F]{2}:)+[0-9A-F]{2}");
        assertThat(text("#fieldAki")).isEqualTo(text("#fieldSki"));
        assertThat(text("#fieldCa")).isEqualTo("CA:FALSE (critical)");
        interact(() -> lookup("#fieldSha256Copy").queryButton().fire()); // below the fold of the Details tab
        assertThat(clipboard.text()).hasValue(api().details("mx1").chain().getFirst().sha256Fingerprint());
        javafx.scene.Node sha256 = lookup("#fieldSha256").query();
        // the whole fingerprint is shown: no horizontal scrolling, every character within the field
        waitFor(() -> onFx(() -> sha256.lookup(".scroll-bar:horizontal") == null
                || !sha256.lookup(".scroll-bar:horizontal").isVisible()));
        interact(() -> org.postern.console.testsupport.NodeShots.save(lookup("#certificateFields").query(),
                "confirm-certificate-detail"));
        assertThat(lookup("#chainTree").queryAs(javafx.scene.control.TreeView.class).getRoot()).isNotNull();
        assertThat(text("#chainVerdict")).contains("self-signed");
        clickOn("PEM");
        waitFor(() -> visible("#certPem"));
        assertThat(text("#certPem")).startsWith("-----BEGIN CERTIFICATE-----");
        clickOn("#copyCertPem");
        assertThat(clipboard.text()).hasValueSatisfying(t -> assertThat(t).startsWith("-----BEGIN CERTIFICATE-----"));
        shot("details-pem");
    }

    @Test
    void engineErrorsAppearInADialogAndChangeNothing() throws Exception {
        createInEngine("mx1", "mx1.example.com");
        reload();
        select("mx1");
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "hello");
        dialogs.willChoose(junk);
        clickOn("#intermediatesButton");
        waitFor(() -> lookup(".dialog-error").tryQuery().isPresent());
        shot("error-dialog");
        assertThat(lookup(".dialog-error .dialog-message").queryAs(Label.class).getText()).isNotBlank();
        clickButton("OK");
        assertThat(api().details("mx1").chain()).hasSize(1);
    }

    @Test
    void openingAPkcs12FileOffersTheImportWizard() throws Exception {
        createInEngine("mx1", "mx1.example.com");
        Path p12 = dir.resolve("dropped.p12");
        Files.write(p12, api().exportPkcs12("mx1", "pw".toCharArray(), Pkcs12Encryption.AES_256));
        dialogs.willChoose(p12);
        clickOn("#openFile");
        waitFor(() -> visible("#pkcs12Password"));
        assertThat(text("#pkcs12File")).isEqualTo(p12.toString());
        clickButton("Cancel");
    }

    @Test
    void pastedCertificateOffersToInstallItAndPastedCsrIsExplained() {
        createInEngine("mx1", "mx1.example.com");
        reload();
        select("mx1");
        String indented = api().exportPem("mx1", PemBundle.CERTIFICATE).lines()
                .map(l -> "    " + l).reduce("", (a, b) -> a + b + "\n");
        clipboard.copy(indented);
        clickOn("#pastePem");
        waitFor(() -> visible("#installTarget"));
        assertThat(lookup("#installTarget").queryAs(javafx.scene.control.ComboBox.class).getValue()).isEqualTo("mx1");
        assertThat(lookup("#installAsSigned").queryAs(javafx.scene.control.RadioButton.class).isSelected()).isTrue();
        shot("paste-install");
        clickButton("Cancel");

        clipboard.copy(api().certificateSigningRequest("mx1"));
        press(KeyCode.CONTROL, KeyCode.SHIFT, KeyCode.V).release(KeyCode.V, KeyCode.SHIFT, KeyCode.CONTROL);
        waitFor(() -> lookup(".dialog-information").tryQuery().isPresent());
        assertThat(lookup(".dialog-information .dialog-message").queryAs(Label.class).getText())
                .contains("certificate signing request");
        clickButton("OK");
    }

    @Test
    void keyboardShortcutOpensTheCreateWizard() {
        clickOn("#certificateTable");
        press(KeyCode.CONTROL, KeyCode.N).release(KeyCode.N, KeyCode.CONTROL);
        waitFor(() -> visible("#commonName"));
        clickButton("Cancel");
    }

    @Test
    void expiringCertificatesAreCountedInTheStatusBarAndFollowTheThreshold() {
        api().createSelfSigned(new NewCertificateRequest("short", "short.example.com", List.of(), null, null, null,
                null, null, 10, KeyType.EC_P256, true));
        reload();
        waitFor(() -> text("#statusExpiry").equals("1 certificate expires within 30 days"));
        assertThat(lookup("#statusExpiry").query().getStyleClass()).contains("warning");
        shot("status-expiring");
        Node editor = lookup("#expiryDays .text-field").query();
        clickOn(editor);
        interact(() -> ((javafx.scene.control.TextField) editor).selectAll());
        write("5");
        type(KeyCode.ENTER);
        waitFor(() -> text("#statusExpiry").equals("No certificate expires within 5 days"));
        assertThat(lookup("#statusExpiry").query().getStyleClass()).contains("success");
        assertThat(api().expiryWarningDays()).isEqualTo(5);
    }
}

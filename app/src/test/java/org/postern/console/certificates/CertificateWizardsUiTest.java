package org.postern.console.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import javafx.scene.control.TextField;
import org.junit.jupiter.api.Test;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.console.testsupport.TestCa;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.Pkcs12Encryption;

/** Wizards 2–9 through the real screens, against the real engine. */
class CertificateWizardsUiTest extends ConsoleUiTest {

    private void createInEngine(String cn, String... sans) {
        api().createSelfSigned(new NewCertificateRequest(null, cn, List.of(sans), null, null, null, null, null,
                365, KeyType.EC_P256, true));
        reload();
    }

    @Test
    void downloadCsrSavesItAndTheEntryBecomesPending() throws Exception {
        createInEngine("mx1.example.com", "mail.example.com");
        select("mx1.example.com");
        clickOn("#csrButton");
        waitFor(() -> visible("#csrNotYet"));
        shot("csr-dialog-opened");
        // opening the dialog alone changes nothing
        assertThat(api().details("mx1.example.com").summary().status()).isEqualTo(CertificateStatus.SELF_SIGNED);
        Path out = dir.resolve("mx1.csr");
        dialogs.willChoose(out);
        clickOn("#saveCsr");
        waitFor(() -> text("#csrSaved").startsWith("Saved to"));
        assertThat(text("#csrPem")).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        shot("csr-dialog");
        assertThat(Files.readString(out)).startsWith("-----BEGIN CERTIFICATE REQUEST-----");
        clickOn("#copyCsr");
        assertThat(clipboard.text()).hasValueSatisfying(t -> assertThat(t).contains("CERTIFICATE REQUEST"));
        clickButton("Close");
        waitFor(() -> rowNamed("mx1.example.com").orElseThrow().status() == CertificateStatus.CSR_PENDING);
    }

    @Test
    void uploadTheCaSignedCertificateWithItsIntermediate() throws Exception {
        createInEngine("mx1.example.com");
        TestCa ca = new TestCa("Example Issuing CA");
        Path cert = dir.resolve("signed.pem");
        Files.writeString(cert, ca.sign(api().certificateSigningRequest("mx1.example.com"), 90));
        Path chain = dir.resolve("chain.pem");
        Files.writeString(chain, ca.certificatePem());
        reload();
        select("mx1.example.com");

        clickOn("#uploadButton");
        waitFor(() -> visible("#certificateFile"));
        assertThat(button("Upload").isDisabled()).isTrue();
        dialogs.willChoose(cert);
        clickOn("#certificateFileBrowse");
        type("#intermediatesFile", chain.toString());
        waitFor(() -> !button("Upload").isDisabled());
        shot("upload-1-files");
        clickButton("Upload");
        waitFor(() -> text("#uploadedMessage").contains("CA-signed"));
        shot("upload-2-done");
        clickButton("Finish");
        waitFor(() -> rowNamed("mx1.example.com").orElseThrow().status() == CertificateStatus.CA_SIGNED);
        waitFor(() -> window.certificatesViewModel().detailsProperty().get().chain().size() == 2);
        assertThat(text("#chainVerdict")).isNotBlank();
        shot("main-ca-signed");
    }

    @Test
    void uploadForTheWrongKeyShowsTheEngineReasonAndChangesNothing() throws Exception {
        createInEngine("mx1.example.com");
        createInEngine("other.example.com");
        Path wrong = dir.resolve("other.pem");
        Files.writeString(wrong, new TestCa("CA").sign(api().certificateSigningRequest("other.example.com"), 30));
        reload();
        select("mx1.example.com");
        clickOn("#uploadButton");
        type("#certificateFile", wrong.toString());
        clickButton("Upload");
        waitFor(() -> visible("#operationError"));
        assertThat(text("#operationError")).isEqualTo("certificate does not match the private key of mx1.example.com");
        shot("upload-error");
        assertThat(visible("#retryButton")).isTrue();
        clickButton("Cancel");
        assertThat(api().details("mx1.example.com").summary().status()).isEqualTo(CertificateStatus.SELF_SIGNED);
    }

    @Test
    void importPkcs12ShowsItsContentsFirst() throws Exception {
        Path p12 = dir.resolve("relay.p12");
        try (EmbeddedGateway other = EmbeddedGateway.open(dir.resolve("other"))) {
            other.certificates().createSelfSigned(NewCertificateRequest.simple("relay.example.net", KeyType.EC_P256));
            Files.write(p12, other.certificates().exportPkcs12("relay.example.net", "pw123".toCharArray(),
                    Pkcs12Encryption.AES_256));
        }
        clickOn("#importPkcs12");
        waitFor(() -> visible("#pkcs12File"));
        dialogs.willChoose(p12);
        clickOn("#pkcs12FileBrowse");
        type("#pkcs12Password", "wrong");
        shot("import-1-file");
        clickButton("Next");
        waitFor(() -> visible("#operationError"));
        assertThat(text("#operationError")).startsWith("wrong password");
        assertThat(button("Import").isDisabled()).isTrue();
        // asked again in place: same page, the engine's message, the file kept
        waitFor(() -> visible("#pkcs12AskAgain"));
        assertThat(text("#pageProblem")).isEqualTo("Enter the password again, or go back to choose another file");
        shot("wizards-pkcs12-wrong-password");
        type("#pkcs12PasswordAgain", "pw124");
        clickOn("#readAgain");
        waitFor(() -> visible("#operationError") && visible("#pkcs12AskAgain"));
        assertThat(text("#operationError")).startsWith("wrong password");
        type("#pkcs12PasswordAgain", "pw123");
        clickOn("#readAgain");
        waitFor(() -> text("#importName").equals("relay.example.net"));
        assertThat(visible("#pkcs12AskAgain")).isFalse();
        assertThat(lookup("CN=relay.example.net").tryQuery()).isPresent();
        shot("import-2-contents");
        type("#importName", "relay");
        clickButton("Import");
        waitFor(() -> text("#importedMessage").startsWith("Imported \"relay\""));
        shot("import-3-done");
        clickButton("Finish");
        waitFor(() -> rowNamed("relay").isPresent());
        assertThat(rowNamed("relay").orElseThrow().status()).isEqualTo(CertificateStatus.IMPORTED);
    }

    @Test
    void exportPkcs12RefusesMismatchedPasswordsThenWritesTheFile() throws Exception {
        createInEngine("mx1.example.com");
        select("mx1.example.com");
        clickOn("#exportPkcs12Button");
        waitFor(() -> visible("#exportPassword"));
        type("#exportPassword", "correct horse");
        type("#exportPasswordConfirm", "correct hose");
        waitFor(() -> text("#pageProblem").equals("The passwords do not match"));
        assertThat(button("Export").isDisabled()).isTrue();
        shot("export-p12-1-mismatch");
        clickOn("#encryptionLegacy");
        waitFor(() -> visible("#legacyPkcs12Warning"));
        shot("export-p12-1-legacy");
        clickOn("#encryptionAes");
        type("#exportPasswordConfirm", "correct horse");
        Path out = dir.resolve("mx1.p12");
        dialogs.willChoose(out);
        clickOn("#exportFileBrowse");
        waitFor(() -> !button("Export").isDisabled());
        assertThat(visible("#pageProblem")).isFalse();
        clickButton("Export");
        waitFor(() -> text("#exportedMessage").startsWith("Saved to"));
        shot("export-p12-2-done");
        clickButton("Finish");
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (var in = Files.newInputStream(out)) {
            ks.load(in, "correct horse".toCharArray());
        }
        assertThat(ks.isKeyEntry(ks.aliases().nextElement())).isTrue();
    }

    @Test
    void exportPemBundleWarnsAboutTheKey() throws Exception {
        createInEngine("mx1.example.com");
        select("mx1.example.com");
        clickOn("#exportPemButton");
        waitFor(() -> visible("#bundleKEY_AND_CHAIN"));
        assertThat(visible("#pemKeyWarning")).isFalse();
        clickOn("#bundleKEY_AND_CHAIN");
        waitFor(() -> visible("#pemKeyWarning"));
        shot("export-pem-1-key");
        clickOn("#bundleCHAIN");
        clickButton("Next");
        waitFor(() -> text("#exportPem").startsWith("-----BEGIN CERTIFICATE-----"));
        Path out = dir.resolve("chain.pem");
        dialogs.willChoose(out);
        clickOn("#savePem");
        waitFor(() -> text("#pemSaved").startsWith("Saved to"));
        shot("export-pem-2-done");
        clickButton("Finish");
        assertThat(Files.readString(out)).contains("BEGIN CERTIFICATE").doesNotContain("PRIVATE KEY");
    }

    @Test
    void tlsaRecordForPort25WithCopy() {
        createInEngine("mx1.example.com");
        select("mx1.example.com");
        clickOn("#tlsaButton");
        waitFor(() -> visible("#tlsaHost"));
        assertThat(text("#tlsaHost")).isEqualTo("mx1.example.com");
        assertThat(text("#tlsaPort")).isEqualTo("25");
        shot("tlsa-1-parameters");
        clickButton("Next");
        waitFor(() -> !text("#tlsaRecord").isEmpty());
        assertThat(text("#tlsaRecord")).matches("_25\\._tcp\\.mx1\\.example\\.com\\. IN TLSA 3 1 1 [0-9a-f]{64}");
        clickOn("#copyTlsa");
        assertThat(clipboard.text()).hasValue(text("#tlsaRecord"));
        shot("tlsa-2-record");
        clickButton("Finish");
    }

    @Test
    void renewKeepsTheKeySoTlsaStaysValid() {
        createInEngine("mx1.example.com");
        CertificateSummary before = api().details("mx1.example.com").summary();
        String tlsaBefore = api().tlsaRecord("mx1.example.com",
                org.postern.engine.api.TlsaRequest.daneEe("mx1.example.com")).data();
        select("mx1.example.com");
        clickOn("#renewButton");
        waitFor(() -> visible("#renewDays"));
        assertThat(text("#renewTlsaNote")).contains("3 1 1").contains("remain valid");
        type("#renewDays", "730");
        shot("renew-1-days");
        clickButton("Renew");
        waitFor(() -> text("#renewedMessage").contains("valid until"));
        shot("renew-2-done");
        clickButton("Finish");
        waitFor(() -> rowNamed("mx1.example.com").orElseThrow().notAfter().isAfter(before.notAfter()));
        assertThat(api().tlsaRecord("mx1.example.com",
                org.postern.engine.api.TlsaRequest.daneEe("mx1.example.com")).data()).isEqualTo(tlsaBefore);
    }

    @Test
    void deleteAsksForConfirmation() {
        createInEngine("gone.example.com");
        select("gone.example.com");
        clickOn("#deleteButton");
        waitFor(() -> lookup("Delete \"gone.example.com\"?").tryQuery().isPresent());
        shot("delete-confirm");
        clickButton("Cancel");
        assertThat(rowNamed("gone.example.com")).isPresent();
        clickOn("#deleteButton");
        clickButton("Delete");
        waitFor(() -> rowNamed("gone.example.com").isEmpty());
        assertThat(api().list()).noneMatch(s -> s.name().equals("gone.example.com"));
    }

    @Test
    void cancellingTheCreateWizardCreatesNothingAndTabMovesThroughTheFields() {
        clickOn("#newSelfSigned");
        type("#commonName", "never.example.com");
        type(javafx.scene.input.KeyCode.TAB);
        assertThat(onFx(() -> lookup("#dnsNames").query().isFocused())).as("Tab from the common name").isTrue();
        type(javafx.scene.input.KeyCode.TAB);
        assertThat(onFx(() -> lookup("#organization").query().isFocused())).as("Tab from the DNS names").isTrue();
        clickButton("Cancel");
        assertThat(api().list()).noneMatch(s -> s.name().equals("never.example.com"));
        TextField filter = lookup("#filter").queryAs(TextField.class);
        assertThat(filter).isNotNull();
    }
}

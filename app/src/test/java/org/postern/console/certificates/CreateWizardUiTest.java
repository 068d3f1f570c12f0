package org.postern.console.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.ComboBox;
import org.junit.jupiter.api.Test;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.KeyType;

/** Wizard 1 through the real screens: create a self-signed certificate (CERT-2..4, CON-3). */
class CreateWizardUiTest extends ConsoleUiTest {

    @Test
    void createSelfSignedShowsItInTheTable() {
        waitFor(() -> rowNamed("Demo").isPresent());
        clickOn("#newSelfSigned");
        waitFor(() -> visible("#commonName"));
        shot("create-1-empty");
        assertThat(button("Next").isDisabled()).isTrue();

        type("#commonName", "mx1.example.com");
        assertThat(text("#dnsNames")).isEqualTo("mx1.example.com");
        type("#country", "XX");
        waitFor(() -> text("#pageProblem").contains("ISO 3166"));
        assertThat(button("Next").isDisabled()).isTrue();
        shot("create-1-invalid-country");
        type("#country", "DE");
        type("#organization", "Example GmbH");
        type("#dnsNames", "mx1.example.com, mail.example.com");
        waitFor(() -> !button("Next").isDisabled());
        shot("create-1-subject");
        clickButton("Next");

        waitFor(() -> visible("#keyType"));
        @SuppressWarnings("unchecked")
        ComboBox<KeyType> key = lookup("#keyType").queryAs(ComboBox.class);
        assertThat(key.getValue()).isEqualTo(KeyType.RSA_2048);
        assertThat(key.getItems()).doesNotContain(KeyType.LEGACY_RSA_1024);
        clickOn("#allowLegacy");
        interact(() -> key.setValue(KeyType.LEGACY_RSA_1024));
        waitFor(() -> visible("#legacyWarning"));
        shot("create-2-legacy-warning");
        clickOn("#allowLegacy");
        waitFor(() -> !visible("#legacyWarning"));
        interact(() -> key.setValue(KeyType.EC_P256));
        assertThat(text("#validityDays")).isEqualTo("365");
        shot("create-2-key");
        clickButton("Next");

        waitFor(() -> lookup("mx1.example.com, mail.example.com").tryQuery().isPresent());
        shot("create-3-summary");
        clickButton("Create");

        waitFor(() -> text("#createdMessage").startsWith("Created \"mx1.example.com\""));
        shot("create-4-done");
        clickButton("Finish");

        waitFor(() -> rowNamed("mx1.example.com").isPresent());
        assertThat(rowNamed("mx1.example.com").orElseThrow().dnsNames())
                .containsExactly("mx1.example.com", "mail.example.com");
        assertThat(rowNamed("mx1.example.com").orElseThrow().status()).isEqualTo(CertificateStatus.SELF_SIGNED);
        assertThat(api().details("mx1.example.com").summary().subject()).contains("O=Example GmbH");
        waitFor(() -> text("#detailName").equals("mx1.example.com"));
        shot("main-after-create");
    }

    @Test
    void longCreationShowsProgressAndCanBeCancelledLeavingNothingBehind() {
        gateway.slowMethods.add("createSelfSigned");
        clickOn("#newSelfSigned");
        type("#commonName", "slow.example.com");
        clickButton("Next");
        @SuppressWarnings("unchecked")
        ComboBox<KeyType> key = lookup("#keyType").queryAs(ComboBox.class);
        interact(() -> key.setValue(KeyType.RSA_4096));
        clickButton("Next");
        clickButton("Create");
        waitFor(() -> visible("#cancelTask"));
        assertThat(button("Finish").isDisabled()).isTrue();
        shot("create-4-running");
        clickOn("#cancelTask");
        waitFor(() -> visible("#operationCancelled"));
        shot("create-4-cancelled");
        clickButton("Finish");
        // the engine call cannot be interrupted: once it returns, the console removes what it made
        waitFor(() -> gateway.finished.contains("delete"));
        assertThat(api().list()).noneMatch(s -> s.name().equals("slow.example.com"));
        assertThat(rowNamed("slow.example.com")).isEmpty();
    }
}

package org.postern.console.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.control.Button;
import org.junit.jupiter.api.Test;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;

/** The step that does the work is named for it; after it, Previous cannot submit again; a failure offers Retry or Back. */
class WizardActionsUiTest extends ConsoleUiTest {

    private boolean shown(String text) {
        return onFx(() -> lookup(".button").match((Button b) -> b.getText() != null
                && text.equals(b.getText().replace("_", "").strip()) && b.isVisible() && b.getScene() != null)
                .tryQuery().isPresent());
    }

    @Test
    void createIsNamedAndAFailureOffersRetryOrBackNotFinish() {
        waitFor(() -> rowNamed("Demo").isPresent());
        clickOn("#newSelfSigned");
        type("#commonName", "twice.example.com");
        clickButton("Next");
        waitFor(() -> visible("#keyType"));
        clickButton("Next");
        waitFor(() -> shown("Create"));
        assertThat(shown("Next")).isFalse();
        shot("wizards-create-summary");

        // the same name appears in the store meanwhile: the engine refuses the creation
        api().createSelfSigned(new NewCertificateRequest("twice.example.com", "twice.example.com", List.of(), null,
                null, null, null, null, 30, KeyType.EC_P256, true));
        clickButton("Create");
        waitFor(() -> shown("Retry"));
        assertThat(shown("Back")).isTrue();
        assertThat(shown("Finish")).isFalse();
        shot("wizards-create-failed");

        // the conflict is resolved elsewhere; Retry creates without going back
        api().delete("twice.example.com");
        clickButton("Retry");
        waitFor(() -> text("#createdMessage").startsWith("Created \"twice.example.com\""));
        waitFor(() -> shown("Finish"));
        assertThat(shown("Back")).isFalse();
        assertThat(shown("Previous")).isFalse();
        assertThat(shown("Retry")).isFalse();
        shot("wizards-create-done");
        clickButton("Finish");
        waitFor(() -> rowNamed("twice.example.com").isPresent());
        assertThat(api().list()).filteredOn(s -> s.name().equals("twice.example.com")).hasSize(1);
    }
}

package org.postern.console.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.ComboBox;
import javafx.scene.input.KeyCode;
import org.junit.jupiter.api.Test;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.engine.api.KeyType;

/** The wizards from the keyboard: focus starts in the first field, Enter in a combo box stays on the page. */
class WizardKeyboardUiTest extends ConsoleUiTest {

    @Test
    void ctrlNOpensTheCreateWizardReadyToTypeTheCommonName() {
        waitFor(() -> rowNamed("Demo").isPresent());
        press(KeyCode.SHORTCUT, KeyCode.N).release(KeyCode.N).release(KeyCode.SHORTCUT);
        waitFor(() -> visible("#commonName"));
        // the desktop gives a new modal window the keyboard; the headless platform gives it to the
        // window last clicked: a click on the header text, which takes no focus itself
        javafx.scene.Node cn = lookup("#commonName").query();
        clickOn(lookup(".header-panel .label").match((javafx.scene.Node n) -> n.getScene() == cn.getScene())
                .<javafx.scene.Node>query());
        assertThat(onFx(() -> cn.getScene().getFocusOwner())).isSameAs(cn);
        write("mx1.example.com");
        waitFor(() -> text("#commonName").equals("mx1.example.com"));
    }

    @Test
    void enterInAComboBoxChoosesWithoutLeavingThePage() {
        waitFor(() -> rowNamed("Demo").isPresent());
        clickOn("#newSelfSigned");
        waitFor(() -> visible("#commonName"));
        type("#commonName", "enter.example.com");
        clickButton("Next");
        waitFor(() -> visible("#keyType"));
        @SuppressWarnings("unchecked")
        ComboBox<KeyType> key = lookup("#keyType").queryAs(ComboBox.class);
        clickOn(key);
        waitFor(key::isShowing);
        type(KeyCode.DOWN);
        type(KeyCode.ENTER);
        waitFor(() -> !key.isShowing());
        assertThat(key.getValue()).isNotEqualTo(KeyType.RSA_2048);
        // still on the key page: the summary was not reached by the Enter that chose the key
        assertThat(visible("#keyType")).isTrue();
        type(KeyCode.ENTER);
        assertThat(visible("#keyType")).isTrue();
    }
}

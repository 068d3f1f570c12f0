package org.postern.console.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.console.testsupport.Smtp;

/** The engine's state in the status bar, started and stopped through the real button. */
class EngineStateUiTest extends ConsoleUiTest {

    @Test
    void startAndStopChangeTheVisibleState() {
        useFreePorts();
        waitFor(() -> text("#engineStateText").startsWith("Engine stopped"));
        assertThat(text("#engineToggle")).isEqualTo("Start engine");
        assertThat(lookup("#engineStateText").query().getStyleClass()).contains("warning");

        clickOn("#engineToggle");
        waitFor(() -> text("#engineStateText").equals("Engine running · 2 of 2 listeners listening"));
        assertThat(text("#engineToggle")).isEqualTo("Stop engine");
        assertThat(lookup("#engineStateText").query().getStyleClass()).contains("success");
        int port = engine.engine().status().getFirst().port();
        assertThat(Smtp.session(port, "QUIT").getFirst()).startsWith("220 ");
        shot("engine-running");

        clickOn("#engineToggle");
        waitFor(() -> lookup(".dialog-pane").tryQuery().isPresent() && visible(".dialog-pane"));
        assertThat(engine.engine().running()).as("nothing stops before the administrator confirms").isTrue();
        shot("confirm-stop-engine");
        // the dialog's button, not the status bar's toggle of the same name
        clickOn(lookup(".dialog-pane .button").match((javafx.scene.control.Button b) -> "Stop engine".equals(b.getText()))
                .queryButton());
        waitFor(() -> text("#engineStateText").startsWith("Engine stopped"));
        assertThat(engine.engine().running()).isFalse();
        assertThat(text("#engineToggle")).isEqualTo("Start engine");
    }
}

package org.postern.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.console.testsupport.Smtp;
import org.postern.engine.EmbeddedGateway;

/** Quitting while the embedded engine runs stops the gateway: it is asked first, and only then. */
class QuitConfirmationTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private QuitConfirmation quit;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        Smtp.moveListenersToFreePorts(gateway);
        quit = new QuitConfirmation(dialogs, () -> gateway.engine().running());
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void aStoppedEngineQuitsWithoutAQuestion() {
        assertThat(quit.mayQuit()).isTrue();
        assertThat(dialogs.questions).isEmpty();
    }

    @Test
    void aRunningEngineQuitsOnlyWhenConfirmed() {
        gateway.engine().start();
        dialogs.confirmAnswer = false;
        assertThat(quit.mayQuit()).isFalse();
        assertThat(dialogs.questions).containsExactly("Quit the console and stop the mail gateway?");
        dialogs.confirmAnswer = true;
        assertThat(quit.mayQuit()).isTrue();
    }
}

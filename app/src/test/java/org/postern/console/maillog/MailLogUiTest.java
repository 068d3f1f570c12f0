package org.postern.console.maillog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.console.testsupport.Smtp;
import org.postern.engine.api.MailEvent;
import org.testfx.util.WaitForAsyncUtils;

/** Monitor › Mail Log: live events from a real SMTP session, filter, pause, export. */
class MailLogUiTest extends ConsoleUiTest {

    @SuppressWarnings("unchecked")
    private TableView<MailEvent> table() {
        return lookup("#mailLogTable").queryAs(TableView.class);
    }

    private long connectedRows() {
        return onFx(() -> table().getItems().stream().filter(e -> e.type() == MailEvent.Type.CONNECTED)
                .count());
    }

    @Test
    void showsASessionLiveFiltersPausesAndExports() throws Exception {
        useFreePorts();
        clickOn("#engineToggle");
        waitFor(() -> window.engineViewModel().runningProperty().get());
        open(Page.MAIL_LOG);
        waitFor(() -> window.mailLogViewModel().liveProperty().get());
        int port = engine.engine().status().getFirst().port();

        List<String> reply = Smtp.session(port, "EHLO x", "QUIT");
        assertThat(reply.getFirst()).startsWith("220 ");
        waitFor(() -> connectedRows() == 1
                && table().getItems().stream().anyMatch(e -> e.type() == MailEvent.Type.DISCONNECTED));
        assertThat(text("#coverageInbound")).isEqualTo("Inbound: 1 inbound connection · 0% with TLS (none 1)");
        shot("mail-log-live");

        // filter narrows
        int all = onFx(() -> table().getItems().size());
        clickOn("#logSearch").write("connection from 127.0.0.1");
        waitFor(() -> table().getItems().size() == 1);
        assertThat(table().getItems().getFirst().type()).isEqualTo(MailEvent.Type.CONNECTED);
        type("#logSearch", "");
        waitFor(() -> table().getItems().size() == all);
        interact(() -> window.mailLogViewModel().typeFilterProperty().set(MailEvent.Type.DISCONNECTED));
        waitFor(() -> table().getItems().size() == 1);
        interact(() -> window.mailLogViewModel().typeFilterProperty().set(null));

        // pause stops updates; resume shows what came meanwhile
        clickOn("#pauseLog");
        assertThat(text("#pauseLog")).isEqualTo("Resume");
        Smtp.session(port, "QUIT");
        engine.flushLog();
        waitFor(() -> window.mailLogViewModel().waitingProperty().get() >= 2);
        WaitForAsyncUtils.sleep(400, java.util.concurrent.TimeUnit.MILLISECONDS);
        assertThat(onFx(() -> table().getItems().size())).isEqualTo(all);
        assertThat(text("#logCount")).contains("paused");
        shot("mail-log-paused");
        clickOn("#pauseLog");
        waitFor(() -> table().getItems().size() >= all + 2);
        assertThat(connectedRows()).isEqualTo(2);

        // export the visible rows
        Path out = dir.resolve("export.csv");
        dialogs.willChoose(out);
        clickOn("#logSearch").write("connection from");
        waitFor(() -> table().getItems().size() == 2);
        clickOn("#exportLog");
        waitFor(() -> Files.exists(out) && visible(".dialog-message"));
        List<String> lines = Files.readAllLines(out);
        assertThat(lines).hasSize(3);
        assertThat(lines.getFirst()).startsWith("time,event,listener");
        clickButton("OK");
    }
}

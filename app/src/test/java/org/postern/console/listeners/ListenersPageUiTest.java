package org.postern.console.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.layout.VBox;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.console.testsupport.Smtp;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerSpec;

/** Network › Listeners through the real screens over the real engine. */
class ListenersPageUiTest extends ConsoleUiTest {

    private List<String> warningsIn(String box) {
        return onFx(() -> lookup(box).queryAs(VBox.class).getChildren().stream()
                .map(n -> ((Label) n).getText()).toList());
    }

    private void selectRow(String name) {
        waitFor(() -> window.listenersViewModel().row(name) != null);
        TableRow<?> row = lookup("#listenerTable .table-row-cell")
                .match((TableRow<?> r) -> r.getItem() instanceof ListenerRow l && l.name().equals(name)).query();
        clickOn(row);
        waitFor(() -> window.listenersViewModel().selectedProperty().get() != null
                && window.listenersViewModel().selectedProperty().get().name().equals(name));
    }

    @Test
    void addPreferredListenerSeeItListenEditToRequiredSeeTheWarningThenDelete() {
        useFreePorts();
        clickOn("#engineToggle");
        waitFor(() -> window.engineViewModel().runningProperty().get());
        open(Page.LISTENERS);
        shot("listeners-page");

        // add, with validation as you type
        clickOn("#addListener");
        waitFor(() -> visible("#listenerName"));
        assertThat(text("#pageProblem")).isEqualTo("enter a name for the listener");
        type("#listenerName", "Inbound");
        type("#listenerAddress", "127.0.0.300");
        waitFor(() -> text("#pageProblem").contains("is not an IP address"));
        assertThat(button("Next").isDisabled()).isTrue();
        type("#listenerAddress", "127.0.0.1");
        int port = Smtp.freePort();
        type("#listenerPort", Integer.toString(port));
        clickOn("#tlsPreferred");
        waitFor(() -> warningsIn("#listenerWarnings").stream().anyMatch(w -> w.contains("demo certificate")));
        shot("listener-add-preferred");
        clickButton("Next");
        waitFor(() -> !text("#listenerSaved").isEmpty()); // the label is there before the save finishes
        assertThat(warningsIn("#savedWarnings")).containsExactly(
                "listener 'Inbound' uses the demo certificate, which is not secure: choose your own certificate");
        shot("listener-added");
        clickButton("Finish");

        // listening: the table says so and the port greets
        waitFor(() -> window.listenersViewModel().row("Inbound") != null
                && window.listenersViewModel().row("Inbound").statusProperty().get() != null
                && window.listenersViewModel().row("Inbound").statusProperty().get().listening());
        List<String> reply = Smtp.session(port, "EHLO x", "QUIT");
        assertThat(reply.getFirst()).startsWith("220 ");
        assertThat(reply).contains("250-STARTTLS");
        assertThat(warningsIn("#listenerPageWarnings")).anyMatch(w -> w.contains("'Inbound' uses the demo certificate"));

        // edit to Required: RFC 3207 §4 warning, in the form, after saving and on the page
        selectRow("Inbound");
        clickOn("#editListener");
        waitFor(() -> visible("#tlsRequired"));
        clickOn("#tlsRequired");
        waitFor(() -> warningsIn("#listenerWarnings").stream().anyMatch(w -> w.contains("RFC 3207 §4")));
        shot("listener-edit-required");
        clickButton("Next");
        waitFor(() -> !text("#listenerSaved").isEmpty()); // the label is there before the save finishes
        assertThat(warningsIn("#savedWarnings")).contains("listener 'Inbound' is public and policy 'ACCEPTED' requires"
                + " TLS: RFC 3207 §4 says a publicly-referenced MX must not require TLS; servers without TLS cannot deliver");
        clickButton("Finish");
        waitFor(() -> warningsIn("#listenerPageWarnings").stream().anyMatch(w -> w.contains("RFC 3207 §4")));
        ListenerSpec saved = engine.listeners().get("Inbound");
        assertThat(saved.policy(saved.defaultPolicy()).tls()).isEqualTo(InboundTls.REQUIRED);
        assertThat(Smtp.session(port, "MAIL FROM:<a@example.org>", "QUIT"))
                .contains("530 5.7.0 Must issue a STARTTLS command first");
        shot("listeners-warnings");

        // delete, after confirming
        selectRow("Inbound");
        clickOn("#deleteListener");
        clickButton("Delete");
        waitFor(() -> window.listenersViewModel().row("Inbound") == null);
        assertThat(engine.listeners().list()).extracting(ListenerSpec::name).doesNotContain("Inbound");
    }
}

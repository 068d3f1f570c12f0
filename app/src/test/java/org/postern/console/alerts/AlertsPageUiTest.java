package org.postern.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.ComboBox;
import javafx.scene.control.TableRow;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.engine.alerts.AlertService;
import org.postern.engine.api.AlertApi.AlertRecipient;
import org.postern.engine.api.AlertApi.AlertType;
import org.postern.engine.api.AlertApi.Severity;

/** System Administration › Alerts through the real screens (ALR-1). */
class AlertsPageUiTest extends ConsoleUiTest {

    private AlertsViewModel vm() {
        return lookup("#alertsView").queryAs(AlertsView.class).viewModel();
    }

    @Test
    void aRecipientIsAddedAndRemovedAndRecentAlertsAreListed() {
        ((AlertService) engine.alerts()).send(AlertType.SYSTEM, Severity.WARNING, "required-tls:example.com",
                "required TLS to example.com failed", "details");
        engine.flushLog();
        clickOn("#" + Page.ALERTS.navId());
        waitFor(() -> visible("#alertsView") && vm().loadedProperty().get());
        assertThat(vm().recent()).hasSize(1);
        assertThat(lookup("#addRecipient").query().isDisabled()).isTrue();

        type("#alertAddress", "postmaster@localhost");
        waitFor(() -> visible("#alertProblem"));
        assertThat(text("#alertProblem")).isEqualTo("alert recipient 'postmaster@localhost': the domain 'localhost'"
                + " is not fully qualified (needs at least two labels)");
        assertThat(lookup("#addRecipient").query().isDisabled()).isTrue();
        type("#alertAddress", "security@example.com");
        @SuppressWarnings("unchecked")
        ComboBox<AlertType> type = lookup("#alertType").queryAs(ComboBox.class);
        interact(() -> type.setValue(AlertType.SECURITY));
        waitFor(() -> !lookup("#addRecipient").query().isDisabled());
        shot("alerts-add");
        clickOn("#addRecipient");
        AlertRecipient added = new AlertRecipient("security@example.com", AlertType.SECURITY, Severity.WARNING);
        waitFor(() -> vm().recipients().contains(added));
        assertThat(engine.alerts().recipients()).containsExactly(added);
        assertThat(text("#alertAddress")).isEmpty();
        shot("alerts-page");

        clickOn(lookup("#recipientTable .table-row-cell").match((TableRow<?> r) -> added.equals(r.getItem()))
                .<TableRow<?>>query());
        clickOn("#removeRecipient");
        waitFor(() -> lookup(".dialog-pane").tryQuery().isPresent() && visible(".dialog-pane"));
        shot("alerts-remove-confirm");
        clickButton("Remove");
        waitFor(() -> vm().recipients().isEmpty());
        assertThat(engine.alerts().recipients()).isEmpty();
    }
}

package org.postern.console.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.TableRow;
import javafx.scene.control.TextArea;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.SenderGroup;

/** Mail Policies › Mail Flow Policies through the real screens over the real engine. */
class PoliciesPageUiTest extends ConsoleUiTest {

    @Test
    void addAPolicyAndASenderGroupMoveItFirstAndSave() {
        open(Page.MAIL_FLOW_POLICIES);
        waitFor(() -> "IncomingMail".equals(window.listenersViewModel().rows().isEmpty() ? null
                : lookup("#policyListener").queryComboBox().getValue()));
        waitFor(() -> lookup("#groupTable").queryTableView().getItems().size() == 2);
        shot("policies-page");

        clickOn("#addPolicy");
        waitFor(() -> visible("#policyName"));
        type("#policyName", "SECURE");
        clickOn("#policyTlsRequired");
        type("#policyMaxSize", "12");
        waitFor(() -> text("#pageProblem").contains("1024 bytes"));
        type("#policyMaxSize", "10485760");
        shot("policy-dialog");
        clickButton("Finish");
        waitFor(() -> lookup("#policyTable").queryTableView().getItems().size() == 4);

        clickOn("#addGroup");
        waitFor(() -> visible("#groupName"));
        type("#groupName", "PARTNERS");
        TextArea patterns = lookup("#groupPatterns").queryAs(TextArea.class);
        clickOn(patterns);
        write("192.0.2.0/33");
        waitFor(() -> text("#pageProblem").contains("prefix length"));
        interact(patterns::clear);
        write("192.0.2.0/24\n.partner.example");
        interact(() -> lookup("#groupPolicy").queryComboBox().getSelectionModel().select("SECURE"));
        waitFor(() -> text("#pageProblem").isEmpty());
        shot("group-dialog");
        clickButton("Finish");
        waitFor(() -> lookup("#groupTable").queryTableView().getItems().size() == 3);
        assertThat(visible("#unsavedChanges")).isTrue();

        TableRow<?> row = lookup("#groupTable .table-row-cell")
                .match((TableRow<?> r) -> r.getItem() instanceof SenderGroup g && g.name().equals("PARTNERS")).query();
        clickOn(row);
        clickOn("#moveGroupUp");
        clickOn("#moveGroupUp");
        clickOn("#savePolicies");
        waitFor(() -> !visible("#unsavedChanges"));
        shot("policies-saved");

        ListenerSpec saved = engine.listeners().get("IncomingMail");
        assertThat(saved.senderGroups()).first().isEqualTo(
                new SenderGroup("PARTNERS", java.util.List.of("192.0.2.0/24", ".partner.example"), "SECURE"));
        assertThat(saved.policy("SECURE")).isEqualTo(
                new MailFlowPolicy("SECURE", PolicyAction.ACCEPT, InboundTls.REQUIRED, 10485760, 1000));
        // the engine's RFC 3207 §4 warning for the public listener is shown with the table
        waitFor(() -> lookup("#policyWarnings .label").queryAll().stream()
                .anyMatch(n -> ((javafx.scene.control.Label) n).getText().contains("policy 'SECURE' requires TLS")));

        // delete the group again and save
        TableRow<?> again = lookup("#groupTable .table-row-cell")
                .match((TableRow<?> r) -> r.getItem() instanceof SenderGroup g && g.name().equals("PARTNERS")).query();
        clickOn(again);
        clickOn("#deleteGroup");
        clickOn("#savePolicies");
        waitFor(() -> !visible("#unsavedChanges"));
        assertThat(engine.listeners().get("IncomingMail").senderGroups()).extracting(SenderGroup::name)
                .containsExactly("ALLOWLIST", "BLOCKLIST");
    }
}

package org.postern.console.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TreeView;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.console.testsupport.TestCa;
import org.postern.console.testsupport.TinySmtpServer;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;

/** Mail Policies › Destination Controls through the real screens (DLV-1..9, DANE-1). */
class DestinationsPageUiTest extends ConsoleUiTest {

    private DestinationsViewModel vm() {
        return lookup("#destinationsView").queryAs(DestinationsView.class).viewModel();
    }

    private void openPage() {
        clickOn("#" + Page.DESTINATION_CONTROLS.navId());
        waitFor(() -> visible("#destinationsView") && vm().loadedProperty().get() && !vm().loadingProperty().get());
    }

    private DestinationApi destinations() {
        return engine.destinations();
    }

    private void selectRow(String domain) {
        waitFor(() -> vm().entries().stream().anyMatch(e -> e.domain().equals(domain)));
        TableRow<?> row = lookup("#destinationTable .table-row-cell").match((TableRow<?> r) ->
                r.getItem() instanceof DestinationEntry e && e.domain().equals(domain)).query();
        clickOn(row);
        waitFor(() -> vm().selectedProperty().get() != null && vm().selectedProperty().get().domain().equals(domain));
    }

    @SuppressWarnings("unchecked")
    private <T> ComboBox<T> combo(String id) {
        return lookup(id).queryAs(ComboBox.class);
    }

    @Test
    void anEntryWithRequiredVerifyIsAddedAndSaved() {
        openPage();
        assertThat(vm().entries().getFirst().isDefault()).isTrue();
        assertThat(lookup("#deleteDestination").query().isDisabled()).isTrue();
        shot("destinations-page");
        clickOn("#addDestination");
        waitFor(() -> visible("#entryDomain"));
        assertThat(button("Save").isDisabled()).isTrue();
        type("#entryDomain", "not a domain");
        waitFor(() -> text("#entryProblem").startsWith("destination domain 'not a domain' is not a valid"));
        assertThat(button("Save").isDisabled()).isTrue();
        type("#entryDomain", "partner.example.com");
        ComboBox<OutboundTls> tls = combo("#entryTls");
        assertThat(tls.getItems()).hasSize(7);
        interact(() -> tls.setValue(OutboundTls.REQUIRED_VERIFY));
        assertThat(text("#entryTlsExplanation")).startsWith("TLS and a verified certificate");
        type("#entryRoute", "smtp.example.net:99999");
        waitFor(() -> text("#entryProblem").equals("route 'smtp.example.net:99999': port outside 1–65535"));
        assertThat(button("Save").isDisabled()).isTrue();
        shot("destination-add-invalid-route");
        type("#entryRoute", "smtp.example.net:2525");
        type("#entryMaxConnections", "5");
        waitFor(() -> !button("Save").isDisabled());
        shot("destination-add");
        clickButton("Save");

        waitFor(() -> lookup("#entryDomain").tryQuery().isEmpty());
        DestinationEntry stored = destinations().get("partner.example.com");
        assertThat(stored.tls()).isEqualTo(OutboundTls.REQUIRED_VERIFY);
        assertThat(stored.route()).isEqualTo("smtp.example.net:2525");
        assertThat(stored.maxConnections()).isEqualTo(5);
        waitFor(() -> vm().selectedProperty().get() != null
                && vm().selectedProperty().get().domain().equals("partner.example.com"));
        assertThat(text("#destinationExplanation")).contains("Required (Verify)");
        assertThat(lookup("#deleteDestination").query().isDisabled()).isFalse();
        shot("destinations-after-add");
    }

    @Test
    void daneIsRefusedWhenTheTlsSettingIsNone() {
        openPage();
        clickOn("#addDestination");
        waitFor(() -> visible("#entryDomain"));
        type("#entryDomain", "clear.example.com");
        ComboBox<DaneSetting> dane = combo("#entryDane");
        interact(() -> combo("#entryTls").setValue(OutboundTls.PREFERRED));
        interact(() -> dane.setValue(DaneSetting.OPPORTUNISTIC));
        assertThat(dane.isDisabled()).isFalse();
        interact(() -> combo("#entryTls").setValue(OutboundTls.NONE));
        waitFor(dane::isDisabled);
        assertThat(dane.getValue()).isEqualTo(DaneSetting.NONE);
        assertThat(text("#entryDaneExplanation")).startsWith("DANE needs TLS");
        assertThat(lookup("#entryReconnect").queryAs(CheckBox.class).isDisabled()).isTrue();
        shot("destination-dane-refused");
        clickButton("Save");
        waitFor(() -> lookup("#entryDomain").tryQuery().isEmpty());
        DestinationEntry stored = destinations().get("clear.example.com");
        assertThat(stored.tls()).isEqualTo(OutboundTls.NONE);
        assertThat(stored.dane()).isEqualTo(DaneSetting.NONE);
    }

    @Test
    void theDaneColumnShowsWhatDeliveryDoes() {
        destinations().save(new DestinationEntry("default", OutboundTls.PREFERRED, DaneSetting.OPPORTUNISTIC, 20, null, false));
        destinations().save(new DestinationEntry("inherits.example", OutboundTls.DEFAULT, DaneSetting.DEFAULT, 5, null, false));
        destinations().save(new DestinationEntry("strict.example", OutboundTls.REQUIRED, DaneSetting.MANDATORY, 5, null, false));
        destinations().save(new DestinationEntry("clear.example", OutboundTls.NONE, DaneSetting.NONE, 5, null, false));
        openPage();
        waitFor(() -> vm().entries().size() == 4);
        java.util.Map<String, String> cells = new java.util.HashMap<>();
        for (TableRow<?> row : lookup("#destinationTable .table-row-cell").queryAllAs(TableRow.class)) {
            if (row.getItem() instanceof DestinationEntry e) {
                cells.put(e.domain(), row.lookupAll(".table-cell").stream().map(c -> ((javafx.scene.control.TableCell<?, ?>) c))
                        .filter(c -> "DANE".equals(c.getTableColumn().getText())).findFirst().orElseThrow().getText());
            }
        }
        assertThat(cells).containsEntry("default", "Opportunistic").containsEntry("inherits.example", "Default (Opportunistic)")
                .containsEntry("strict.example", "Mandatory").containsEntry("clear.example", "n/a (TLS None)");
        shot("destinations-dane-column");
    }

    @Test
    void theDefaultEntryIsEdited() {
        openPage();
        selectRow("default");
        doubleClickOn(lookup("#destinationTable .table-row-cell").match((TableRow<?> r) ->
                r.getItem() instanceof DestinationEntry e && e.isDefault()).<TableRow<?>>query());
        waitFor(() -> visible("#entryTls"));
        assertThat(lookup("#entryDomain").queryAs(javafx.scene.control.TextField.class).isEditable()).isFalse();
        ComboBox<OutboundTls> tls = combo("#entryTls");
        assertThat(tls.getItems()).doesNotContain(OutboundTls.DEFAULT);
        interact(() -> tls.setValue(OutboundTls.REQUIRED));
        type("#entryMaxConnections", "12");
        shot("destination-edit-default");
        clickButton("Save");
        waitFor(() -> lookup("#entryTls").tryQuery().isEmpty());
        assertThat(destinations().get("default").tls()).isEqualTo(OutboundTls.REQUIRED);
        assertThat(destinations().get("default").maxConnections()).isEqualTo(12);
        waitFor(() -> vm().entries().getFirst().tls() == OutboundTls.REQUIRED);
    }

    @Test
    void globalSettingsAreSaved() {
        openPage();
        assertThat(lookup("#saveGlobals").query().isDisabled()).isTrue();
        ComboBox<String> certificate = combo("#clientCertificate");
        assertThat(certificate.getItems()).contains("", "Demo");
        interact(() -> certificate.setValue("Demo"));
        clickOn("#requiredTlsAlert");
        clickOn("#daneAlert");
        clickOn("#fqdnCheck");
        type("#queueLifetime", "0");
        waitFor(() -> visible("#globalsProblem"));
        assertThat(lookup("#saveGlobals").query().isDisabled()).isTrue();
        type("#queueLifetime", "48");
        waitFor(() -> !lookup("#saveGlobals").query().isDisabled());
        shot("destination-globals");
        clickOn("#saveGlobals");
        waitFor(() -> text("#globalsStatus").equals("Saved."));
        assertThat(destinations().globalSettings()).isEqualTo(new DestinationApi.GlobalSettings("Demo", true, 48, true, false, true));
        assertThat(lookup("#saveGlobals").query().isDisabled()).isTrue();
    }

    @Test
    void testThisDestinationShowsTheStepsChainAndVerdict() throws Exception {
        TestCa ca = new TestCa("Probe UI Root");
        try (TinySmtpServer server = new TinySmtpServer("partner.example.com", ca)) {
            destinations().save(new DestinationEntry("partner.example.com", OutboundTls.REQUIRED_VERIFY, DaneSetting.DEFAULT,
                    5, server.route(), false));
            openPage();
            selectRow("partner.example.com");
            clickOn("#testDestination");
            // it starts at once for the selected entry, with the entry's own setting
            waitFor(() -> visible("#probeVerdict0"));
            assertThat(text("#probeDomain")).isEqualTo("partner.example.com");
            assertThat(text("#probeSummary")).contains("Required (Verify)");
            Label verdict = lookup("#probeVerdict0").queryAs(Label.class);
            assertThat(verdict.getText()).contains("would not deliver");
            assertThat(verdict.getStyleClass()).contains("danger");
            assertThat(text("#probeResultType0")).isEqualTo("RFC 8460: certificate-not-trusted");
            assertThat(text("#probeTls0")).startsWith("TLSv1.3 · ");
            assertThat(lookup("#probeSteps0 .label").queryAllAs(Label.class))
                    .anyMatch(l -> l.getText().contains("route " + server.route()));
            TreeView<?> chain = lookup("#probeChain0").queryAs(TreeView.class);
            assertThat(chain.getRoot().getChildren()).hasSize(1);
            shot("probe-not-trusted");

            interact(() -> combo("#probeSetting").setValue(OutboundTls.PREFERRED));
            clickOn("#runProbe");
            waitFor(() -> visible("#probeVerdict0")
                    && lookup("#probeVerdict0").queryAs(Label.class).getStyleClass().contains("success"));
            assertThat(text("#probeSummary")).contains("tested with TLS setting Preferred");
            assertThat(text("#probeVerdict0")).contains("would deliver");
            assertThat(lookup("#probeResultType0").tryQuery()).isEmpty();
            shot("probe-preferred");

            // a slow probe shows its progress and can be cancelled
            gateway.slowMethods.add("probe");
            clickOn("#runProbe");
            waitFor(() -> visible("#cancelTask"));
            clickOn("#cancelTask");
            waitFor(() -> visible("#operationCancelled"));
            clickButton("Close");
            waitFor(() -> lookup("#probeDomain").tryQuery().isEmpty());
        }
    }
}

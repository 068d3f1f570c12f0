package org.postern.console.destinations;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.postern.console.common.Tables;
import org.postern.console.common.Controls;
import org.postern.console.common.Form;
import org.postern.console.common.Operation;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;

/**
 * Mail Policies › Destination Controls: the entries (the default entry first) with add, edit,
 * delete and "Test this destination", and the global outbound settings below them.
 */
public final class DestinationsView extends BorderPane {

    private final DestinationsViewModel vm;
    private final DestinationDialogs dialogs;
    private final TableView<DestinationEntry> table = new TableView<>();
    private final BooleanBinding noSelection;
    private final BooleanBinding notDeletable;

    public DestinationsView(DestinationsViewModel vm) {
        this.vm = vm;
        this.dialogs = new DestinationDialogs(vm);
        setId("destinationsView");
        getStyleClass().add("destinations-view");
        noSelection = vm.selectedProperty().isNull();
        notDeletable = Bindings.createBooleanBinding(
                () -> vm.selectedProperty().get() == null || vm.selectedProperty().get().isDefault(), vm.selectedProperty());

        Label heading = new Label("Destination Controls");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("How mail leaves Postern, per recipient domain: the TLS and DANE settings, the "
                + "connection limit and an optional route. The most specific entry applies: the domain itself, "
                + "then .parent-domain entries, then the default entry.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);

        Button add = toolButton("addDestination", "Add destination…", "A new entry for a domain or .parent-domain");
        add.getStyleClass().add("accent");
        add.setOnAction(e -> add());
        Button edit = toolButton("editDestination", "Edit…", "Change the selected entry (or double-click it)");
        edit.disableProperty().bind(noSelection);
        edit.setOnAction(e -> edit());
        Button test = toolButton("testDestination", "Test this destination…",
                "Probe the selected entry's hosts as delivery would: connect, STARTTLS, certificate check (no mail is sent)");
        test.disableProperty().bind(noSelection);
        test.setOnAction(e -> testSelected());
        Button testDomain = toolButton("testDomain", "Test a domain…",
                "Probe any recipient domain under the entry that applies to it (no mail is sent)");
        testDomain.setOnAction(e -> dialogs.probe(""));
        Button delete = toolButton("deleteDestination", "Delete…", "Remove the selected entry (not the default entry)");
        delete.disableProperty().bind(notDeletable);
        delete.getStyleClass().add("danger");
        delete.setOnAction(e -> vm.delete(vm.selectedProperty().get()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, add, edit, test, delete, spacer, testDomain);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("page-toolbar");

        VBox top = new VBox(8, new VBox(2, heading, sub), toolbar);
        top.getStyleClass().add("page-header");
        setTop(top);

        buildTable();
        Label selection = new Label();
        selection.setId("destinationExplanation");
        selection.setWrapText(true);
        selection.setMinHeight(Region.USE_PREF_SIZE);
        selection.getStyleClass().add("note");
        selection.textProperty().bind(Bindings.createStringBinding(this::explainSelection,
                vm.selectedProperty(), vm.defaultEntryProperty()));

        VBox body = new VBox(10, table, selection, globalSettings());
        VBox.setVgrow(table, Priority.ALWAYS);
        body.getStyleClass().add("page-body");
        setCenter(body);
    }

    private static Button toolButton(String id, String text, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(false);
        b.setTooltip(new Tooltip(tip));
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private String explainSelection() {
        DestinationEntry e = vm.selectedProperty().get();
        if (e == null) {
            return "Select an entry to see what its settings mean. Double-click to edit it.";
        }
        DestinationEntry def = vm.defaultEntryProperty().get();
        OutboundTls tls = e.tls() == OutboundTls.DEFAULT && def != null ? def.tls() : e.tls();
        DaneSetting dane = e.dane() == DaneSetting.DEFAULT && def != null ? def.dane() : e.dane();
        return DestinationLabels.domain(e) + ": TLS " + DestinationLabels.describe(tls)
                + (e.tls() == OutboundTls.DEFAULT ? " (from the default entry)" : "")
                + ".  DANE " + DestinationLabels.describe(dane)
                + (e.dane() == DaneSetting.DEFAULT ? " (from the default entry)" : "") + ".";
    }

    // ------------------------------------------------------------------ table

    private void buildTable() {
        table.setId("destinationTable");
        table.getStyleClass().add("dense");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("Loading…");
        empty.getStyleClass().add("placeholder-text");
        table.setPlaceholder(empty);
        table.setMinHeight(160);

        TableColumn<DestinationEntry, String> domain = column("Domain", DestinationLabels::domain, 220);
        TableColumn<DestinationEntry, String> tls = column("TLS setting",
                e -> DestinationLabels.tlsColumn(e, vm.defaultEntryProperty().get()), 220);
        TableColumn<DestinationEntry, String> dane = column("DANE",
                e -> DestinationLabels.daneColumn(e, vm.defaultEntryProperty().get()), 180);
        TableColumn<DestinationEntry, String> max = column("Max connections",
                e -> Integer.toString(e.maxConnections()), 120);
        max.setStyle("-fx-alignment: CENTER-RIGHT;");
        max.setMinWidth(150);
        TableColumn<DestinationEntry, String> route = column("Route", DestinationLabels::route, 150);
        TableColumn<DestinationEntry, String> clear = column("Reconnect in clear",
                e -> e.reconnectInClear() ? "yes (after a failed handshake)" : "no", 160);
        clear.setMinWidth(150);
        table.getColumns().addAll(List.of(domain, tls, dane, max, route, clear));
        // the engine's order: the default entry first, then by domain
        table.setItems(vm.entries());
        for (TableColumn<DestinationEntry, ?> c : table.getColumns()) {
            c.setSortable(false);
        }

        table.setRowFactory(tv -> {
            TableRow<DestinationEntry> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    edit();
                }
            });
            return row;
        });
        Tables.bindSelection(table, vm.selectedProperty(), false);
        vm.entries().addListener((ListChangeListener<DestinationEntry>) c -> {
            empty.setText("No entries.");
            table.refresh();
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && !notDeletable.get()) {
                vm.delete(vm.selectedProperty().get());
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && !noSelection.get()) {
                edit();
                e.consume();
            }
        });
        table.setContextMenu(new ContextMenu(
                item("Edit…", this::edit, noSelection),
                item("Test this destination…", this::testSelected, noSelection),
                new SeparatorMenuItem(),
                item("Delete…", () -> vm.delete(vm.selectedProperty().get()), notDeletable)));
    }


    private static MenuItem item(String text, Runnable action, BooleanBinding disabled) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> action.run());
        item.disableProperty().bind(disabled);
        return item;
    }

    // ---------------------------------------------------------- global settings

    private VBox globalSettings() {
        Label title = new Label("Global outbound settings");
        title.getStyleClass().add("section-title");
        Label note = new Label("For every destination (the vendor's destconfig setup).");
        note.getStyleClass().add("note");

        ComboBox<String> certificate = new ComboBox<>();
        certificate.setId("clientCertificate");
        certificate.setMaxWidth(360);
        Runnable fillCertificates = () -> {
            String current = vm.clientCertificateProperty().get();
            certificate.getItems().setAll("");
            certificate.getItems().addAll(vm.certificateNames());
            certificate.setValue(current == null ? "" : current);
        };
        vm.certificateNames().addListener((ListChangeListener<String>) c -> fillCertificates.run());
        fillCertificates.run();
        certificate.setButtonCell(certificateCell());
        certificate.setCellFactory(lv -> certificateCell());
        certificate.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.clientCertificateProperty().set(b.isEmpty() ? null : b);
            }
        });
        vm.clientCertificateProperty().addListener((o, a, b) -> certificate.setValue(b == null ? "" : b));

        Label clientNote = new Label("Offered to servers that ask for a client certificate; one for all "
                + "destinations.");
        clientNote.getStyleClass().add("note");
        CheckBox alert = new CheckBox("Send an alert when a required TLS connection fails (to System / Warning "
                + "alert recipients)");
        alert.setId("requiredTlsAlert");
        alert.selectedProperty().bindBidirectional(vm.requiredTlsAlertProperty());
        CheckBox daneAlert = new CheckBox("Send an alert when DANE authentication fails on every MX host of a "
                + "destination (to Security / Warning alert recipients)");
        daneAlert.setId("daneAlert");
        daneAlert.selectedProperty().bindBidirectional(vm.daneAlertProperty());
        TextField lifetime = Controls.numberField("queueLifetime", vm.queueLifetimeHoursProperty(), 5);
        lifetime.setMaxWidth(90);
        Label hours = new Label("hours: mail that cannot be sent (for example for lack of required TLS) is "
                + "bounced with the reason after this time");
        hours.getStyleClass().add("note");
        hours.setWrapText(true);
        HBox lifetimeRow = new HBox(8, lifetime, hours);
        lifetimeRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(hours, Priority.ALWAYS);
        CheckBox fqdn = new CheckBox("FQDN check: the certificate's CN and DNS names must be fully-qualified "
                + "domain names (Verify settings)");
        fqdn.setId("fqdnCheck");
        fqdn.selectedProperty().bindBidirectional(vm.fqdnCheckProperty());
        CheckBox algorithms = new CheckBox("Algorithm check: refuse MD5 and SHA-1 signatures and RSA keys under "
                + "2048 bits (Verify settings)");
        algorithms.setId("algorithmCheck");
        algorithms.selectedProperty().bindBidirectional(vm.algorithmCheckProperty());

        Label problem = new Label();
        problem.setId("globalsProblem");
        problem.getStyleClass().add("danger");
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            String p = vm.queueLifetimeProblem();
            return p == null ? "" : p;
        }, vm.queueLifetimeHoursProperty()));
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        Operation<?> save = vm.globalSave();
        Button saveButton = new Button("Save settings");
        saveButton.setId("saveGlobals");
        saveButton.getStyleClass().add("accent");
        saveButton.disableProperty().bind(vm.globalsChangedBinding().not().or(problem.visibleProperty())
                .or(save.runningBinding()));
        saveButton.setOnAction(e -> vm.saveGlobals());
        Button revert = new Button("Revert");
        revert.setId("revertGlobals");
        revert.disableProperty().bind(vm.globalsChangedBinding().not().or(save.runningBinding()));
        revert.setOnAction(e -> vm.revertGlobals());
        Label status = new Label();
        status.setId("globalsStatus");
        status.setWrapText(true);
        status.textProperty().bind(Bindings.createStringBinding(() -> switch (save.getState()) {
            case RUNNING -> "Saving…";
            case SUCCEEDED -> vm.globalsChangedBinding().get() ? "" : "Saved.";
            case FAILED -> "The engine refused: " + save.getError() + " Nothing was changed.";
            default -> "";
        }, save.stateProperty(), save.errorProperty(), vm.globalsChangedBinding()));
        status.getStyleClass().add("globals-status");
        save.stateProperty().addListener((o, a, b) -> {
            status.getStyleClass().removeAll("success", "danger");
            if (b == Operation.State.SUCCEEDED) {
                status.getStyleClass().add("success");
            } else if (b == Operation.State.FAILED) {
                status.getStyleClass().add("danger");
            }
        });
        HBox buttons = new HBox(8, saveButton, revert, status);
        buttons.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(status, Priority.ALWAYS);

        Form form = new Form()
                .add("Client _certificate", certificate)
                .addWide(clientNote)
                .add("_Queue lifetime", lifetimeRow)
                .addWide(alert)
                .addWide(daneAlert)
                .addWide(fqdn)
                .addWide(algorithms)
                .addWide(problem)
                .addWide(buttons);
        VBox box = new VBox(6, new HBox(10, title, note), form);
        box.setId("globalSettings");
        box.getStyleClass().add("global-settings");
        return box;
    }

    private static ListCell<String> certificateCell() {
        return new ListCell<>() {
            @Override
            protected void updateItem(String name, boolean empty) {
                super.updateItem(name, empty);
                setText(empty || name == null ? null : name.isEmpty() ? "None (no client certificate)" : name);
            }
        };
    }

    // ---------------------------------------------------------------- actions

    private void add() {
        dialogs.editEntry(vm.entryModel(null));
    }

    private void edit() {
        DestinationEntry e = vm.selectedProperty().get();
        if (e != null) {
            dialogs.editEntry(vm.entryModel(e));
        }
    }

    private void testSelected() {
        DestinationEntry e = vm.selectedProperty().get();
        if (e != null) {
            dialogs.probe(ProbeModel.domainFor(e.domain()));
        }
    }

    /** Called when the page is shown: reloads (certificates may have changed elsewhere). */
    public void shown() {
        vm.refresh();
    }

    public DestinationsViewModel viewModel() {
        return vm;
    }

    public TableView<DestinationEntry> table() {
        return table;
    }

    private static TableColumn<DestinationEntry, String> column(String title, Function<DestinationEntry, String> value, double width) {
        return Tables.textColumn(title, value, width, 90);
    }
}

package org.postern.console.listeners;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
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
import org.postern.engine.api.EngineApi.ListenerStatus;
import org.postern.engine.api.ListenerKind;

/**
 * Network › Listeners (LIS-1, LIS-7): every SMTP listener with its settings and its runtime status,
 * add, edit and delete, and the engine's warnings (demo certificate, RFC 3207 §4) whenever they apply.
 */
public final class ListenersView extends BorderPane {

    private final ListenersViewModel vm;
    private final ListenerDialogs dialogs;
    private final TableView<ListenerRow> table = new TableView<>();
    private final VBox warnings = new VBox(6);

    public ListenersView(ListenersViewModel vm) {
        this.vm = vm;
        this.dialogs = new ListenerDialogs(vm);
        setId("listenersView");
        getStyleClass().add("listeners-view");
        getStylesheets().add(ListenerDialogs.STYLESHEET);

        Label heading = new Label("Listeners");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("SMTP listeners: where the gateway accepts mail, with which certificate, and whether "
                + "STARTTLS is offered or required. Changes apply to a running engine at once.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);

        Button add = button("addListener", "Add listener…", "Create an SMTP listener");
        add.getStyleClass().add("accent");
        add.setOnAction(e -> dialogs.add());
        Button edit = button("editListener", "Edit…", "Change the selected listener (or double-click it)");
        edit.disableProperty().bind(vm.selectedProperty().isNull());
        edit.setOnAction(e -> dialogs.edit(vm.selectedProperty().get()));
        Button delete = button("deleteListener", "Delete…", "Remove the selected listener");
        delete.getStyleClass().add("danger");
        delete.disableProperty().bind(vm.selectedProperty().isNull());
        delete.setOnAction(e -> vm.delete(vm.selectedProperty().get()));
        Button reload = button("reloadListeners", "Reload", "Read the listeners and their status again");
        reload.setOnAction(e -> {
            vm.refresh();
            vm.engine().refresh();
        });
        HBox toolbar = new HBox(8, add, edit, delete, reload);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("page-toolbar");
        VBox top = new VBox(8, new VBox(2, heading, sub), toolbar);
        top.getStyleClass().add("page-header");
        setTop(top);

        buildTable();
        warnings.setId("listenerPageWarnings");
        warnings.getStyleClass().add("listener-warnings");
        vm.warnings().addListener((ListChangeListener<String>) c -> ListenerDialogs.fillWarnings(warnings, vm.warnings()));
        Label warningsTitle = new Label("Warnings from the engine");
        warningsTitle.getStyleClass().add("section-title");
        Label none = new Label("No warnings: every listener is configured as recommended.");
        none.getStyleClass().add("text-muted");
        none.visibleProperty().bind(Bindings.isEmpty(vm.warnings()));
        none.managedProperty().bind(none.visibleProperty());
        VBox warningBox = new VBox(8, warningsTitle, none, warnings);
        warningBox.getStyleClass().add("detail-pane");
        ScrollPane scroll = new ScrollPane(warningBox);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");

        SplitPane split = new SplitPane(table, scroll);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.62);
        VBox center = new VBox(split);
        VBox.setVgrow(split, Priority.ALWAYS);
        center.getStyleClass().add("page-body");
        setCenter(center);
    }

    private static Button button(String id, String text, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(false);
        b.setTooltip(new Tooltip(tip));
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private void buildTable() {
        table.setId("listenerTable");
        table.getStyleClass().addAll("dense", "listener-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No listeners: the gateway accepts no mail. Add one.");
        empty.getStyleClass().add("placeholder-text");
        table.setPlaceholder(empty);

        TableColumn<ListenerRow, ListenerRow> name = new TableColumn<>("Name");
        name.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue()));
        name.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(ListenerRow row, boolean emptyRow) {
                super.updateItem(row, emptyRow);
                if (emptyRow || row == null) {
                    setGraphic(null);
                    setText(null);
                    setTooltip(null);
                    return;
                }
                Label label = new Label(row.name());
                HBox box = new HBox(6, label);
                box.setAlignment(Pos.CENTER_LEFT);
                List<String> w = vm.warnings().stream().filter(s -> s.contains("'" + row.name() + "'")).toList();
                if (!w.isEmpty()) {
                    Label mark = Controls.badge("⚠", "warning");
                    mark.getStyleClass().add("warning-marker");
                    box.getChildren().add(mark);
                    setTooltip(new Tooltip(String.join("\n", w)));
                } else {
                    setTooltip(null);
                }
                setGraphic(box);
                setText(null);
            }
        });
        name.setPrefWidth(140);
        name.setMinWidth(110);

        TableColumn<ListenerRow, String> kind = text("Type", r -> r.spec().kind() == ListenerKind.PUBLIC ? "Public" : "Private", 70);
        TableColumn<ListenerRow, String> address = text("Address", r -> r.spec().address(), 110);
        TableColumn<ListenerRow, String> port = text("Port", r -> Integer.toString(r.spec().port()), 60);
        TableColumn<ListenerRow, ListenerRow> certificate = new TableColumn<>("Certificate");
        certificate.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue()));
        certificate.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(ListenerRow row, boolean emptyRow) {
                super.updateItem(row, emptyRow);
                if (emptyRow || row == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                if (row.demoCertificate()) {
                    setGraphic(Controls.badge(ListenerRow.DEMO_LABEL, "danger"));
                    setText(null);
                } else {
                    setGraphic(null);
                    setText(row.certificateText());
                }
            }
        });
        certificate.setPrefWidth(150);
        certificate.setMinWidth(150);
        TableColumn<ListenerRow, String> tls = text("TLS", r -> ListenerRow.tlsLabel(r.tls()), 80);
        tls.setId("tlsColumn");
        TableColumn<ListenerRow, String> maxConn = text("Max. conn.", r -> Integer.toString(r.spec().maxConnections()), 80);
        TableColumn<ListenerRow, String> queue = text("Accept queue", r -> Integer.toString(r.spec().acceptQueue()), 95);
        TableColumn<ListenerRow, String> domain = text("Default domain", r -> r.spec().defaultDomain() == null ? ""
                : r.spec().defaultDomain(), 120);

        // the minimum widths add up to what the default window offers: headers and values are never cut
        kind.setMinWidth(65);
        address.setMinWidth(95);
        tls.setMinWidth(90);
        maxConn.setMinWidth(95);
        queue.setMinWidth(110);
        domain.setMinWidth(130);
        TableColumn<ListenerRow, ListenerStatus> status = new TableColumn<>("Status");
        status.setCellValueFactory(c -> c.getValue().statusProperty());
        status.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(ListenerStatus s, boolean emptyRow) {
                super.updateItem(s, emptyRow);
                getStyleClass().removeAll("status-listening", "status-problem", "status-idle");
                if (emptyRow || s == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                String t = ListenerRow.statusText(s, vm.engine().runningProperty().get());
                setText(t);
                setTooltip(new Tooltip(t));
                getStyleClass().add(s.listening() ? "status-listening" : s.problem() != null ? "status-problem" : "status-idle");
            }
        });
        status.setPrefWidth(220);
        status.setMinWidth(160);
        table.getColumns().addAll(List.of(name, kind, address, port, certificate, tls, maxConn, queue, domain, status));
        table.setItems(vm.rows());

        Tables.bindSelection(table, vm.selectedProperty(), false);
        table.setRowFactory(tv -> {
            TableRow<ListenerRow> row = new TableRow<>();
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                    dialogs.edit(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && vm.selectedProperty().get() != null) {
                vm.delete(vm.selectedProperty().get());
                e.consume();
            } else if (e.getCode() == KeyCode.ENTER && vm.selectedProperty().get() != null) {
                dialogs.edit(vm.selectedProperty().get());
                e.consume();
            }
        });
        // the status column follows the engine's running state too
        vm.engine().runningProperty().addListener((o, a, b) -> table.refresh());
    }

    private static TableColumn<ListenerRow, String> text(String title, Function<ListenerRow, String> value, double width) {
        TableColumn<ListenerRow, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new SimpleStringProperty(value.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setMinWidth(Math.min(width, 60));
        return column;
    }

    /** Opens the add-listener dialog (menu, shortcut). */
    public void addListener() {
        dialogs.add();
    }

    public TableView<ListenerRow> table() {
        return table;
    }
}

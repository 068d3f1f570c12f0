package org.postern.console.alerts;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;
import org.postern.console.common.Tables;
import org.postern.console.common.Controls;
import org.postern.console.common.Formats;
import org.postern.console.common.Operation;
import org.postern.engine.api.AlertApi.AlertRecipient;
import org.postern.engine.api.AlertApi.AlertType;
import org.postern.engine.api.AlertApi.Severity;

/** System Administration › Alerts (ALR-1): recipients with add and remove, and the recent alerts. */
public final class AlertsView extends BorderPane {

    private final AlertsViewModel vm;
    private final TableView<AlertRecipient> recipients = new TableView<>();
    private final TableView<AlertsViewModel.RecentAlert> recent = new TableView<>();

    public AlertsView(AlertsViewModel vm) {
        this.vm = vm;
        setId("alertsView");
        getStyleClass().add("alerts-view");

        Label heading = new Label("Alerts");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("Who is told when something needs attention. Alerts are sent as mail through Postern "
                + "itself and kept in the mail log. The alert for failed required TLS is switched on in "
                + "Destination Controls and goes to System / Warning recipients.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);
        VBox top = new VBox(2, heading, sub);
        top.getStyleClass().add("page-header");
        setTop(top);

        SplitPane split = new SplitPane(recipientsSection(), recentSection());
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.5);
        VBox body = new VBox(split);
        VBox.setVgrow(split, Priority.ALWAYS);
        body.getStyleClass().add("page-body");
        setCenter(body);
    }

    // ------------------------------------------------------------------ recipients

    private VBox recipientsSection() {
        Label title = new Label("Recipients");
        title.getStyleClass().add("section-title");

        TextField address = Controls.textField("alertAddress", vm.addressProperty(), "postmaster@example.com");
        address.setPrefColumnCount(24);
        HBox.setHgrow(address, Priority.ALWAYS);
        address.setMaxWidth(420);
        ComboBox<AlertType> type = combo("alertType", List.of(AlertType.values()), vm.typeProperty(),
                AlertsViewModel::label, t -> AlertsViewModel.label(t) + " — " + AlertsViewModel.explanation(t));
        ComboBox<Severity> severity = combo("alertSeverity", List.of(Severity.values()), vm.severityProperty(),
                AlertsViewModel::label, AlertsViewModel::label);
        Button add = new Button("Add recipient");
        add.setId("addRecipient");
        add.getStyleClass().add("accent");
        add.setDefaultButton(false);
        Label addressLabel = new Label("_Address");
        addressLabel.setMnemonicParsing(true);
        addressLabel.setLabelFor(address);
        Label typeLabel = new Label("_Type");
        typeLabel.setMnemonicParsing(true);
        typeLabel.setLabelFor(type);
        Label severityLabel = new Label("Se_verity");
        severityLabel.setMnemonicParsing(true);
        severityLabel.setLabelFor(severity);
        for (var c : List.of(addressLabel, typeLabel, severityLabel, add)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        type.setPrefWidth(130);
        severity.setPrefWidth(140);
        address.setMinWidth(200);
        HBox form = new HBox(8, addressLabel, address, typeLabel, type, severityLabel, severity, add);
        form.setAlignment(Pos.CENTER_LEFT);

        Label problem = new Label();
        problem.setId("alertProblem");
        problem.getStyleClass().add("danger");
        problem.setWrapText(true);
        Runnable recheck = () -> {
            String p = vm.addressProblem();
            // nothing typed yet is not a mistake: the Add button just waits
            boolean show = p != null && !vm.addressProperty().get().isBlank();
            problem.setText(show ? p : "");
        };
        ValidationSupport validation = new ValidationSupport();
        validation.registerValidator(address, false, (Validator<Object>) (c, value) -> {
            String p = vm.addressProblem();
            boolean show = p != null && !vm.addressProperty().get().isBlank();
            return ValidationResult.fromErrorIf(c, show ? p : "", show);
        });
        BooleanBinding invalid = Bindings.createBooleanBinding(() -> vm.addressProblem() != null,
                vm.addressProperty(), vm.typeProperty(), vm.severityProperty(), vm.recipients());
        vm.addressProperty().addListener((o, a, b) -> recheck.run());
        vm.typeProperty().addListener((o, a, b) -> {
            recheck.run();
            validation.revalidate();
        });
        vm.severityProperty().addListener((o, a, b) -> {
            recheck.run();
            validation.revalidate();
        });
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());
        Operation<?> adding = vm.adding();
        add.disableProperty().bind(invalid.or(adding.runningBinding()));
        add.setOnAction(e -> vm.add());
        address.setOnAction(e -> {
            if (!add.isDisabled()) {
                vm.add();
            }
        });
        Label refused = Controls.callout("", "danger");
        refused.setId("alertError");
        refused.textProperty().bind(Bindings.createStringBinding(() -> adding.getError() == null ? ""
                : "The engine refused: " + adding.getError() + " Nothing was added.", adding.errorProperty()));
        refused.visibleProperty().bind(adding.failedBinding());
        refused.managedProperty().bind(refused.visibleProperty());

        buildRecipients();
        BooleanBinding noSelection = vm.selectedProperty().isNull();
        Button remove = new Button("Remove…");
        remove.setId("removeRecipient");
        remove.getStyleClass().add("danger");
        remove.disableProperty().bind(noSelection);
        remove.setOnAction(e -> vm.remove(vm.selectedProperty().get()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(10, title, spacer, remove);
        head.setAlignment(Pos.CENTER_LEFT);

        VBox box = new VBox(8, head, form, problem, refused, recipients);
        VBox.setVgrow(recipients, Priority.ALWAYS);
        box.setStyle("-fx-padding: 0 0 8 0;");
        return box;
    }

    private void buildRecipients() {
        recipients.setId("recipientTable");
        recipients.getStyleClass().add("dense");
        recipients.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No alert recipients: alerts are only logged. Add an address above.");
        empty.getStyleClass().add("placeholder-text");
        recipients.setPlaceholder(empty);
        recipients.getColumns().addAll(List.of(
                column("Address", AlertRecipient::address, 320),
                column("Type", r -> AlertsViewModel.label(r.type()), 140),
                column("Severity", r -> AlertsViewModel.label(r.severity()), 140)));
        recipients.setItems(vm.recipients());
        recipients.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b != recipients.getSelectionModel().getSelectedItem()) {
                if (b == null) {
                    recipients.getSelectionModel().clearSelection();
                } else {
                    recipients.getSelectionModel().select(b);
                }
            }
        });
        recipients.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && vm.selectedProperty().get() != null) {
                vm.remove(vm.selectedProperty().get());
                e.consume();
            }
        });
        MenuItem remove = new MenuItem("Remove…");
        remove.setOnAction(e -> vm.remove(vm.selectedProperty().get()));
        remove.disableProperty().bind(vm.selectedProperty().isNull());
        recipients.setContextMenu(new ContextMenu(remove));
    }

    // ------------------------------------------------------------------ recent alerts

    private VBox recentSection() {
        Label title = new Label("Recent alerts");
        title.getStyleClass().add("section-title");
        Label note = new Label("Newest first, from the mail log.");
        note.getStyleClass().add("note");
        Button reload = new Button("Reload");
        reload.setId("reloadAlerts");
        reload.setOnAction(e -> vm.refresh());
        reload.disableProperty().bind(vm.loadingProperty());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(10, title, note, spacer, reload);
        head.setAlignment(Pos.CENTER_LEFT);

        recent.setId("recentAlerts");
        recent.getStyleClass().add("dense");
        recent.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No alerts so far.");
        empty.getStyleClass().add("placeholder-text");
        recent.setPlaceholder(empty);
        TableColumn<AlertsViewModel.RecentAlert, String> time = column("Time", a -> Formats.dateTime(a.time()), 190);
        time.setMinWidth(170);
        recent.getColumns().addAll(List.of(time,
                column("Type", AlertsViewModel.RecentAlert::type, 100),
                column("Severity", AlertsViewModel.RecentAlert::severity, 100),
                column("Alert", AlertsViewModel.RecentAlert::text, 600)));
        recent.setItems(vm.recent());
        VBox box = new VBox(8, head, recent);
        VBox.setVgrow(recent, Priority.ALWAYS);
        box.setStyle("-fx-padding: 8 0 0 0;");
        return box;
    }

    // ------------------------------------------------------------------ helpers


    private static <T> ComboBox<T> combo(String id, List<T> items, javafx.beans.property.ObjectProperty<T> value,
                                         Function<T, String> label, Function<T, String> longLabel) {
        ComboBox<T> box = new ComboBox<>();
        box.setId(id);
        box.getItems().setAll(items);
        box.valueProperty().bindBidirectional(value);
        box.setButtonCell(new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : label.apply(item));
            }
        });
        box.setCellFactory(lv -> new ListCell<>() {
            @Override
            protected void updateItem(T item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty || item == null ? null : longLabel.apply(item));
            }
        });
        box.setMinWidth(Region.USE_PREF_SIZE);
        // the drop-down may be wider than the box: its cells explain each choice
        box.setOnShowing(e -> box.lookupAll(".list-view").forEach(n -> ((Region) n).setMinWidth(Region.USE_PREF_SIZE)));
        return box;
    }

    /** Called when the page is shown: reloads recipients and recent alerts. */
    public void shown() {
        vm.refresh();
    }

    public AlertsViewModel viewModel() {
        return vm;
    }

    public TableView<AlertRecipient> recipientTable() {
        return recipients;
    }

    private static <S> TableColumn<S, String> column(String title, Function<S, String> value, double width) {
        return Tables.textColumn(title, value, width, 80);
    }
}

package org.postern.console.queue;

import java.util.List;
import java.util.function.Function;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.postern.console.common.Controls;
import org.postern.console.common.Formats;
import org.postern.engine.api.QuarantinedFile;
import org.postern.engine.api.QueuedMessage;

/** Monitor › Queue: the messages waiting for delivery, with show, delete and flush. */
public final class QueueView extends BorderPane {

    private final QueueViewModel vm;
    private final TableView<QueuedMessage> table = new TableView<>();
    private final Label status = new Label();

    public QueueView(QueueViewModel vm) {
        this.vm = vm;
        setId("queueView");
        Label heading = new Label("Queue");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("Messages accepted and stored durably, waiting for delivery or for their next attempt.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);

        Button show = button("showMessage", "Show…", "The stored message as it will be delivered");
        show.disableProperty().bind(vm.selectedProperty().isNull());
        show.setOnAction(e -> showSelected());
        Button delete = button("deleteMessage", "Delete…", "Remove the message from the queue; it is not delivered");
        delete.getStyleClass().add("danger");
        delete.disableProperty().bind(vm.selectedProperty().isNull());
        delete.setOnAction(e -> vm.delete(vm.selectedProperty().get()));
        Button flush = button("flushQueue", "Flush", "Make every queued message due now");
        flush.setOnAction(e -> vm.flush(n -> status.setText(n + (n == 1 ? " message is" : " messages are") + " due now.")));
        Button reload = button("reloadQueue", "Reload", "Read the queue again");
        reload.setOnAction(e -> vm.refresh());
        status.setId("queueStatus");
        status.getStyleClass().add("text-muted");
        HBox toolbar = new HBox(8, show, delete, flush, reload, status);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("page-toolbar");
        VBox top = new VBox(8, new VBox(2, heading, sub), toolbar);
        top.getStyleClass().add("page-header");
        setTop(top);

        table.setId("queueTable");
        table.getStyleClass().add("dense");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("The queue is empty.");
        empty.getStyleClass().add("placeholder-text");
        table.setPlaceholder(empty);
        table.getColumns().addAll(List.of(
                column("Id", QueuedMessage::id, 170),
                column("Received", m -> Formats.dateTime(m.receivedAt()), 170),
                column("Sender", QueuedMessage::sender, 170),
                column("Recipients", m -> QueueViewModel.recipients(m.recipients()), 200),
                column("Size", m -> Long.toString(m.size()), 70),
                column("Listener", QueuedMessage::listener, 100),
                column("State", QueuedMessage::state, 80),
                column("Attempts", m -> Integer.toString(m.attempts()), 75),
                column("Last error", QueuedMessage::lastError, 250)));
        table.setItems(vm.messages());
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        Label health = new Label();
        health.setId("queueHealth");
        health.getStyleClass().add("danger");
        health.setWrapText(true);
        health.textProperty().bind(vm.healthProperty());
        health.visibleProperty().bind(vm.healthProperty().isNotEmpty());
        health.managedProperty().bind(health.visibleProperty());
        VBox center = new VBox(8, health, table, quarantine());
        VBox.setVgrow(table, Priority.ALWAYS);
        center.getStyleClass().add("page-body");
        setCenter(center);
    }

    /** Files moved aside at start-up because they could not be read; shown only when there are some. */
    private VBox quarantine() {
        Label heading = new Label("Quarantined files");
        heading.getStyleClass().add("section-title");
        Label sub = new Label("Found in the queue at start-up but unreadable as messages; moved to queue/quarantine/ "
                + "in the data directory and not delivered.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);
        TableView<QuarantinedFile> files = new TableView<>(vm.quarantined());
        files.setId("quarantineTable");
        files.getStyleClass().add("dense");
        files.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        files.setPrefHeight(140);
        files.getColumns().addAll(List.of(
                fileColumn("File", QuarantinedFile::name, 170),
                fileColumn("Moved", f -> Formats.dateTime(f.quarantinedAt()), 170),
                fileColumn("Size", f -> Long.toString(f.size()), 70),
                fileColumn("Reason", QuarantinedFile::reason, 400)));
        VBox box = new VBox(4, heading, sub, files);
        box.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(vm.quarantined()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static TableColumn<QuarantinedFile, String> fileColumn(String title, Function<QuarantinedFile, String> value,
                                                                  double width) {
        TableColumn<QuarantinedFile, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    private void showSelected() {
        QueuedMessage m = vm.selectedProperty().get();
        if (m == null) {
            return;
        }
        vm.content(m, text -> {
            TextArea area = Controls.pemArea("messageContent");
            area.setText(text);
            Dialog<ButtonType> dialog = new Dialog<>();
            dialog.setTitle("Message " + m.id());
            dialog.setHeaderText("Message " + m.id() + " from <" + m.sender() + ">");
            dialog.getDialogPane().setContent(area);
            dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
            dialog.getDialogPane().setPrefSize(760, 520);
            dialog.setResizable(true);
            vm.dialogs().showDialog(dialog);
        });
    }

    private static Button button(String id, String text, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(false);
        b.setTooltip(new Tooltip(tip));
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private static TableColumn<QueuedMessage, String> column(String title, Function<QueuedMessage, String> value,
                                                             double width) {
        TableColumn<QueuedMessage, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    public TableView<QueuedMessage> table() {
        return table;
    }
}

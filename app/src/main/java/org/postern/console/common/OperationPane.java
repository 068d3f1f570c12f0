package org.postern.console.common;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * Shows an {@link Operation}: a progress indicator with its message and a Cancel button while it
 * runs, the engine's reason verbatim when it fails (with "nothing was changed"), and
 * {@code successContent} when it succeeds.
 */
public final class OperationPane extends VBox {

    public OperationPane(Operation<?> operation, Node successContent, boolean cancellable) {
        this(operation, successContent, cancellable, "The engine refused:",
                "Nothing was changed. Go back to correct the input, or cancel.");
    }

    /** With the words shown above and below the engine's reason when it fails (for work that is not a wizard step). */
    public OperationPane(Operation<?> operation, Node successContent, boolean cancellable, String failureTitle,
                         String failureHint) {
        super(12);
        getStyleClass().add("operation-pane");

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.progressProperty().bind(operation.progressProperty());
        spinner.setPrefSize(28, 28);
        Label message = new Label();
        message.textProperty().bind(operation.messageProperty());
        message.setWrapText(true);
        Button cancel = new Button("Cancel _task");
        cancel.setId("cancelTask");
        cancel.setOnAction(e -> operation.cancel());
        cancel.setVisible(cancellable);
        cancel.managedProperty().bind(cancel.visibleProperty());
        HBox running = new HBox(12, spinner, message, cancel);
        running.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(message, Priority.ALWAYS);
        running.visibleProperty().bind(operation.runningBinding());
        running.managedProperty().bind(running.visibleProperty());

        Label errorTitle = new Label(failureTitle);
        errorTitle.getStyleClass().addAll("danger", "text-bold");
        Label error = new Label();
        error.setId("operationError");
        error.textProperty().bind(operation.errorProperty());
        error.setWrapText(true);
        error.getStyleClass().add("operation-error");
        Label unchanged = new Label(failureHint);
        unchanged.setWrapText(true);
        unchanged.getStyleClass().add("text-muted");
        VBox failed = new VBox(6, errorTitle, error, unchanged);
        failed.getStyleClass().addAll("callout", "callout-danger");
        failed.visibleProperty().bind(operation.failedBinding());
        failed.managedProperty().bind(failed.visibleProperty());

        Label cancelled = new Label("Cancelled: whatever the task made is discarded, nothing is kept.");
        cancelled.setId("operationCancelled");
        cancelled.getStyleClass().addAll("callout", "callout-warning");
        cancelled.setMaxWidth(Double.MAX_VALUE);
        cancelled.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> operation.getState() == Operation.State.CANCELLED, operation.stateProperty()));
        cancelled.managedProperty().bind(cancelled.visibleProperty());

        successContent.visibleProperty().bind(operation.succeededBinding());
        successContent.managedProperty().bind(successContent.visibleProperty());
        VBox.setVgrow(successContent, Priority.ALWAYS);

        getChildren().addAll(running, failed, cancelled, successContent);
    }
}

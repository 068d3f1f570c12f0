package org.postern.console.common;

import java.util.List;
import java.util.function.Supplier;
import javafx.application.Platform;
import javafx.event.ActionEvent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableValue;
import javafx.scene.Node;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.controlsfx.dialog.Wizard;
import org.controlsfx.dialog.WizardPane;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;

/**
 * A wizard page with validation as you type: controls are registered with a ControlsFX
 * {@link ValidationSupport} (decorations on the fields) and the page's first problem is shown in
 * words under the form. Next/Finish stay disabled while the page has a problem or is busy.
 */
public class WizardPage extends WizardPane {

    public static final double WIDTH = 760;
    public static final double HEIGHT = 600;

    private final ValidationSupport validation = new ValidationSupport();
    private final StringProperty problem = new SimpleStringProperty(this, "problem", "");
    private final Label problemLabel = new Label();
    private final VBox body = new VBox(12);
    private Supplier<String> pageProblem = () -> null;
    private ObservableBooleanValue busy = Bindings.createBooleanBinding(() -> false);
    private Runnable onEnter = () -> { };
    private Runnable onExit = () -> { };
    private String actionLabel;
    private Operation<?> outcome;
    private Runnable retry;

    public WizardPage(String header, Node content) {
        setHeaderText(header);
        problemLabel.getStyleClass().addAll("page-problem", "danger");
        problemLabel.setWrapText(true);
        problemLabel.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        problemLabel.setId("pageProblem");
        problemLabel.textProperty().bind(problem);
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        VBox.setVgrow(content, Priority.ALWAYS);
        body.getChildren().addAll(content, problemLabel);
        bindProblemVisibility();
        body.getStyleClass().add("wizard-body");
        setContent(body);
        // every page of a wizard has the same size: the window is sized once and nothing that
        // appears later (results, warnings) is pushed out of it
        setPrefSize(WIDTH, HEIGHT);
        setMinSize(WIDTH, HEIGHT);
        setGraphic(null);
        DialogKeyboard.keepEnterInComboBoxes(this);
    }

    /** Registers {@code control} with a validator that reports {@code problem} (null when fine). */
    public void validate(Control control, Supplier<String> fieldProblem) {
        validation.registerValidator(control, false, (Validator<Object>) (c, value) -> {
            String p = fieldProblem.get();
            return ValidationResult.fromErrorIf(c, p == null ? "" : p, p != null);
        });
    }

    /**
     * The page's first problem in words, checked again whenever one of {@code dependencies}
     * changes. Checked from change listeners, which run after the model's own listeners have
     * updated whatever they derive, so the check never sees half-updated state.
     */
    public void pageProblem(Supplier<String> check, ObservableValue<?>... dependencies) {
        this.pageProblem = check;
        for (ObservableValue<?> dependency : dependencies) {
            dependency.addListener((o, a, b) -> recheck());
        }
        recheck();
    }

    private void recheck() {
        String p = pageProblem.get();
        problem.set(p == null ? "" : p);
        validation.revalidate();
    }

    /** While {@code busy} is true (background work of this page), Next/Finish stay disabled. */
    public void busyWhen(ObservableBooleanValue busy) {
        this.busy = busy;
        bindProblemVisibility();
    }

    /** The problem is not shown while the page's own work runs: its progress is shown instead. */
    private void bindProblemVisibility() {
        problemLabel.visibleProperty().unbind();
        problemLabel.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> !problem.get().isEmpty() && !busy.get(), problem, busy));
    }

    /**
     * Names the Next button of this page for what pressing it does ("Create", "Export"): the page
     * that follows starts the work.
     */
    public void actionLabel(String label) {
        this.actionLabel = label;
    }

    /**
     * This page shows the outcome of {@code operation}, started as the page is entered. Once it
     * succeeded there is no Previous (going back and on again would submit twice); when it failed
     * the page offers Retry (runs {@code retry}) and Back instead of Finish.
     */
    public void outcomeOf(Operation<?> operation, Runnable retry) {
        this.outcome = operation;
        this.retry = retry;
    }

    public void onEnter(Runnable action) {
        this.onEnter = action;
    }

    public void onExit(Runnable action) {
        this.onExit = action;
    }

    public ValidationSupport validation() {
        return validation;
    }

    public ReadOnlyStringProperty problemProperty() {
        return problem;
    }

    public boolean hasProblem() {
        return !problem.get().isEmpty();
    }

    @Override
    public void onEnteringPage(Wizard wizard) {
        onEnter.run();
        recheck();
        DialogKeyboard.focusFirstFieldLater(this);
        BooleanBinding invalid = Bindings.createBooleanBinding(
                () -> !problem.get().isEmpty() || busy.get(), problem, busy);
        wizard.invalidProperty().unbind();
        wizard.invalidProperty().bind(invalid);
        if (outcome != null && !getButtonTypes().contains(RETRY)) {
            getButtonTypes().add(RETRY);
        }
        decorateButtons();
        // the wizard may add its own buttons after this call: decorate them too
        Platform.runLater(this::decorateButtons);
    }

    /** The Retry button of a page that shows an operation's outcome; it never closes the wizard. */
    public static final ButtonType RETRY = new ButtonType("Retry", ButtonBar.ButtonData.OTHER);

    private void decorateButtons() {
        for (ButtonType type : List.copyOf(getButtonTypes())) {
            if (!(lookupButton(type) instanceof Button button) || button.getProperties().containsKey(DECORATED)) {
                continue;
            }
            ButtonBar.ButtonData data = type.getButtonData();
            if (data == ButtonBar.ButtonData.NEXT_FORWARD && actionLabel != null) {
                button.setText(actionLabel);
                button.getProperties().put(DECORATED, true);
            } else if (outcome != null && data == ButtonBar.ButtonData.BACK_PREVIOUS) {
                button.setText("Back");
                showWhen(button, () -> outcome.getState() == Operation.State.FAILED
                        || outcome.getState() == Operation.State.CANCELLED);
            } else if (outcome != null && data == ButtonBar.ButtonData.FINISH) {
                showWhen(button, () -> outcome.getState() != Operation.State.FAILED);
            } else if (outcome != null && type == RETRY) {
                button.setId("retryButton");
                showWhen(button, () -> outcome.getState() == Operation.State.FAILED);
                button.addEventFilter(ActionEvent.ACTION, e -> {
                    e.consume();
                    retry.run();
                });
            }
        }
    }

    private static final String DECORATED = "postern.wizard.decorated";

    private void showWhen(Button button, java.util.function.BooleanSupplier condition) {
        button.getProperties().put(DECORATED, true);
        button.visibleProperty().bind(Bindings.createBooleanBinding(condition::getAsBoolean, outcome.stateProperty()));
        button.managedProperty().bind(button.visibleProperty());
    }

    @Override
    public void onExitingPage(Wizard wizard) {
        wizard.invalidProperty().unbind();
        onExit.run();
    }
}

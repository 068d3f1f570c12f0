package org.postern.console.common;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.Observable;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.binding.StringBinding;
import javafx.beans.value.ObservableBooleanValue;
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
 * words under the form. Next/Finish stay disabled while the page is invalid.
 */
public class WizardPage extends WizardPane {

    private final ValidationSupport validation = new ValidationSupport();
    private final List<Observable> dependencies = new ArrayList<>();
    private final Label problemLabel = new Label();
    private final VBox body = new VBox(12);
    private Supplier<String> pageProblem = () -> null;
    private ObservableBooleanValue busy = Bindings.createBooleanBinding(() -> false);
    private Runnable onEnter = () -> { };
    private Runnable onExit = () -> { };

    public WizardPage(String header, Node content) {
        setHeaderText(header);
        problemLabel.getStyleClass().addAll("page-problem", "danger");
        problemLabel.setWrapText(true);
        problemLabel.setId("pageProblem");
        problemLabel.managedProperty().bind(problemLabel.visibleProperty());
        VBox.setVgrow(content, Priority.ALWAYS);
        body.getChildren().addAll(content, problemLabel);
        body.getStyleClass().add("wizard-body");
        setContent(body);
        setPrefWidth(680);
    }

    /** Registers {@code control} with a validator that reports {@code problem} (null when fine). */
    public void validate(Control control, Supplier<String> problem) {
        validation.registerValidator(control, false, (Validator<Object>) (c, value) -> {
            String p = problem.get();
            return ValidationResult.fromErrorIf(c, p == null ? "" : p, p != null);
        });
    }

    /**
     * The page's first problem in words, re-evaluated when any of {@code observables} changes
     * (which also re-runs the field validators, for checks across fields).
     */
    public void pageProblem(Supplier<String> problem, Observable... observables) {
        this.pageProblem = problem;
        dependencies.addAll(List.of(observables));
        StringBinding text = Bindings.createStringBinding(() -> {
            String p = problem.get();
            return p == null ? "" : p;
        }, observables);
        problemLabel.textProperty().bind(text);
        problemLabel.visibleProperty().bind(text.isNotEmpty());
        for (Observable o : observables) {
            o.addListener(x -> validation.revalidate());
        }
    }

    /** While {@code busy} is true (background work of this page), Next/Finish stay disabled. */
    public void busyWhen(ObservableBooleanValue busy) {
        this.busy = busy;
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

    public Label problemLabel() {
        return problemLabel;
    }

    public boolean hasProblem() {
        return pageProblem.get() != null;
    }

    @Override
    public void onEnteringPage(Wizard wizard) {
        onEnter.run();
        List<Observable> deps = new ArrayList<>(dependencies);
        deps.add(busy);
        BooleanBinding invalid = Bindings.createBooleanBinding(
                () -> pageProblem.get() != null || busy.get(), deps.toArray(Observable[]::new));
        wizard.invalidProperty().unbind();
        wizard.invalidProperty().bind(invalid);
    }

    @Override
    public void onExitingPage(Wizard wizard) {
        wizard.invalidProperty().unbind();
        onExit.run();
    }
}

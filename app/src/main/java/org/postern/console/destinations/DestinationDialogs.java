package org.postern.console.destinations;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.Validator;
import org.postern.console.common.Controls;
import org.postern.console.common.Form;
import org.postern.console.common.Operation;
import org.postern.console.common.OperationPane;
import org.postern.console.common.WizardPage;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.OutboundTls;

/**
 * The destination dialogs: add/edit an entry (checked as you type; the engine's refusal shown in
 * the dialog, which stays open) and "Test this destination" (a cancellable probe with its result
 * per host).
 */
final class DestinationDialogs {

    private final DestinationsViewModel vm;

    DestinationDialogs(DestinationsViewModel vm) {
        this.vm = vm;
    }

    // ================================================================= add / edit

    void editEntry(DestinationEntryModel model) {
        TextField domain = Controls.textField("entryDomain", model.domainProperty(), "example.com or .example.com");
        domain.setEditable(model.isNew());
        domain.setFocusTraversable(model.isNew());
        ComboBox<OutboundTls> tls = choice("entryTls", model.tlsChoices(), model.tlsProperty(),
                DestinationLabels::label, DestinationLabels::explanation);
        Label tlsExplanation = explanation("entryTlsExplanation", Bindings.createStringBinding(() ->
                model.tlsProperty().get() == OutboundTls.DEFAULT
                        ? "Inherits the default entry: " + DestinationLabels.describe(model.effectiveTls())
                        : DestinationLabels.sentence(DestinationLabels.explanation(model.tlsProperty().get())),
                model.tlsProperty()));
        ComboBox<DaneSetting> dane = choice("entryDane", model.daneChoices(), model.daneProperty(),
                DestinationLabels::label, DestinationLabels::explanation);
        dane.disableProperty().bind(model.daneAllowedBinding().not());
        Label daneExplanation = explanation("entryDaneExplanation", Bindings.createStringBinding(() -> {
            if (!model.daneAllowedBinding().get()) {
                return "DANE needs TLS: with the TLS setting None there is no certificate to authenticate, "
                        + "so DANE stays None (DANE-1).";
            }
            DaneSetting d = model.daneProperty().get();
            return d == DaneSetting.DEFAULT ? "Inherits the default entry: " + DestinationLabels.describe(model.effectiveDane())
                    : DestinationLabels.sentence(DestinationLabels.explanation(d));
        }, model.daneProperty(), model.daneAllowedBinding()));
        TextField max = Controls.numberField("entryMaxConnections", model.maxConnectionsProperty(), 6);
        max.setMaxWidth(110);
        TextField route = Controls.textField("entryRoute", model.routeProperty(), "empty: the MX hosts; or host[:port]");
        CheckBox reconnect = new CheckBox("Reconnect in clear after a failed TLS handshake (a logged downgrade)");
        reconnect.setId("entryReconnect");
        reconnect.selectedProperty().bindBidirectional(model.reconnectInClearProperty());
        reconnect.disableProperty().bind(model.reconnectAppliesBinding().not());
        Label reconnectNote = note("Only for Preferred settings. Off by default: after a failed handshake the next "
                + "MX host is tried and the mail waits when none is left (RFC 3207).");

        Form form = new Form();
        form.add("_Domain", domain);
        if (model.isNew()) {
            form.addWide(note("An exact domain (example.com), or .example.com for every subdomain of example.com."));
        }
        form.add("_TLS setting", tls)
                .addWide(tlsExplanation)
                .add("D_ANE", dane)
                .addWide(daneExplanation)
                .add("_Max connections", max)
                .add("_Route", route)
                .addWide(note("Deliver to this host instead of the MX hosts, e.g. smarthost.example.net:587 or "
                        + "192.0.2.25 (port 25 unless given)."))
                .addWide(reconnect)
                .addWide(reconnectNote);

        Label problem = new Label();
        problem.setId("entryProblem");
        problem.getStyleClass().addAll("page-problem", "danger");
        problem.setWrapText(true);
        problem.setMinHeight(Region.USE_PREF_SIZE);
        Operation<?> saving = model.saving();
        VBox refused = refusal(saving);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(20, 20);
        spinner.visibleProperty().bind(saving.runningBinding());
        spinner.managedProperty().bind(spinner.visibleProperty());
        VBox content = new VBox(12, form, problem, refused, spinner);

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle(model.isNew() ? "Add destination entry" : "Edit destination entry");
        dialog.setHeaderText(model.isNew() ? "A new destination entry"
                : model.isDefaultEntry() ? "The default entry: every domain without an entry of its own"
                : "Destination entry for " + model.domainProperty().get());
        ButtonType save = new ButtonType("_Save", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(save, ButtonType.CANCEL);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setPrefWidth(WizardPage.WIDTH);
        dialog.getDialogPane().setMinWidth(WizardPage.WIDTH);
        dialog.setResizable(true);
        Button saveButton = (Button) dialog.getDialogPane().lookupButton(save);
        saveButton.setId("saveEntry");

        ValidationSupport validation = new ValidationSupport();
        register(validation, domain, model::domainProblem);
        register(validation, route, model::routeProblem);
        register(validation, max, model::maxConnectionsProblem);
        Runnable recheck = () -> {
            String p = model.problem();
            problem.setText(p == null ? "" : p);
            problem.setVisible(p != null);
            validation.revalidate();
        };
        for (var dependency : List.of(model.domainProperty(), model.routeProperty(), model.maxConnectionsProperty(),
                model.tlsProperty(), model.daneProperty())) {
            dependency.addListener((o, a, b) -> recheck.run());
        }
        recheck.run();
        saveButton.disableProperty().bind(problem.visibleProperty().or(saving.runningBinding()));
        saveButton.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            model.save(saved -> {
                dialog.setResult(save);
                dialog.close();
                vm.refresh(saved.domain());
            });
        });
        dialog.setOnShown(e -> (model.isNew() ? domain : tls).requestFocus());
        vm.dialogs().showDialog(dialog);
    }

    private static void register(ValidationSupport validation, javafx.scene.control.Control control,
                                 java.util.function.Supplier<String> problem) {
        validation.registerValidator(control, false, (Validator<Object>) (c, value) -> {
            String p = problem.get();
            return ValidationResult.fromErrorIf(c, p == null ? "" : p, p != null);
        });
    }

    /** The engine's refusal, as it is, in the dialog; nothing was changed. */
    private static VBox refusal(Operation<?> operation) {
        Label title = new Label("The engine refused:");
        title.getStyleClass().addAll("danger", "text-bold");
        Label error = new Label();
        error.setId("entryError");
        error.setWrapText(true);
        error.setMinHeight(Region.USE_PREF_SIZE);
        error.getStyleClass().add("operation-error");
        error.textProperty().bind(operation.errorProperty());
        Label unchanged = new Label("Nothing was changed. Correct the entry and save again, or cancel.");
        unchanged.getStyleClass().add("text-muted");
        VBox box = new VBox(6, title, error, unchanged);
        box.getStyleClass().addAll("callout", "callout-danger");
        box.visibleProperty().bind(operation.failedBinding());
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    // ============================================================ test this destination

    void probe(String domain) {
        ProbeModel model = vm.probeModel(domain);
        TextField domainField = Controls.textField("probeDomain", model.domainProperty(), "recipient domain, e.g. example.com");
        ComboBox<OutboundTls> setting = choice("probeSetting", ProbeModel.settings(), model.settingProperty(),
                ProbeModel::settingLabel, t -> t == OutboundTls.DEFAULT
                        ? "as configured in Destination Controls" : DestinationLabels.explanation(t));
        Button run = new Button("_Test");
        run.setId("runProbe");
        run.getStyleClass().add("accent");
        run.setDefaultButton(true);
        run.setMinWidth(Region.USE_PREF_SIZE);
        Label problem = new Label();
        problem.setId("probeProblem");
        problem.getStyleClass().add("danger");
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            String p = model.domainProblem();
            return p == null || model.domainProperty().get().isBlank() ? "" : p;
        }, model.domainProperty()));
        problem.managedProperty().bind(problem.textProperty().isNotEmpty());
        run.disableProperty().bind(Bindings.createBooleanBinding(() -> model.domainProblem() != null,
                model.domainProperty()).or(model.probe().runningBinding()));
        run.setOnAction(e -> model.run());
        HBox.setHgrow(domainField, Priority.ALWAYS);
        HBox settingRow = new HBox(8, setting, run);
        settingRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(setting, Priority.ALWAYS);
        setting.setMaxWidth(Double.MAX_VALUE);
        Form form = new Form()
                .add("_Domain", domainField)
                .add("TLS _setting", settingRow)
                .addWide(problem)
                .addWide(note("Connects to the domain's hosts (its route or MX hosts) as delivery would: EHLO, "
                        + "STARTTLS, the presented chain and the certificate checks. No mail is sent."));

        ProbeReportPane report = new ProbeReportPane();
        model.probe().resultProperty().addListener((o, a, r) -> report.show(r));
        OperationPane operation = new OperationPane(model.probe(), report, true, "The test could not run:",
                "No mail was sent and nothing was changed.");
        ScrollPane scroll = new ScrollPane(operation);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        scroll.setId("probeScroll");
        VBox content = new VBox(12, form, scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Test this destination");
        dialog.setHeaderText("Test this destination");
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setPrefSize(900, 720);
        dialog.getDialogPane().setMinSize(760, 560);
        dialog.setResizable(true);
        dialog.setOnShown(e -> {
            if (model.domainProblem() == null) {
                model.run();
            } else {
                domainField.requestFocus();
            }
        });
        vm.dialogs().showDialog(dialog);
        model.cancel();
    }

    // ==================================================================== helpers

    private static <T> ComboBox<T> choice(String id, List<T> items, javafx.beans.property.ObjectProperty<T> value,
                                          Function<T, String> label, Function<T, String> explanation) {
        ComboBox<T> box = new ComboBox<>();
        box.setId(id);
        box.getItems().setAll(items);
        box.valueProperty().bindBidirectional(value);
        box.setMaxWidth(Double.MAX_VALUE);
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
                if (empty || item == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label name = new Label(label.apply(item));
                name.getStyleClass().add("text-bold");
                Label what = new Label(explanation.apply(item));
                what.getStyleClass().add("text-muted");
                setGraphic(new VBox(1, name, what));
                setText(null);
            }
        });
        return box;
    }

    private static Label explanation(String id, javafx.beans.binding.StringBinding text) {
        Label label = note("");
        label.setId(id);
        label.textProperty().bind(text);
        return label;
    }

    static Label note(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add("note");
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }
}

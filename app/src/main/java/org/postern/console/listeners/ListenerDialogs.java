package org.postern.console.listeners;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.postern.console.common.Controls;
import org.postern.console.certificates.RolloverConfirmation;
import org.postern.console.common.DialogService;
import org.postern.console.common.Form;
import org.postern.console.common.OperationPane;
import org.postern.console.common.WizardPage;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;

/**
 * The add/edit listener dialog: a form that checks as you type and shows the engine's warnings
 * for the listener as entered, then the save with the engine's answer (its refusal verbatim, or
 * the warnings that apply to the saved listener).
 */
final class ListenerDialogs {

    static final String STYLESHEET = ListenerDialogs.class.getResource("listeners.css").toExternalForm();

    static final double HEIGHT = 640;

    private final ListenersViewModel vm;
    private final DialogService dialogs;

    ListenerDialogs(ListenersViewModel vm) {
        this.vm = vm;
        this.dialogs = vm.dialogs();
    }

    void add() {
        show(vm.newListener(), "Add listener");
    }

    void edit(ListenerRow row) {
        if (row != null) {
            show(vm.edit(row), "Edit listener " + row.name());
        }
    }

    private void show(ListenerEditModel model, String title) {
        TextField name = Controls.textField("listenerName", model.nameProperty(), "e.g. IncomingMail");
        ToggleGroup kinds = new ToggleGroup();
        RadioButton pub = radio("kindPublic", "Public (mail from the internet)", kinds);
        RadioButton priv = radio("kindPrivate", "Private (mail from internal hosts, relayed)", kinds);
        kinds.selectToggle(model.kindProperty().get() == ListenerKind.PUBLIC ? pub : priv);
        kinds.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.kindProperty().set(b == pub ? ListenerKind.PUBLIC : ListenerKind.PRIVATE);
            }
        });
        TextField address = Controls.textField("listenerAddress", model.addressProperty(), "127.0.0.1, 0.0.0.0, ::1");
        TextField port = Controls.textField("listenerPort", model.portProperty(), "25");
        port.setPrefColumnCount(6);
        port.setMaxWidth(110);
        TextField domain = Controls.textField("defaultDomain", model.defaultDomainProperty(), "example.com");
        TextField accepted = Controls.textField("acceptedDomains", model.acceptedDomainsProperty(),
                "example.com, example.org");
        TextField maxConnections = Controls.numberField("maxConnections", model.maxConnectionsProperty(), 7);
        maxConnections.setMaxWidth(110);
        TextField acceptQueue = Controls.numberField("acceptQueue", model.acceptQueueProperty(), 7);
        acceptQueue.setMaxWidth(110);
        ComboBox<CertificateChoice> certificate = new ComboBox<>(model.certificates());
        certificate.setId("listenerCertificate");
        certificate.valueProperty().bindBidirectional(model.certificateProperty());
        certificate.setMaxWidth(Double.MAX_VALUE);

        ToggleGroup tlsGroup = new ToggleGroup();
        RadioButton no = radio("tlsNo", "No", tlsGroup);
        RadioButton preferred = radio("tlsPreferred", "Preferred", tlsGroup);
        RadioButton required = radio("tlsRequired", "Required", tlsGroup);
        no.setUserData(InboundTls.NO);
        preferred.setUserData(InboundTls.PREFERRED);
        required.setUserData(InboundTls.REQUIRED);
        tlsGroup.selectToggle(switch (model.tlsProperty().get()) {
            case NO -> no;
            case PREFERRED -> preferred;
            case REQUIRED -> required;
        });
        tlsGroup.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.tlsProperty().set((InboundTls) b.getUserData());
            }
        });
        HBox tls = new HBox(16, no, preferred, required);
        tls.setAlignment(Pos.CENTER_LEFT);
        Label tlsNote = note("");

        VBox warnings = new VBox(6);
        warnings.setId("listenerWarnings");
        model.warnings().addListener((ListChangeListener<String>) c -> fillWarnings(warnings, model.warnings()));
        ScrollPane warningScroll = new ScrollPane(warnings);
        warningScroll.setFitToWidth(true);
        warningScroll.setPrefViewportHeight(120);
        warningScroll.getStyleClass().add("edge-to-edge");
        warningScroll.visibleProperty().bind(Bindings.isNotEmpty(model.warnings()));
        warningScroll.managedProperty().bind(warningScroll.visibleProperty());
        tlsNote.textProperty().unbind();
        tlsNote.textProperty().bind(Bindings.createStringBinding(() -> tlsText(model.tlsProperty().get()) + " "
                + (model.creating() ? "Every policy created with the listener starts with this setting."
                : "This is the default policy " + model.defaultPolicyName() + "'s setting; other policies keep "
                        + "theirs (Mail Policies › Mail Flow Policies)."), model.tlsProperty()));
        accepted.setTooltip(new javafx.scene.control.Tooltip(
                "Recipient domains an accepting policy takes mail for (and their subdomains)"));
        Label portLabel = new Label("_Port");
        portLabel.setMnemonicParsing(true);
        portLabel.setLabelFor(port);
        portLabel.getStyleClass().add("form-label");
        HBox addressRow = new HBox(10, address, portLabel, port);
        addressRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(address, javafx.scene.layout.Priority.ALWAYS);
        Label queueLabel = new Label("Accept _queue");
        queueLabel.setMnemonicParsing(true);
        queueLabel.setLabelFor(acceptQueue);
        queueLabel.getStyleClass().add("form-label");
        HBox limitsRow = new HBox(10, maxConnections, queueLabel, acceptQueue);
        limitsRow.setAlignment(Pos.CENTER_LEFT);

        Form form = new Form()
                .add("_Name", name)
                .add("Type", new HBox(16, pub, priv))
                .add("IP _address", addressRow)
                .add("Default _domain", domain)
                .add("A_ccepted domains", accepted)
                .add("_Max. connections", limitsRow)
                .add("C_ertificate", certificate)
                .add("_TLS", tls)
                .addWide(tlsNote)
                .addWide(warningScroll);
        WizardPage page = new WizardPage(model.creating() ? "A new SMTP listener" : "Listener settings", form);
        // taller than the other wizards: the engine's warnings show under the form as you choose
        page.setPrefSize(WizardPage.WIDTH, HEIGHT);
        page.setMinSize(WizardPage.WIDTH, HEIGHT);
        page.getStylesheets().add(STYLESHEET);
        page.validate(name, model::nameProblem);
        page.validate(address, model::addressProblem);
        page.validate(port, model::portProblem);
        page.validate(domain, model::defaultDomainProblem);
        page.validate(accepted, model::acceptedDomainsProblem);
        page.validate(maxConnections, model::maxConnectionsProblem);
        page.validate(acceptQueue, model::acceptQueueProblem);
        page.pageProblem(model::problem, model.nameProperty(), model.addressProperty(), model.portProperty(),
                model.defaultDomainProperty(), model.acceptedDomainsProperty(), model.maxConnectionsProperty(),
                model.acceptQueueProperty(), model.kindProperty());
        for (javafx.beans.Observable o : List.of(model.nameProperty(), model.kindProperty(), model.addressProperty(),
                model.portProperty(), model.certificateProperty(), model.tlsProperty())) {
            o.addListener(x -> model.checkWarnings());
        }
        page.onEnter(name::requestFocus);
        model.checkWarnings();

        VBox savedWarnings = new VBox(6);
        savedWarnings.setId("savedWarnings");
        Label done = Controls.callout("", "success");
        done.setId("listenerSaved");
        done.textProperty().bind(Bindings.createStringBinding(() -> model.saveOperation().getResult() == null ? ""
                : "Saved listener \"" + model.spec().name() + "\". A running engine now listens with the new settings.",
                model.saveOperation().resultProperty()));
        model.saveOperation().resultProperty().addListener((o, a, b) -> {
            if (b != null) {
                fillWarnings(savedWarnings, b);
            }
        });
        VBox success = new VBox(10, done, savedWarnings);
        WizardPage result = new WizardPage(model.creating() ? "Creating the listener" : "Saving the listener",
                new OperationPane(model.saveOperation(), success, false));
        result.setPrefSize(WizardPage.WIDTH, HEIGHT);
        result.setMinSize(WizardPage.WIDTH, HEIGHT);
        result.getStylesheets().add(STYLESHEET);
        result.busyWhen(model.saveOperation().notFinishedBinding());
        result.onEnter(() -> model.save(() -> vm.saved(model.spec().name()), new RolloverConfirmation(dialogs)));

        dialogs.showWizard(title, List.of(page, result));
    }

    static String tlsText(InboundTls tls) {
        return switch (tls) {
            case NO -> "STARTTLS is not offered; mail arrives in clear.";
            case PREFERRED -> "STARTTLS is offered after EHLO; clients may use it.";
            case REQUIRED -> "Nothing but NOOP, EHLO, STARTTLS and QUIT before TLS (RFC 3207 §4): "
                    + "senders without TLS cannot deliver.";
        };
    }

    /** The engine's warnings, verbatim, one callout each. */
    static void fillWarnings(VBox box, List<String> warnings) {
        box.getChildren().clear();
        for (String w : warnings) {
            Label l = Controls.callout(w, "warning");
            l.getStyleClass().add("engine-warning");
            box.getChildren().add(l);
        }
    }

    private static RadioButton radio(String id, String text, ToggleGroup group) {
        RadioButton b = new RadioButton(text);
        b.setId(id);
        b.setToggleGroup(group);
        b.setMnemonicParsing(false);
        return b;
    }

    static Label note(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("note");
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

}

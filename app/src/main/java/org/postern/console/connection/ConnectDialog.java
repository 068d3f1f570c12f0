package org.postern.console.connection;

import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.event.ActionEvent;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.postern.console.common.Controls;
import org.postern.console.common.Form;
import org.postern.console.common.Formats;
import org.postern.console.connection.ConnectViewModel.Step;
import org.postern.engine.admin.ServerIdentity;

/**
 * File › Connect…: address and password, then the engine's certificate for the administrator to
 * compare before it is pinned. The result is the logged-in {@link Connection}, or empty.
 */
public final class ConnectDialog extends Dialog<Connection> {

    public static final ButtonType CONNECT = new ButtonType("Connect", ButtonBar.ButtonData.OK_DONE);

    private final ConnectViewModel vm;

    public ConnectDialog(ConnectViewModel vm) {
        this.vm = vm;
        setTitle("Connect to a remote engine");
        setHeaderText("Manage a Postern engine on another machine over HTTPS");
        setResizable(true);
        getDialogPane().setId("connectDialog");
        getDialogPane().setPrefWidth(760);
        getDialogPane().setMinWidth(760);
        getDialogPane().getButtonTypes().addAll(CONNECT, ButtonType.CANCEL);

        TextField address = Controls.textField("connectAddress", vm.addressProperty(), "https://host[:port] (port 8443 if none)");
        PasswordField password = new PasswordField();
        password.setId("connectPassword");
        password.setPromptText("the administrator's password");
        password.textProperty().bindBidirectional(vm.passwordProperty());
        Form form = new Form().add("Engine _address", address).add("_Password", password);
        Label hint = new Label("A new engine's first password is in the file admin-initial-password in its data"
                + " directory. HTTPS administration is switched on there with postern interfaceconfig or Network ›"
                + " IP Interfaces.");
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        hint.setMinHeight(Region.USE_PREF_SIZE);
        form.addWide(hint);

        VBox identityBox = identityPane();

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label progressText = new Label();
        progressText.textProperty().bind(vm.progressProperty());
        HBox progress = new HBox(8, spinner, progressText);
        progress.setId("connectProgress");
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.stepProperty().get() == Step.CHECKING || vm.stepProperty().get() == Step.LOGGING_IN,
                vm.stepProperty()));
        progress.managedProperty().bind(progress.visibleProperty());

        Label error = Controls.callout("", "danger");
        error.setId("connectError");
        error.textProperty().bind(Bindings.createStringBinding(() -> vm.errorProperty().get() == null ? ""
                : vm.errorProperty().get(), vm.errorProperty()));
        error.visibleProperty().bind(vm.errorProperty().isNotNull());
        error.managedProperty().bind(error.visibleProperty());

        Button forget = new Button("Forget this engine's pin…");
        forget.setId("connectForgetPin");
        forget.setOnAction(e -> vm.forgetPin());
        forget.visibleProperty().bind(vm.pinRefusedProperty());
        forget.managedProperty().bind(forget.visibleProperty());

        VBox content = new VBox(12, form, identityBox, progress, error, forget);
        getDialogPane().setContent(content);

        Button connect = (Button) getDialogPane().lookupButton(CONNECT);
        connect.setId("connectButton");
        // its text changes with the step: sized on its own, not with Cancel
        ButtonBar.setButtonUniformSize(connect, false);
        connect.setMinWidth(Region.USE_PREF_SIZE);
        connect.textProperty().bind(Bindings.createStringBinding(() -> switch (vm.stepProperty().get()) {
            case CONFIRM -> "Trust and connect";
            case FAILED -> "Try again";
            default -> "Connect";
        }, vm.stepProperty()));
        connect.disableProperty().bind(Bindings.createBooleanBinding(
                () -> vm.stepProperty().get() == Step.CHECKING || vm.stepProperty().get() == Step.LOGGING_IN,
                vm.stepProperty()));
        // the button moves the flow on; the dialog closes only with a connection (or Cancel)
        connect.addEventFilter(ActionEvent.ACTION, e -> {
            e.consume();
            vm.proceed();
        });
        vm.connectionProperty().addListener((o, a, b) -> {
            if (b != null) {
                setResult(b);
                close();
            }
        });
        setResultConverter(type -> type == CONNECT ? vm.connectionProperty().get() : null);
        setOnHidden(e -> {
            if (vm.connectionProperty().get() == null) {
                vm.cancel();
            }
        });
        setOnShown(e -> (vm.addressProperty().get().isBlank() ? address : password).requestFocus());
        // the certificate, progress and errors come and go: the window follows its content
        vm.stepProperty().addListener((o, a, b) -> fitWindow());
        vm.errorProperty().addListener((o, a, b) -> fitWindow());
    }

    private void fitWindow() {
        Platform.runLater(() -> {
            if (getDialogPane().getScene() != null && getDialogPane().getScene().getWindow() != null) {
                getDialogPane().getScene().getWindow().sizeToScene();
            }
        });
    }

    private VBox identityPane() {
        Label title = new Label("Check the engine's certificate before trusting it");
        title.getStyleClass().add("section-title");
        Label subject = wrapping("connectSubject");
        Label issuer = wrapping("connectIssuer");
        Label expires = new Label();
        expires.setId("connectExpires");
        Label fingerprint = wrapping("connectFingerprint");
        fingerprint.getStyleClass().add("fingerprint");
        Form details = new Form().add("Subject", subject).add("Issuer", issuer).add("Valid until", expires)
                .add("SHA-256", fingerprint);
        Label advice = Controls.callout("Compare this SHA-256 fingerprint with the one the engine shows locally:"
                + " postern interfaceconfig on the engine's machine, or its console's Network › IP Interfaces page."
                + " Trust it only if they are the same; the console then remembers (pins) it and refuses any other"
                + " certificate from this address.", "warning");
        advice.setId("connectAdvice");
        VBox box = new VBox(8, title, details, advice);
        box.setId("connectIdentity");
        vm.identityProperty().addListener((o, a, id) -> show(id, subject, issuer, expires, fingerprint));
        box.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.stepProperty().get() == Step.CONFIRM,
                vm.stepProperty()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private static Label wrapping(String id) {
        Label l = new Label();
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        return l;
    }

    /** A SHA-256 fingerprint in two lines of 16 bytes, easier to compare by eye. */
    public static String twoLines(String fingerprint) {
        return fingerprint.length() == 95 ? fingerprint.substring(0, 48) + "\n" + fingerprint.substring(48) : fingerprint;
    }

    private static void show(ServerIdentity id, Label subject, Label issuer, Label expires, Label fingerprint) {
        subject.setText(id == null ? "" : id.subject());
        issuer.setText(id == null ? "" : id.issuer());
        expires.setText(id == null ? "" : Formats.dateTime(id.notAfter()));
        fingerprint.setText(id == null ? "" : twoLines(id.sha256Fingerprint()));
    }

    public ConnectViewModel viewModel() {
        return vm;
    }
}

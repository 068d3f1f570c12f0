package org.postern.console.interfaces;

import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.postern.console.common.ClipboardService;
import org.postern.console.common.Controls;
import org.postern.console.common.DialogService;
import org.postern.console.common.FileFilter;
import org.postern.console.common.Form;
import org.postern.console.common.Formats;
import org.postern.console.common.Operation;
import org.postern.console.connection.ManagedEngine;
import org.postern.console.listeners.CertificateChoice;
import org.postern.engine.api.AdminApi.ClientCertificate;

/** Network › IP Interfaces: HTTPS administration, the administrator's password and client certificates (ADM-1/2). */
public final class IpInterfacesView extends BorderPane {

    private final IpInterfacesViewModel vm;
    private final DialogService dialogs;

    public IpInterfacesView(IpInterfacesViewModel vm, ClipboardService clipboard, DialogService dialogs,
                            ManagedEngine managed) {
        this.vm = vm;
        this.dialogs = dialogs;
        setId("ipInterfacesView");

        Label heading = new Label("IP Interfaces");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("HTTPS administration: consoles on other machines and postern --remote manage this"
                + " engine over HTTPS on the address and port below, after logging in as the administrator or with a"
                + " registered client certificate. The local console and command line use the engine's control"
                + " socket and need none of this. Changes apply at once; only the HTTPS connector restarts.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);
        VBox top = new VBox(2, heading, sub);
        top.getStyleClass().add("page-header");
        setTop(top);

        VBox body = new VBox(20, httpsSection(managed), statusSection(clipboard), passwordSection(), clientSection());
        body.setMaxWidth(900);
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        VBox page = new VBox(scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        page.getStyleClass().add("page-body");
        setCenter(page);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-title");
        return l;
    }

    private VBox httpsSection(ManagedEngine managed) {
        CheckBox enabled = new CheckBox("Enable HTTPS administration");
        enabled.setId("httpsEnabled");
        enabled.selectedProperty().bindBidirectional(vm.enabledProperty());
        TextField address = Controls.textField("httpsAddress", vm.addressProperty(), "0.0.0.0 (all interfaces), 127.0.0.1, ::1 …");
        TextField port = Controls.numberField("httpsPort", vm.portProperty(), 6);
        port.setMaxWidth(120);
        ComboBox<CertificateChoice> certificate = new ComboBox<>(vm.certificates());
        certificate.setId("httpsCertificate");
        certificate.valueProperty().bindBidirectional(vm.certificateProperty());
        certificate.setMaxWidth(Double.MAX_VALUE);
        Form form = new Form().add("", enabled).add("_Address", address).add("_Port", port)
                .add("_Certificate", certificate);

        VBox warnings = new VBox(6);
        warnings.setId("httpsWarnings");
        vm.warnings().addListener((ListChangeListener<String>) c -> warnings.getChildren().setAll(
                vm.warnings().stream().map(w -> Controls.callout(w, "warning")).toList()));

        Operation<List<String>> applying = vm.applying();
        Label refused = Controls.callout("", "danger");
        refused.setId("httpsError");
        refused.textProperty().bind(Bindings.createStringBinding(() -> applying.getError() == null ? ""
                : "The engine refused: " + applying.getError() + ". Nothing was changed.", applying.errorProperty()));
        refused.visibleProperty().bind(applying.failedBinding());
        refused.managedProperty().bind(refused.visibleProperty());

        Label remoteNote = Controls.callout("This console manages the engine through HTTPS: after a change of address,"
                + " port or certificate, connect again (File › Connect…); a new certificate must be confirmed, and"
                + " the old pin forgotten, before the console trusts it.", "info");
        remoteNote.setVisible(managed.remote());
        remoteNote.setManaged(managed.remote());

        Button apply = new Button("Apply");
        apply.setId("httpsApply");
        apply.getStyleClass().add("accent");
        apply.disableProperty().bind(vm.changedProperty().not().or(applying.runningBinding()));
        apply.setOnAction(e -> vm.apply());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, spacer, apply);
        buttons.setAlignment(Pos.CENTER_RIGHT);
        return new VBox(8, section("HTTPS administration"), form, warnings, remoteNote, refused, buttons);
    }

    private VBox statusSection(ClipboardService clipboard) {
        Label status = new Label();
        status.setId("httpsStatus");
        status.setWrapText(true);
        status.textProperty().bind(Bindings.createStringBinding(
                () -> IpInterfacesViewModel.statusText(vm.statusProperty().get()), vm.statusProperty()));
        TextField fingerprint = new TextField();
        fingerprint.setId("httpsFingerprint");
        fingerprint.setEditable(false);
        fingerprint.getStyleClass().add("mono-small");
        fingerprint.textProperty().bind(Bindings.createStringBinding(() -> vm.statusProperty().get() == null
                || vm.statusProperty().get().sha256Fingerprint() == null ? "" : vm.statusProperty().get().sha256Fingerprint(),
                vm.statusProperty()));
        Button copy = Controls.copyButton("httpsFingerprintCopy", clipboard, fingerprint::getText);
        copy.disableProperty().bind(fingerprint.textProperty().isEmpty());
        HBox fpRow = new HBox(8, fingerprint, copy);
        HBox.setHgrow(fingerprint, Priority.ALWAYS);
        Label hint = new Label("A console connecting from another machine shows this SHA-256 fingerprint before it"
                + " trusts the engine: compare the two.");
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        Form form = new Form().add("Status", status).add("SHA-256", fpRow);
        return new VBox(8, section("What the engine serves"), form, hint);
    }

    private VBox passwordSection() {
        Label pending = Controls.callout("The administrator still has the password generated at first run (the file"
                + " admin-initial-password in the data directory). Set your own.", "warning");
        pending.setId("initialPasswordPending");
        pending.visibleProperty().bind(vm.initialPasswordPendingProperty());
        pending.managedProperty().bind(pending.visibleProperty());
        Button change = new Button("Change administrator password…");
        change.setId("changePassword");
        change.setOnAction(e -> changePassword());
        Operation<Void> op = vm.passwordChange();
        Label result = new Label();
        result.setId("passwordResult");
        result.setWrapText(true);
        result.textProperty().bind(Bindings.createStringBinding(() -> switch (op.getState()) {
            case SUCCEEDED -> "The administrator's password was changed.";
            case FAILED -> "Not changed: " + op.getError();
            case RUNNING -> "Setting the password…";
            default -> "";
        }, op.stateProperty(), op.errorProperty()));
        op.stateProperty().addListener((o, a, b) -> {
            result.getStyleClass().removeAll("success", "danger");
            result.getStyleClass().add(b == Operation.State.FAILED ? "danger" : "success");
        });
        return new VBox(8, section("Administrator"), pending, change, result);
    }

    private void changePassword() {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Change administrator password");
        dialog.setHeaderText("The new password for the administrator (at least 12 characters)");
        ButtonType set = new ButtonType("Set password", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(set, ButtonType.CANCEL);
        dialog.getDialogPane().setId("changePasswordDialog");
        PasswordField first = new PasswordField();
        first.setId("newPassword");
        PasswordField again = new PasswordField();
        again.setId("newPasswordAgain");
        dialog.getDialogPane().setContent(new Form().add("_New password", first).add("_Repeat", again));
        Optional<ButtonType> answer = dialogs.showDialog(dialog);
        if (answer.filter(b -> b == set).isPresent()) {
            vm.changePassword(first.getText(), again.getText());
        }
        first.clear();
        again.clear();
    }

    private VBox clientSection() {
        TableView<ClientCertificate> table = new TableView<>(vm.clientCertificates());
        table.setId("clientCertificates");
        table.setPrefHeight(150);
        table.setPlaceholder(new Label("No client certificates: only the password logs in."));
        TableColumn<ClientCertificate, String> subject = new TableColumn<>("Subject");
        subject.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(c.getValue().subject()));
        subject.setPrefWidth(280);
        TableColumn<ClientCertificate, String> expires = new TableColumn<>("Expires");
        expires.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(Formats.date(c.getValue().notAfter())));
        TableColumn<ClientCertificate, String> fp = new TableColumn<>("SHA-256");
        fp.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(c.getValue().sha256Fingerprint()));
        fp.setPrefWidth(420);
        table.getColumns().setAll(List.of(subject, expires, fp));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        Button add = new Button("Add from file…");
        add.setId("clientAdd");
        add.setOnAction(e -> dialogs.showOpenDialog("Client certificate (PEM or DER)",
                        List.of(new FileFilter("Certificates", List.of("*.pem", "*.crt", "*.cer", "*.der")),
                                new FileFilter("All files", List.of("*"))))
                .ifPresent(vm::addClientCertificate));
        Button remove = new Button("Remove…");
        remove.setId("clientRemove");
        remove.disableProperty().bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(e -> vm.removeClientCertificate(table.getSelectionModel().getSelectedItem()));
        Operation<Object> op = vm.clientChange();
        Label refused = Controls.callout("", "danger");
        refused.setId("clientError");
        refused.textProperty().bind(Bindings.createStringBinding(() -> op.getError() == null ? "" : op.getError(),
                op.errorProperty()));
        refused.visibleProperty().bind(op.failedBinding());
        refused.managedProperty().bind(refused.visibleProperty());
        Label hint = new Label("The holder of a registered certificate logs in over HTTPS by presenting it, without a password.");
        hint.getStyleClass().add("text-muted");
        hint.setWrapText(true);
        return new VBox(8, section("Client certificates"), hint, table, new HBox(8, add, remove), refused);
    }

    /** Called when the page is shown: reloads everything. */
    public void shown() {
        vm.refresh();
    }

    public IpInterfacesViewModel viewModel() {
        return vm;
    }
}

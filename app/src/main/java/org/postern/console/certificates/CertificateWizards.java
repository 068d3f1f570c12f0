package org.postern.console.certificates;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.RadioButton;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.postern.console.common.ClipboardService;
import org.postern.console.common.Controls;
import org.postern.console.common.DialogService;
import org.postern.console.common.FileFilter;
import org.postern.console.common.Form;
import org.postern.console.common.Formats;
import org.postern.console.common.Operation;
import org.postern.console.common.OperationPane;
import org.postern.console.common.WizardPage;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.PemBundle;
import org.postern.engine.api.Pkcs12Contents;
import org.postern.engine.api.Pkcs12Encryption;
import org.postern.engine.api.TlsaRecord;

/**
 * The certificate wizards and dialogs. Each one is a ControlsFX wizard whose pages validate as
 * the administrator types; engine work starts as a page is left and shows progress on the next
 * page, where it can be cancelled; engine refusals are shown verbatim and change nothing.
 */
public final class CertificateWizards {

    private final CertificatesViewModel vm;
    private final ClipboardService clipboard;
    private final DialogService dialogs;

    public CertificateWizards(CertificatesViewModel vm, ClipboardService clipboard) {
        this.vm = vm;
        this.clipboard = clipboard;
        this.dialogs = vm.dialogs();
    }

    // =================================================================== 1. create self-signed

    public void createSelfSigned() {
        CreateCertificateModel model = new CreateCertificateModel(vm.api(), vm.executor(), vm::names);

        TextField cn = Controls.textField("commonName", model.commonNameProperty(), "mail.example.com");
        TextField sans = Controls.textField("dnsNames", model.dnsNamesProperty(), "mail.example.com, mx1.example.com");
        TextField org = Controls.textField("organization", model.organizationProperty(), "optional");
        TextField unit = Controls.textField("organizationalUnit", model.organizationalUnitProperty(), "optional");
        TextField city = Controls.textField("city", model.cityProperty(), "optional");
        TextField state = Controls.textField("state", model.stateProperty(), "optional");
        TextField country = Controls.textField("country", model.countryProperty(), "e.g. DE");
        country.setPrefColumnCount(3);
        country.setMaxWidth(80);
        TextField name = Controls.textField("name", model.nameProperty(), "");
        name.promptTextProperty().bind(Bindings.createStringBinding(() -> model.commonNameProperty().get().isBlank()
                ? "defaults to the common name" : model.commonNameProperty().get().trim() + " (the common name)",
                model.commonNameProperty()));
        CheckBox fqdn = new CheckBox("Check that the names are fully-qualified domain names");
        fqdn.setId("fqdnCheck");
        fqdn.selectedProperty().bindBidirectional(model.fqdnCheckProperty());
        Label sanNote = note("DNS names go into the certificate's Subject Alternative Name, which is what clients "
                + "check. They follow the common name until you edit them; the common name is always included.");

        Form subjectForm = new Form()
                .add("_Common name (FQDN)", cn)
                .add("_DNS names (SAN)", sans)
                .addWide(sanNote)
                .add("_Organization", org)
                .add("Organizational _unit", unit)
                .add("C_ity", city)
                .add("_State or province", state)
                .add("Countr_y (2 letters)", country)
                .add("Na_me in the store", name)
                .addWide(fqdn);
        WizardPage subject = new WizardPage("Who is this certificate for?", subjectForm);
        subject.validate(cn, model::commonNameProblem);
        subject.validate(sans, model::dnsNamesProblem);
        subject.validate(org, () -> InputRules.organizationProblem(model.organizationProperty().get()));
        subject.validate(unit, () -> InputRules.organizationalUnitProblem(model.organizationalUnitProperty().get()));
        subject.validate(city, () -> InputRules.cityProblem(model.cityProperty().get()));
        subject.validate(state, () -> InputRules.stateProblem(model.stateProperty().get()));
        subject.validate(country, model::countryProblem);
        subject.validate(name, model::nameProblem);
        subject.pageProblem(model::subjectPageProblem, model.commonNameProperty(), model.dnsNamesProperty(),
                model.organizationProperty(), model.organizationalUnitProperty(), model.cityProperty(),
                model.stateProperty(), model.countryProperty(), model.nameProperty(), model.fqdnCheckProperty());
        subject.onEnter(cn::requestFocus);

        TextField days = Controls.numberField("validityDays", model.validityDaysProperty(), 6);
        days.setMaxWidth(120);
        ComboBox<KeyType> key = new ComboBox<>(model.keyTypes());
        key.setId("keyType");
        key.valueProperty().bindBidirectional(model.keyTypeProperty());
        CheckBox legacy = new CheckBox("Offer legacy RSA 1024 (weak; only for peers that cannot do better)");
        legacy.setId("allowLegacy");
        legacy.selectedProperty().bindBidirectional(model.allowLegacyProperty());
        Label legacyWarning = Controls.callout(KeyType.LEGACY_WARNING + ".", "danger");
        legacyWarning.setId("legacyWarning");
        legacyWarning.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> model.keyWarning() != null, model.keyTypeProperty()));
        legacyWarning.managedProperty().bind(legacyWarning.visibleProperty());
        Form keyForm = new Form()
                .add("_Validity (days)", days)
                .add("_Key", key)
                .addWide(legacy)
                .addWide(legacyWarning)
                .addWide(note("RSA 2048 suits most peers; ECDSA keys are smaller and faster. "
                        + "RSA 4096 may take several seconds to generate; you can cancel it."));
        WizardPage keyPage = new WizardPage("Key and validity", keyForm);
        keyPage.validate(days, model::validityProblem);
        keyPage.validate(key, model::keyProblem);
        keyPage.pageProblem(model::keyPageProblem, model.validityDaysProperty(), model.keyTypeProperty(),
                model.allowLegacyProperty());

        Form summaryForm = new Form();
        VBox summaryBox = new VBox(12, summaryForm,
                note("The key and the certificate are created when you press Create."));
        WizardPage summary = new WizardPage("Summary: check before creating", summaryBox);
        summary.actionLabel("Create");
        summary.onEnter(() -> {
            summaryForm.getChildren().clear();
            Form fresh = new Form();
            for (String[] row : model.summary()) {
                Label value = new Label(row[1]);
                value.setWrapText(true);
                value.getStyleClass().add("summary-value");
                fresh.add(row[0], value);
            }
            summaryBox.getChildren().set(0, fresh);
        });

        Label done = new Label();
        done.setId("createdMessage");
        done.setWrapText(true);
        done.textProperty().bind(Bindings.createStringBinding(() -> {
            CertificateSummary s = model.creation().getResult();
            return s == null ? "" : "Created \"" + s.name() + "\" (" + s.keyDescription() + "), valid until "
                    + Formats.date(s.notAfter()) + " for " + String.join(", ", s.dnsNames()) + ".";
        }, model.creation().resultProperty()));
        VBox success = new VBox(10, Controls.callout("The self-signed certificate was created.", "success"), done,
                note("Next steps: download a certificate signing request to have it signed by a CA, "
                        + "or publish a TLSA record for DANE."));
        WizardPage result = new WizardPage("Creating the certificate", new OperationPane(model.creation(), success, true));
        result.busyWhen(model.creation().notFinishedBinding());
        Runnable create = () -> model.create(() -> vm.refresh(model.creation().getResult().name()));
        result.onEnter(create);
        result.outcomeOf(model.creation(), create);

        dialogs.showWizard("New self-signed certificate", List.of(subject, keyPage, summary, result));
        model.creation().cancel();
    }

    // ======================================================================= 2. download CSR

    public void downloadCsr(CertificateSummary entry) {
        // the request is made (and the entry marked CSR pending by the engine) only when the
        // administrator copies or saves it: looking at the dialog changes nothing
        Operation<String> csr = new Operation<>();
        TextArea pem = Controls.pemArea("csrPem");
        pem.textProperty().bind(Bindings.createStringBinding(
                () -> csr.getResult() == null ? "" : csr.getResult(), csr.resultProperty()));
        Label saved = new Label();
        saved.setId("csrSaved");
        saved.getStyleClass().add("success");
        Button copy = new Button("_Copy");
        copy.setId("copyCsr");
        copy.setTooltip(new javafx.scene.control.Tooltip("Create the request and copy it to the clipboard"));
        copy.setOnAction(e -> withCsr(entry, csr, text -> {
            clipboard.copy(text);
            copy.setText("Copied");
        }));
        Button save = new Button("_Save…");
        save.setId("saveCsr");
        save.setOnAction(e -> dialogs.showSaveDialog("Save certificate signing request",
                        entry.name().replaceAll("[^A-Za-z0-9._-]", "_") + ".csr", List.of(FileFilter.CSR, FileFilter.ALL))
                .ifPresent(path -> withCsr(entry, csr, text -> vm.save(path, text.getBytes(StandardCharsets.US_ASCII),
                        false, () -> saved.setText("Saved to " + path)))));
        copy.disableProperty().bind(csr.runningBinding());
        save.disableProperty().bind(csr.runningBinding());
        HBox buttons = new HBox(8, copy, save, saved);
        buttons.setAlignment(Pos.CENTER_LEFT);
        Label pending = note("The request is created when you copy or save it; \"" + entry.name()
                + "\" is then \"CSR pending\" until the signed certificate is uploaded.");
        pending.setId("csrNotYet");
        pending.visibleProperty().bind(csr.stateProperty().isEqualTo(Operation.State.IDLE));
        pending.managedProperty().bind(pending.visibleProperty());
        OperationPane pane = new OperationPane(csr, pem, false);
        VBox content = new VBox(10,
                note("Send this request to your certificate authority. It carries the subject and the DNS names "
                        + Formats.list(entry.dnsNames()) + ". Upload the certificate the CA returns with "
                        + "\"Upload signed certificate\"."),
                pending, pane, buttons);
        VBox.setVgrow(pane, Priority.ALWAYS);

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Certificate signing request");
        dialog.setHeaderText("Certificate signing request for \"" + entry.name() + "\"");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        // sized for the request, which arrives after the dialog is shown
        dialog.getDialogPane().setPrefSize(WizardPage.WIDTH, 520);
        dialog.getDialogPane().setMinSize(WizardPage.WIDTH, 520);
        dialog.setResizable(true);
        dialogs.showDialog(dialog);
    }

    /** Runs {@code then} with the request, asking the engine for it first if it was not made yet. */
    private void withCsr(CertificateSummary entry, Operation<String> csr, java.util.function.Consumer<String> then) {
        if (csr.getResult() != null) {
            then.accept(csr.getResult());
        } else if (!csr.isRunning()) {
            vm.certificateSigningRequest(entry.name(), csr, then);
        }
    }

    // ============================================================= 3. upload CA-signed certificate

    public void uploadSigned(CertificateSummary entry) {
        UploadSignedModel model = new UploadSignedModel(vm.api(), vm.executor(), entry.name());
        Controls.FileField certField = Controls.fileField("certificateFile", model.certificateFileProperty(), dialogs,
                "Certificate from the CA", false, () -> "", List.of(FileFilter.CERTIFICATES, FileFilter.ALL));
        Controls.FileField chainField = Controls.fileField("intermediatesFile", model.intermediatesFileProperty(), dialogs,
                "Intermediate certificates", false, () -> "", List.of(FileFilter.CERTIFICATES, FileFilter.ALL));
        Form form = new Form()
                .add("_Certificate", certField)
                .add("_Intermediates", chainField)
                .addWide(note("PEM, DER or PKCS#7. The certificate must be for the key of \"" + entry.name()
                        + "\"; intermediates are optional and can be added later. The chain is ordered "
                        + "leaf → root and checked for gaps."));
        WizardPage files = new WizardPage("Upload the CA-signed certificate for \"" + entry.name() + "\"", form);
        files.validate(certField.field(), model::certificateProblem);
        files.validate(chainField.field(), model::intermediatesProblem);
        files.pageProblem(model::pageProblem, model.certificateFileProperty(), model.intermediatesFileProperty());
        files.actionLabel("Upload");

        Label done = new Label();
        done.setId("uploadedMessage");
        done.setWrapText(true);
        done.textProperty().bind(Bindings.createStringBinding(() -> {
            CertificateSummary s = model.upload().getResult();
            return s == null ? "" : "\"" + s.name() + "\" is now " + s.status().label() + ", issued by "
                    + Formats.commonName(s.issuer()) + ", valid until " + Formats.date(s.notAfter()) + "."
                    + (s.warnings().isEmpty() ? "" : "\nNote: " + String.join("; ", s.warnings()));
        }, model.upload().resultProperty()));
        VBox success = new VBox(10, Controls.callout("The signed certificate was installed.", "success"), done);
        WizardPage result = new WizardPage("Installing the certificate", new OperationPane(model.upload(), success, false));
        result.busyWhen(model.upload().runningBinding());
        Runnable upload = () -> model.upload(() -> vm.refresh(entry.name()), vm.rollover());
        result.onEnter(upload);
        result.outcomeOf(model.upload(), upload);
        dialogs.showWizard("Upload signed certificate", List.of(files, result));
    }

    // ======================================================================= 4. import PKCS#12

    public void importPkcs12() {
        importPkcs12(null, null);
    }

    /** With a file that was dropped or opened: its bytes are preloaded. */
    public void importPkcs12(Path path, byte[] content) {
        ImportPkcs12Model model = new ImportPkcs12Model(vm.api(), vm.executor(), vm::names);
        if (content != null) {
            model.preload(path, content);
        }
        Controls.FileField fileField = Controls.fileField("pkcs12File", model.fileTextProperty(), dialogs, "PKCS#12 file",
                false, () -> "", List.of(FileFilter.PKCS12, FileFilter.ALL));
        PasswordField password = new PasswordField();
        password.setId("pkcs12Password");
        password.textProperty().bindBidirectional(model.passwordProperty());
        Form fileForm = new Form()
                .add("_File", fileField)
                .add("_Password", password)
                .addWide(note("Modern (AES) and legacy (RC2/3DES) PKCS#12 files are read. Nothing is stored "
                        + "until you have seen the contents and pressed Import."));
        WizardPage filePage = new WizardPage("Import a PKCS#12 file", fileForm);
        filePage.validate(fileField.field(), model::filePageProblem);
        filePage.pageProblem(model::filePageProblem, model.fileTextProperty(), model.fileProperty());

        // page 2: what the file holds, then name and FQDN check
        VBox contents = new VBox(8);
        contents.setId("pkcs12Contents");
        TextField name = Controls.textField("importName", model.nameProperty(), "name in the store");
        CheckBox fqdn = new CheckBox("Check that the certificate's names are fully-qualified domain names");
        fqdn.setId("importFqdnCheck");
        fqdn.selectedProperty().bindBidirectional(model.fqdnCheckProperty());
        Form nameForm = new Form().add("_Name", name).addWide(fqdn);
        VBox shown = new VBox(12, contents, nameForm);
        model.reading().resultProperty().addListener((o, a, c) -> {
            contents.getChildren().clear();
            if (c != null) {
                contents.getChildren().add(pkcs12Summary(c));
            }
        });
        // a wrong password is asked again here, under the engine's message; the file is kept
        PasswordField again = new PasswordField();
        again.setId("pkcs12PasswordAgain");
        again.textProperty().bindBidirectional(model.passwordProperty());
        Button readAgain = new Button("_Read again");
        readAgain.setId("readAgain");
        readAgain.setDefaultButton(true);
        readAgain.disableProperty().bind(again.textProperty().isEmpty());
        readAgain.setOnAction(e -> model.read());
        again.setOnAction(e -> readAgain.fire());
        HBox againRow = new HBox(8, new Label("_Password"), again, readAgain);
        ((Label) againRow.getChildren().getFirst()).setLabelFor(again);
        ((Label) againRow.getChildren().getFirst()).setMnemonicParsing(true);
        againRow.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(again, Priority.ALWAYS);
        againRow.setId("pkcs12AskAgain");
        againRow.visibleProperty().bind(model.reading().failedBinding());
        againRow.managedProperty().bind(againRow.visibleProperty());
        model.reading().failedBinding().addListener((o, was, failed) -> {
            if (failed) {
                again.selectAll();
                again.requestFocus();
            }
        });
        WizardPage review = new WizardPage("What the file holds",
                new VBox(12, new OperationPane(model.reading(), shown, false), againRow));
        review.validate(name, () -> model.reading().getState() == Operation.State.SUCCEEDED ? model.namePageProblem() : null);
        review.pageProblem(model::namePageProblem, model.nameProperty(), model.fqdnCheckProperty(),
                model.reading().stateProperty());
        review.busyWhen(model.reading().runningBinding());
        review.onEnter(model::read);
        review.actionLabel("Import");

        Label done = new Label();
        done.setId("importedMessage");
        done.setWrapText(true);
        done.textProperty().bind(Bindings.createStringBinding(() -> {
            CertificateSummary s = model.importing().getResult();
            return s == null ? "" : "Imported \"" + s.name() + "\": " + s.commonName() + ", valid until "
                    + Formats.date(s.notAfter()) + ".";
        }, model.importing().resultProperty()));
        VBox success = new VBox(10, Controls.callout("The PKCS#12 file was imported.", "success"), done);
        WizardPage result = new WizardPage("Importing", new OperationPane(model.importing(), success, false));
        result.busyWhen(model.importing().runningBinding());
        Runnable importFile = () -> model.importFile(() -> vm.refresh(model.importing().getResult().name()));
        result.onEnter(importFile);
        result.outcomeOf(model.importing(), importFile);

        if (content != null && path == null) {
            // pasted data has no file: the first page only asks for the password
            fileField.setDisable(true);
        }
        dialogs.showWizard("Import PKCS#12", List.of(filePage, review, result));
        model.reading().cancel();
    }

    private Node pkcs12Summary(Pkcs12Contents c) {
        Form form = new Form();
        CertificateView leaf = c.chain().isEmpty() ? null : c.chain().getFirst();
        if (leaf != null) {
            form.add("Subject", value(leaf.subject()));
            form.add("DNS names", value(Formats.list(leaf.dnsNames())));
            form.add("Issuer", value(leaf.issuer()));
            form.add("Valid", value(Formats.date(leaf.notBefore()) + " to " + Formats.date(leaf.notAfter())));
            form.add("SHA-256", value(leaf.sha256Fingerprint()));
        }
        form.add("Key", value(c.keyDescription()));
        form.add("Chain", value(c.chain().size() + (c.chain().size() == 1 ? " certificate" : " certificates")));
        form.add("Protection", value(c.encryption()));
        return form;
    }

    // ======================================================================= 5. export PKCS#12

    public void exportPkcs12(CertificateSummary entry) {
        ExportPkcs12Model model = new ExportPkcs12Model(vm.api(), vm.executor(), entry.name());
        PasswordField password = new PasswordField();
        password.setId("exportPassword");
        password.textProperty().bindBidirectional(model.passwordProperty());
        PasswordField confirm = new PasswordField();
        confirm.setId("exportPasswordConfirm");
        confirm.textProperty().bindBidirectional(model.confirmationProperty());
        ToggleGroup group = new ToggleGroup();
        RadioButton aes = new RadioButton("AES-256 (recommended)");
        aes.setTooltip(new javafx.scene.control.Tooltip(Pkcs12Encryption.AES_256.label()));
        aes.setId("encryptionAes");
        aes.setToggleGroup(group);
        aes.setUserData(Pkcs12Encryption.AES_256);
        RadioButton legacy = new RadioButton("Legacy 3DES / SHA-1");
        legacy.setTooltip(new javafx.scene.control.Tooltip(Pkcs12Encryption.LEGACY_3DES.label()));
        legacy.setId("encryptionLegacy");
        legacy.setToggleGroup(group);
        legacy.setUserData(Pkcs12Encryption.LEGACY_3DES);
        group.selectToggle(aes);
        group.selectedToggleProperty().addListener((o, a, b) ->
                model.encryptionProperty().set(b == null ? Pkcs12Encryption.AES_256 : (Pkcs12Encryption) b.getUserData()));
        Label legacyWarning = Controls.callout(capitalize(Pkcs12Encryption.LEGACY_WARNING) + ".", "warning");
        legacyWarning.setId("legacyPkcs12Warning");
        legacyWarning.visibleProperty().bind(legacy.selectedProperty());
        legacyWarning.managedProperty().bind(legacyWarning.visibleProperty());
        Controls.FileField file = Controls.fileField("exportFile", model.fileTextProperty(), dialogs, "Save PKCS#12 file", true,
                model::suggestedFileName, List.of(FileFilter.PKCS12));
        Form form = new Form()
                .add("_Password", password)
                .add("Con_firm password", confirm)
                .add("Encryption", new VBox(6, aes, note(Pkcs12Encryption.AES_256.label()
                        + ". Current OpenSSL and Java keytool open it."), legacy))
                .addWide(legacyWarning)
                .add("_File", file)
                .addWide(note("The file holds the private key and the whole chain, protected by the password. "
                        + "It is written readable by you only."));
        WizardPage page = new WizardPage("Export \"" + entry.name() + "\" as PKCS#12", form);
        page.validate(password, model::passwordProblem);
        page.validate(confirm, model::confirmationProblem);
        page.validate(file.field(), model::fileProblem);
        page.pageProblem(model::pageProblem, model.passwordProperty(), model.confirmationProperty(),
                model.fileTextProperty());
        page.onEnter(password::requestFocus);
        page.actionLabel("Export");

        Label done = new Label();
        done.setId("exportedMessage");
        done.setWrapText(true);
        done.textProperty().bind(Bindings.createStringBinding(() -> model.export().getResult() == null ? ""
                : "Saved to " + model.export().getResult() + " (" + model.encryptionProperty().get().label() + ").",
                model.export().resultProperty()));
        VBox success = new VBox(10, Controls.callout("The PKCS#12 file was written.", "success"), done);
        WizardPage result = new WizardPage("Exporting", new OperationPane(model.export(), success, false));
        result.busyWhen(model.export().runningBinding());
        Runnable export = () -> model.export(() -> { });
        result.onEnter(export);
        result.outcomeOf(model.export(), export);
        dialogs.showWizard("Export PKCS#12", List.of(page, result));
    }

    // ====================================================================== 6. export PEM bundle

    public void exportPem(CertificateSummary entry) {
        ExportPemModel model = new ExportPemModel(vm.api(), vm.executor(), entry.name());
        ToggleGroup group = new ToggleGroup();
        VBox choices = new VBox(8);
        for (PemBundle bundle : PemBundle.values()) {
            RadioButton choice = new RadioButton(switch (bundle) {
                case CERTIFICATE -> "Certificate only";
                case CHAIN -> "Chain: leaf first, with the root";
                case CHAIN_WITHOUT_ROOT -> "Chain without the root (what most servers send)";
                case KEY_AND_CHAIN -> "Private key and chain (unencrypted key)";
            });
            choice.setId("bundle" + bundle.name());
            choice.setUserData(bundle);
            choice.setToggleGroup(group);
            choices.getChildren().add(choice);
        }
        group.selectToggle(group.getToggles().getFirst());
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b != null) {
                model.bundleProperty().set((PemBundle) b.getUserData());
            }
        });
        Label keyWarning = Controls.callout(ExportPemModel.KEY_WARNING, "danger");
        keyWarning.setId("pemKeyWarning");
        keyWarning.visibleProperty().bind(Bindings.createBooleanBinding(model::containsKey, model.bundleProperty()));
        keyWarning.managedProperty().bind(keyWarning.visibleProperty());
        WizardPage choose = new WizardPage("Export \"" + entry.name() + "\" as PEM", new VBox(12, choices, keyWarning));

        TextArea pem = Controls.pemArea("exportPem");
        pem.textProperty().bind(Bindings.createStringBinding(
                () -> model.export().getResult() == null ? "" : model.export().getResult(), model.export().resultProperty()));
        Label saved = new Label();
        saved.setId("pemSaved");
        saved.getStyleClass().add("success");
        Button save = new Button("_Save…");
        save.setId("savePem");
        save.setOnAction(e -> dialogs.showSaveDialog("Save PEM", model.suggestedFileName(),
                        List.of(FileFilter.PEM, FileFilter.ALL))
                .ifPresent(path -> vm.save(path, pem.getText().getBytes(StandardCharsets.US_ASCII), model.containsKey(),
                        () -> saved.setText("Saved to " + path))));
        HBox buttons = new HBox(8, Controls.copyButton("copyPem", clipboard, pem::getText), save, saved);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox shown = new VBox(10, pem, buttons);
        VBox.setVgrow(pem, Priority.ALWAYS);
        WizardPage result = new WizardPage("PEM", new OperationPane(model.export(), shown, false));
        result.busyWhen(model.export().runningBinding());
        result.onEnter(model::load);
        dialogs.showWizard("Export PEM", List.of(choose, result));
    }

    // ======================================================================= 7. TLSA record

    public void tlsa(CertificateSummary entry) {
        String host = entry.dnsNames().stream().filter(n -> !n.startsWith("*")).findFirst()
                .orElse(entry.commonName() == null ? "" : entry.commonName());
        TlsaModel model = new TlsaModel(vm.api(), vm.executor(), entry.name(), host);
        ComboBox<TlsaModel.Choice> usage = choiceBox("tlsaUsage", TlsaModel.USAGES, model.usageProperty());
        ComboBox<TlsaModel.Choice> selector = choiceBox("tlsaSelector", TlsaModel.SELECTORS, model.selectorProperty());
        ComboBox<TlsaModel.Choice> matching = choiceBox("tlsaMatching", TlsaModel.MATCHING, model.matchingProperty());
        TextField hostField = Controls.textField("tlsaHost", model.hostProperty(), "mx1.example.com");
        TextField port = Controls.numberField("tlsaPort", model.portProperty(), 6);
        port.setMaxWidth(100);
        Form form = new Form()
                .add("_Usage", usage)
                .add("_Selector", selector)
                .add("_Matching type", matching)
                .add("_Host", hostField)
                .add("_Port", port)
                .addWide(note("3 1 1 (DANE-EE, public key, SHA-256) is the recommended record for SMTP "
                        + "(RFC 7671): it stays valid when the certificate is renewed with the same key."));
        WizardPage params = new WizardPage("TLSA record for \"" + entry.name() + "\"", form);
        params.validate(hostField, model::hostProblem);
        params.validate(port, model::portProblem);
        params.pageProblem(model::pageProblem, model.hostProperty(), model.portProperty());

        TextArea record = new TextArea();
        record.setId("tlsaRecord");
        record.setEditable(false);
        record.setWrapText(true);
        record.setPrefRowCount(3);
        record.getStyleClass().add("pem");
        VBox notes = new VBox(4);
        notes.setId("tlsaNotes");
        model.generation().resultProperty().addListener((o, a, r) -> {
            record.setText(r == null ? "" : r.zoneLine());
            notes.getChildren().clear();
            if (r != null) {
                for (String n : r.notes()) {
                    Label l = new Label("•  " + n);
                    l.setWrapText(true);
                    l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
                    notes.getChildren().add(l);
                }
            }
        });
        Button copy = Controls.copyButton("copyTlsa", clipboard, record::getText);
        Label notesLabel = new Label("Notes from the engine");
        notesLabel.getStyleClass().add("text-bold");
        VBox shown = new VBox(10, note("Publish this record in the DNSSEC-signed zone of the host:"), record, copy,
                notesLabel, notes);
        notesLabel.visibleProperty().bind(Bindings.isNotEmpty(notes.getChildren()));
        notesLabel.managedProperty().bind(notesLabel.visibleProperty());
        WizardPage result = new WizardPage("The TLSA record", new OperationPane(model.generation(), shown, false));
        result.busyWhen(model.generation().runningBinding());
        result.onEnter(model::generate);
        dialogs.showWizard("Generate TLSA record", List.of(params, result));
    }

    private static ComboBox<TlsaModel.Choice> choiceBox(String id, List<TlsaModel.Choice> choices,
                                                       javafx.beans.property.ObjectProperty<TlsaModel.Choice> model) {
        ComboBox<TlsaModel.Choice> box = new ComboBox<>();
        box.getItems().setAll(choices);
        box.setId(id);
        box.setMaxWidth(Double.MAX_VALUE);
        box.valueProperty().bindBidirectional(model);
        return box;
    }

    // ============================================================================= 8. renew

    public void renew(CertificateSummary entry) {
        RenewModel model = new RenewModel(vm.api(), vm.executor(), entry.name());
        TextField days = Controls.numberField("renewDays", model.validityDaysProperty(), 6);
        days.setMaxWidth(120);
        Label tlsa = Controls.callout(RenewModel.TLSA_NOTE, "info");
        tlsa.setId("renewTlsaNote");
        Form form = new Form()
                .add("Now valid until", new Label(Formats.date(entry.notAfter())))
                .add("_Validity (days)", days)
                .addSpanning(tlsa);
        if (entry.status() == CertificateStatus.CSR_PENDING) {
            form.addSpanning(Controls.callout("A CSR for \"" + entry.name() + "\" is pending. Renewing gives a "
                    + "fresh self-signed certificate; a certificate the CA returns for the request can still be uploaded.",
                    "warning"));
        }
        WizardPage page = new WizardPage("Renew \"" + entry.name() + "\" with the same key", form);
        page.validate(days, model::validityProblem);
        page.pageProblem(model::validityProblem, model.validityDaysProperty());
        page.actionLabel("Renew");

        Label done = new Label();
        done.setId("renewedMessage");
        done.setWrapText(true);
        done.textProperty().bind(Bindings.createStringBinding(() -> {
            CertificateSummary s = model.renewal().getResult();
            return s == null ? "" : "\"" + s.name() + "\" is now valid until " + Formats.date(s.notAfter()) + ".";
        }, model.renewal().resultProperty()));
        VBox success = new VBox(10, Controls.callout("The certificate was renewed.", "success"), done,
                note("TLSA 3 1 1 records for this certificate are unchanged."));
        WizardPage result = new WizardPage("Renewing", new OperationPane(model.renewal(), success, false));
        result.busyWhen(model.renewal().runningBinding());
        Runnable renew = () -> model.renew(() -> vm.refresh(entry.name()), vm.rollover());
        result.onEnter(renew);
        result.outcomeOf(model.renewal(), renew);
        dialogs.showWizard("Renew certificate", List.of(page, result));
    }

    // ================================================= dropped / pasted certificates (CON-4/5)

    /** Offers to install dropped or pasted certificates on an entry: as the signed certificate or as intermediates. */
    public void installCertificates(Intake intake, CertificateSummary preferred) {
        List<String> names = vm.names();
        if (names.isEmpty()) {
            dialogs.showInformation("No entry to install on",
                    intake.displayName() + " holds " + intake.inspection().certificates().size()
                            + " certificate(s) but the store has no entry with a private key for them. "
                            + "Create a self-signed certificate and a CSR first, or import a PKCS#12 file.");
            return;
        }
        ComboBox<String> target = new ComboBox<>();
        target.setId("installTarget");
        target.getItems().setAll(names);
        target.setValue(guessTarget(intake, preferred, names));
        ToggleGroup group = new ToggleGroup();
        RadioButton asSigned = new RadioButton("Install as the CA-signed certificate of the entry (replaces it)");
        asSigned.setId("installAsSigned");
        asSigned.setToggleGroup(group);
        RadioButton asChain = new RadioButton("Add to the entry's chain as intermediate certificates");
        asChain.setId("installAsIntermediates");
        asChain.setToggleGroup(group);
        group.selectToggle(intake.onlyCaCertificates() ? asChain : asSigned);

        VBox certs = new VBox(4);
        for (CertificateView c : intake.inspection().certificates()) {
            Label l = new Label((c.certificateAuthority() ? "CA  " : "    ") + c.subject() + "   issued by "
                    + Formats.commonName(c.issuer()) + ", valid until " + Formats.date(c.notAfter()));
            l.getStyleClass().add("mono-small");
            certs.getChildren().add(l);
        }
        Form form = new Form()
                .add("Found", value(intake.inspection().certificates().size() + " certificate(s) in "
                        + intake.displayName() + " (" + Intake.kindLabel(intake.inspection().kind()) + ")"))
                .addSpanning(certs)
                .add("_Entry", target)
                .addWide(new VBox(6, asSigned, asChain));

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.setTitle("Install certificates");
        dialog.setHeaderText("What should be done with these certificates?");
        ButtonType install = new ButtonType("_Install", javafx.scene.control.ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(install, ButtonType.CANCEL);
        dialog.getDialogPane().setContent(form);
        dialog.getDialogPane().setPrefWidth(720);
        Optional<ButtonType> answer = dialogs.showDialog(dialog);
        if (answer.filter(b -> b == install).isEmpty() || target.getValue() == null) {
            return;
        }
        Operation<CertificateSummary> op = new Operation<>();
        op.stateProperty().addListener((o, a, state) -> {
            if (state == Operation.State.FAILED) {
                dialogs.showError("Could not install the certificates", op.getError());
            }
        });
        if (asSigned.isSelected()) {
            vm.uploadSigned(target.getValue(), intake.content(), null, op);
        } else {
            vm.addIntermediates(target.getValue(), intake.content(), op);
        }
    }

    private static String guessTarget(Intake intake, CertificateSummary preferred, List<String> names) {
        if (preferred != null && names.contains(preferred.name())) {
            return preferred.name();
        }
        for (CertificateView c : intake.inspection().certificates()) {
            for (String dns : c.dnsNames()) {
                if (names.contains(dns)) {
                    return dns;
                }
            }
        }
        return names.getFirst();
    }

    // ============================================================================ helpers

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static Label note(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add("note");
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        label.setPadding(new Insets(0));
        return label;
    }

    private static Label value(String text) {
        Label label = new Label(text == null || text.isEmpty() ? "—" : text);
        label.setWrapText(true);
        return label;
    }
}

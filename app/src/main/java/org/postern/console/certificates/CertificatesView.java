package org.postern.console.certificates;

import java.io.File;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Spinner;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;
import org.postern.console.common.Tables;
import org.postern.console.common.ClipboardService;
import org.postern.console.common.Controls;
import org.postern.console.common.FileFilter;
import org.postern.console.common.Formats;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.CertificateSummary;

/**
 * Network › Certificates: the certificate store as a filterable table (CERT-1, CON-1..3), the
 * selected entry's details and every certificate action; files can be dropped or pasted (CON-4/5).
 */
public final class CertificatesView extends BorderPane {

    private final CertificatesViewModel vm;
    private final ClipboardService clipboard;
    private final CertificateWizards wizards;
    private final TableView<CertificateSummary> table = new TableView<>();
    private final TextField filter;
    private final StackPane dropLayer;
    private final BooleanBinding noSelection;
    private final BooleanBinding csrNotAllowed;
    private final BooleanBinding isDemo;
    private final BooleanBinding renewNotAllowed;

    public CertificatesView(CertificatesViewModel vm, ClipboardService clipboard) {
        this.vm = vm;
        this.clipboard = clipboard;
        this.wizards = new CertificateWizards(vm, clipboard);
        getStyleClass().add("certificates-view");
        setId("certificatesView");

        noSelection = vm.selectedProperty().isNull();
        csrNotAllowed = Bindings.createBooleanBinding(() -> {
            CertificateSummary s = vm.selectedProperty().get();
            // CERT-5: entries created here (also CA-signed ones, to renew with the CA); not imported ones
            return s == null || s.demo() || s.status() == CertificateStatus.IMPORTED;
        }, vm.selectedProperty());
        renewNotAllowed = Bindings.createBooleanBinding(() -> {
            CertificateSummary s = vm.selectedProperty().get();
            // CON-9: a CA-signed or imported certificate is renewed through its CA (a new CSR)
            return s == null || s.demo()
                    || (s.status() != CertificateStatus.SELF_SIGNED && s.status() != CertificateStatus.CSR_PENDING);
        }, vm.selectedProperty());
        isDemo = Bindings.createBooleanBinding(() -> {
            CertificateSummary s = vm.selectedProperty().get();
            return s == null || s.demo();
        }, vm.selectedProperty());

        // ------------------------------------------------------------------ toolbar
        Button create = toolButton("newSelfSigned", "New self-signed…", "Create a key and a self-signed certificate (Ctrl+N)");
        create.getStyleClass().add("accent");
        create.setOnAction(e -> createSelfSigned());
        Button importP12 = toolButton("importPkcs12", "Import PKCS#12…", "Import a key and chain from a .p12/.pfx file (Ctrl+I)");
        importP12.setOnAction(e -> importPkcs12());
        Button open = toolButton("openFile", "Open file…", "Open any certificate, chain, request or PKCS#12 file (Ctrl+O); you can also drop files here");
        open.setOnAction(e -> openFile());
        Button paste = toolButton("pastePem", "Paste PEM", "Paste a certificate or chain in PEM or base64 (Ctrl+Shift+V)");
        paste.setOnAction(e -> pastePem());

        filter = TextFields.createClearableTextField();
        filter.setId("filter");
        filter.setPromptText("Filter by name, CN, SAN, issuer, subject…");
        filter.setPrefColumnCount(26);
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        if (filter instanceof CustomTextField custom) {
            Label glass = new Label("⌕");
            glass.getStyleClass().add("filter-icon");
            custom.setLeft(glass);
        }

        Spinner<Integer> days = new Spinner<>();
        days.setId("expiryDays");
        days.setEditable(true);
        days.setPrefWidth(90);
        days.setMinWidth(90);
        SpinnerValueFactory.IntegerSpinnerValueFactory factory =
                new SpinnerValueFactory.IntegerSpinnerValueFactory(1, 365, vm.expiryWarningDaysProperty().get());
        days.setValueFactory(factory);
        vm.expiryWarningDaysProperty().addListener((o, a, b) -> factory.setValue(b.intValue()));
        factory.valueProperty().addListener((o, a, b) -> {
            if (b != null) {
                vm.saveExpiryWarningDays(b);
            }
        });
        days.setTooltip(new Tooltip("Certificates expiring within this many days are flagged (CON-1)"));
        Label warnLabel = new Label("Warn");
        Label daysLabel = new Label("days before expiry");
        warnLabel.setLabelFor(days);

        HBox threshold = new HBox(6, warnLabel, days, daysLabel);
        threshold.setAlignment(Pos.CENTER_RIGHT);
        threshold.getStyleClass().add("expiry-threshold");
        for (javafx.scene.control.Control c : List.of(create, importP12, open, paste, warnLabel, daysLabel)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        filter.setMinWidth(180);
        filter.setMaxWidth(520);
        HBox.setHgrow(filter, Priority.ALWAYS);
        HBox toolbar = new HBox(8, create, importP12, open, paste, filter);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("page-toolbar");

        Label heading = new Label("Certificates");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("Keys and certificates for listeners, the HTTPS admin interface and the outbound "
                + "client certificate. Drop a file anywhere here to open it.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);
        VBox titles = new VBox(2, heading, sub);
        HBox.setHgrow(titles, Priority.ALWAYS);
        HBox titleRow = new HBox(16, titles, threshold);
        titleRow.setAlignment(Pos.TOP_LEFT);
        VBox top = new VBox(8, titleRow, toolbar);
        top.getStyleClass().add("page-header");
        setTop(top);

        // -------------------------------------------------------------------- table
        buildTable();
        FlowPane actions = buildActions();
        CertificateDetailPane detail = new CertificateDetailPane(vm, clipboard, actions);

        SplitPane split = new SplitPane(table, detail);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.42);

        Label dropHint = new Label("Drop to open: certificates, chains, PKCS#12, requests");
        dropHint.getStyleClass().add("drop-hint");
        dropLayer = new StackPane(dropHint);
        dropLayer.getStyleClass().add("drop-layer");
        dropLayer.setVisible(false);
        dropLayer.setMouseTransparent(true);
        StackPane center = new StackPane(split, dropLayer);
        center.getStyleClass().add("page-body");
        setCenter(center);

        setupDragAndDrop();
        vm.setIntakeHandler(this::handleIntake);
    }

    private static Button toolButton(String id, String text, String tooltip) {
        Button b = new Button(text);
        b.setId(id);
        b.setTooltip(new Tooltip(tooltip));
        b.setMnemonicParsing(false);
        return b;
    }

    private void buildTable() {
        table.setId("certificateTable");
        table.getStyleClass().addAll("dense", "certificate-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No certificates match. Create a self-signed certificate, import a PKCS#12 file, "
                + "or drop a file here.");
        empty.setWrapText(true);
        empty.getStyleClass().add("placeholder-text");
        table.setPlaceholder(empty);

        TableColumn<CertificateSummary, CertificateSummary> name = new TableColumn<>("Name");
        name.setCellValueFactory(c -> new javafx.beans.property.SimpleObjectProperty<>(c.getValue()));
        name.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(CertificateSummary s, boolean emptyRow) {
                super.updateItem(s, emptyRow);
                if (emptyRow || s == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                Label label = new Label(s.name());
                label.setMinWidth(40);
                HBox box = new HBox(6, label);
                box.setAlignment(Pos.CENTER_LEFT);
                if (s.demo()) {
                    box.getChildren().add(Controls.badge("DEMO", "danger"));
                }
                List<String> notices = s.warnings().stream()
                        .filter(w -> !w.startsWith("expires") && !w.startsWith("expired")).toList();
                if (!notices.isEmpty() && !s.demo()) {
                    Label warn = Controls.badge("⚠", "warning");
                    warn.setTooltip(new Tooltip(String.join("\n", notices)));
                    warn.getStyleClass().add("warning-marker");
                    box.getChildren().add(warn);
                }
                setTooltip(new Tooltip(s.name() + (s.warnings().isEmpty() ? "" : "\n" + String.join("\n", s.warnings()))));
                setGraphic(box);
                setText(null);
            }
        });
        name.setComparator(java.util.Comparator.comparing(CertificateSummary::name, String.CASE_INSENSITIVE_ORDER));
        name.setPrefWidth(150);

        TableColumn<CertificateSummary, String> cn = textColumn("Common name", CertificateSummary::commonName, 150);
        TableColumn<CertificateSummary, String> sans = textColumn("DNS names (SAN)", s -> Formats.list(s.dnsNames()), 190);
        TableColumn<CertificateSummary, String> issuer = textColumn("Issuer", s -> Formats.commonName(s.issuer()), 130);
        TableColumn<CertificateSummary, String> notBefore = textColumn("Not before", s -> Formats.date(s.notBefore()), 90);
        TableColumn<CertificateSummary, String> notAfter = textColumn("Not after", s -> Formats.date(s.notAfter()), 90);

        TableColumn<CertificateSummary, CertificateSummary> daysLeft = new TableColumn<>("Days left");
        daysLeft.setCellValueFactory(c -> new javafx.beans.property.SimpleObjectProperty<>(c.getValue()));
        daysLeft.setComparator(java.util.Comparator.comparingLong(CertificateSummary::daysLeft));
        daysLeft.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(CertificateSummary s, boolean emptyRow) {
                super.updateItem(s, emptyRow);
                if (emptyRow || s == null) {
                    setGraphic(null);
                    return;
                }
                ExpiryBadge badge = ExpiryBadge.of(s);
                Label label = Controls.badge(badge.text(), badge.style());
                label.getStyleClass().add("expiry-badge");
                setGraphic(label);
            }
        });
        daysLeft.setPrefWidth(120);

        TableColumn<CertificateSummary, String> key = textColumn("Key", CertificateSummary::keyDescription, 90);
        TableColumn<CertificateSummary, String> sig = textColumn("Signature", CertificateSummary::signatureAlgorithm, 110);
        TableColumn<CertificateSummary, String> status = textColumn("Status", s -> s.status().label(), 95);
        TableColumn<CertificateSummary, String> usedBy = textColumn("Used by",
                s -> s.usages().isEmpty() ? "—" : Formats.list(s.usages()), 120);

        // dates, badges and algorithms are never cut; names and SANs give way (full text on hover)
        // the minimum widths add up to what the default window offers (1360 px less navigation)
        name.setMinWidth(115);
        cn.setMinWidth(110);
        sans.setMinWidth(150);
        issuer.setMinWidth(95);
        notBefore.setMinWidth(88);
        notAfter.setMinWidth(88);
        daysLeft.setMinWidth(100);
        key.setMinWidth(92);
        sig.setMinWidth(128);
        status.setMinWidth(85);
        usedBy.setMinWidth(55);
        table.getColumns().addAll(List.of(name, cn, sans, issuer, notBefore, notAfter, daysLeft, key, sig, status, usedBy));

        SortedList<CertificateSummary> sorted = new SortedList<>(vm.filteredCertificates());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);

        Tables.bindSelection(table, vm.selectedProperty(), true);
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && vm.selectedProperty().get() != null) {
                deleteSelected();
                e.consume();
            }
        });
        table.setContextMenu(buildContextMenu());
    }


    private FlowPane buildActions() {
        Button csr = actionButton("csrButton", "Download CSR…", this::downloadCsr, csrNotAllowed,
                "The certificate signing request to send to a CA (entries created here)");
        Button upload = actionButton("uploadButton", "Upload signed…", this::uploadSigned, isDemo,
                "Install the certificate your CA returned for this entry's key");
        Button chain = actionButton("intermediatesButton", "Add intermediates…", this::addIntermediates, isDemo,
                "Add intermediate CA certificates to this entry's chain");
        Button p12 = actionButton("exportPkcs12Button", "Export PKCS#12…", this::exportPkcs12, noSelection,
                "Key and chain in a password-protected file");
        Button pem = actionButton("exportPemButton", "Export PEM…", this::exportPem, noSelection,
                "Certificate, chain, or key and chain as PEM");
        Button tlsa = actionButton("tlsaButton", "TLSA record…", this::tlsa, noSelection,
                "Generate the DANE TLSA record for this certificate");
        Button renew = actionButton("renewButton", "Renew…", this::renew, renewNotAllowed,
                "A fresh certificate with the same key: TLSA 3 1 1 records stay valid");
        Button delete = actionButton("deleteButton", "Delete…", this::deleteSelected, isDemo,
                "Remove the key and its chain from the store");
        delete.getStyleClass().add("danger");
        FlowPane pane = new FlowPane(8, 8, csr, upload, chain, p12, pem, tlsa, renew, delete);
        pane.getStyleClass().add("detail-actions");
        return pane;
    }

    private static Button actionButton(String id, String text, Runnable action, BooleanBinding disabled, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(false);
        b.setOnAction(e -> action.run());
        b.disableProperty().bind(disabled);
        b.setTooltip(new Tooltip(tip));
        return b;
    }

    private ContextMenu buildContextMenu() {
        return new ContextMenu(
                item("Download CSR…", this::downloadCsr, csrNotAllowed, null),
                item("Upload signed…", this::uploadSigned, isDemo, null),
                item("Add intermediates…", this::addIntermediates, isDemo, null),
                new SeparatorMenuItem(),
                item("Export PKCS#12…", this::exportPkcs12, noSelection, null),
                item("Export PEM…", this::exportPem, noSelection, null),
                item("TLSA record…", this::tlsa, noSelection, null),
                new SeparatorMenuItem(),
                item("Renew…", this::renew, renewNotAllowed, null),
                item("Delete…", this::deleteSelected, isDemo, null));
    }

    /** The Certificates menu of the main window, with accelerators for the main actions (CON-11). */
    public Menu createMenu() {
        Menu menu = new Menu("_Certificates");
        menu.getItems().addAll(
                item("_New self-signed…", this::createSelfSigned, null, "Shortcut+N"),
                item("_Import PKCS#12…", this::importPkcs12, null, "Shortcut+I"),
                item("_Open file…", this::openFile, null, "Shortcut+O"),
                item("_Paste PEM", this::pastePem, null, "Shortcut+Shift+V"),
                new SeparatorMenuItem(),
                item("Download _CSR…", this::downloadCsr, csrNotAllowed, "Shortcut+Shift+C"),
                item("_Upload signed…", this::uploadSigned, isDemo, "Shortcut+U"),
                item("Add _intermediates…", this::addIntermediates, isDemo, null),
                item("_Export PKCS#12…", this::exportPkcs12, noSelection, "Shortcut+E"),
                item("Export P_EM…", this::exportPem, noSelection, "Shortcut+Shift+E"),
                item("_TLSA record…", this::tlsa, noSelection, "Shortcut+T"),
                item("Rene_w…", this::renew, renewNotAllowed, "Shortcut+Shift+R"),
                item("_Delete…", this::deleteSelected, isDemo, "Shortcut+Delete"),
                new SeparatorMenuItem(),
                item("_Find", this::focusFilter, null, "Shortcut+F"),
                item("_Reload", vm::refresh, null, "F5"));
        return menu;
    }

    private static MenuItem item(String text, Runnable action, BooleanBinding disabled, String accelerator) {
        MenuItem item = new MenuItem(text);
        item.setOnAction(e -> action.run());
        if (disabled != null) {
            item.disableProperty().bind(disabled);
        }
        if (accelerator != null) {
            item.setAccelerator(KeyCombination.keyCombination(accelerator));
        }
        return item;
    }

    // ------------------------------------------------------------------ actions

    public void createSelfSigned() {
        wizards.createSelfSigned();
    }

    public void importPkcs12() {
        wizards.importPkcs12();
    }

    public void openFile() {
        vm.dialogs().showOpenDialog("Open a certificate file", List.of(FileFilter.ANY_CRYPTO, FileFilter.ALL))
                .ifPresent(vm::openFile);
    }

    public void pastePem() {
        vm.pasteText(clipboard.text().orElse(""));
    }

    public void focusFilter() {
        filter.requestFocus();
        filter.selectAll();
    }

    private CertificateSummary selected() {
        return vm.selectedProperty().get();
    }

    private void downloadCsr() {
        if (selected() != null) {
            wizards.downloadCsr(selected());
        }
    }

    private void uploadSigned() {
        if (selected() != null) {
            wizards.uploadSigned(selected());
        }
    }

    private void addIntermediates() {
        CertificateSummary entry = selected();
        if (entry == null) {
            return;
        }
        vm.dialogs().showOpenDialog("Intermediate certificates for \"" + entry.name() + "\"",
                        List.of(FileFilter.CERTIFICATES, FileFilter.ALL))
                .ifPresent(path -> vm.addIntermediatesFromFile(entry.name(), path));
    }

    private void exportPkcs12() {
        if (selected() != null) {
            wizards.exportPkcs12(selected());
        }
    }

    private void exportPem() {
        if (selected() != null) {
            wizards.exportPem(selected());
        }
    }

    private void tlsa() {
        if (selected() != null) {
            wizards.tlsa(selected());
        }
    }

    private void renew() {
        if (selected() != null) {
            wizards.renew(selected());
        }
    }

    private void deleteSelected() {
        vm.delete(selected());
    }

    // --------------------------------------------------------- drop, open, paste

    private void setupDragAndDrop() {
        setOnDragOver(e -> {
            if (e.getDragboard().hasFiles()) {
                e.acceptTransferModes(TransferMode.COPY);
                dropLayer.setVisible(true);
            }
            e.consume();
        });
        setOnDragExited(e -> dropLayer.setVisible(false));
        setOnDragDropped(e -> {
            dropLayer.setVisible(false);
            List<File> files = e.getDragboard().getFiles();
            boolean ok = files != null && !files.isEmpty();
            if (ok) {
                vm.openFile(files.getFirst().toPath());
            }
            e.setDropCompleted(ok);
            e.consume();
        });
    }

    /** The action the console offers for what was dropped, opened or pasted. */
    private void handleIntake(Intake intake) {
        switch (intake.action()) {
            case IMPORT_PKCS12 -> wizards.importPkcs12(intake.path(), intake.content());
            case INSTALL_CERTIFICATES -> wizards.installCertificates(intake, selected());
            case EXPLAIN -> vm.dialogs().showInformation(
                    intake.displayName() + ": " + Intake.kindLabel(intake.inspection().kind()), intake.explanation());
        }
    }

    public TableView<CertificateSummary> table() {
        return table;
    }

    public Node filterField() {
        return filter;
    }

    private static TableColumn<CertificateSummary, String> textColumn(String title, Function<CertificateSummary, String> value, double width) {
        return Tables.textColumn(title, value, width, 80);
    }
}

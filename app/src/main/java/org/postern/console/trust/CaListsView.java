package org.postern.console.trust;

import atlantafx.base.controls.ToggleSwitch;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.textfield.CustomTextField;
import org.controlsfx.control.textfield.TextFields;
import org.postern.console.common.ClipboardService;
import org.postern.console.common.Controls;
import org.postern.console.common.FileFilter;
import org.postern.console.common.Form;
import org.postern.console.common.Formats;
import org.postern.console.common.OperationPane;
import org.postern.console.common.WizardPage;
import org.postern.engine.api.CaListApi.CaCertificate;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.api.CaListApi.CaListInfo;

/**
 * Network › Certificate Authorities (CA-1..6): the system list (version, source, last update,
 * count, enabled; never deleted, only disabled or updated) and the custom list (enabled, import,
 * delete one, download one), both exportable as PEM, and a searchable table of the roots.
 */
public final class CaListsView extends BorderPane {

    private final CaListsViewModel vm;
    private final ClipboardService clipboard;
    private final TableView<CaCertificate> table = new TableView<>();
    private final ToggleSwitch systemSwitch = new ToggleSwitch("Enabled");
    private final ToggleSwitch customSwitch = new ToggleSwitch("Enabled");

    public CaListsView(CaListsViewModel vm, ClipboardService clipboard) {
        this.vm = vm;
        this.clipboard = clipboard;
        setId("caListsView");
        getStyleClass().add("ca-lists-view");

        Label heading = new Label("Certificate Authorities");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("The roots that certificate verification trusts (the Verify settings of Destination "
                + "Controls, and chain verdicts): the system list, the custom list, or both, as enabled.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);
        VBox top = new VBox(2, heading, sub);
        top.getStyleClass().add("page-header");
        setTop(top);

        HBox cards = new HBox(12, systemCard(), customCard());
        for (Node card : cards.getChildren()) {
            HBox.setHgrow(card, Priority.ALWAYS);
        }
        Label noneEnabled = Controls.callout("⚠  Both lists are disabled: no certificate can be verified, so "
                + "mail to destinations with a Verify setting waits in the queue.", "danger");
        noneEnabled.setId("noListEnabled");
        noneEnabled.visibleProperty().bind(Bindings.createBooleanBinding(() -> vm.systemProperty().get() != null
                && vm.customProperty().get() != null && !vm.systemProperty().get().enabled()
                && !vm.customProperty().get().enabled(), vm.systemProperty(), vm.customProperty()));
        noneEnabled.managedProperty().bind(noneEnabled.visibleProperty());

        Label status = new Label();
        status.setId("caStatus");
        status.setWrapText(true);
        status.setMinHeight(Region.USE_PREF_SIZE);
        status.getStyleClass().add("success");
        status.textProperty().bind(vm.statusProperty());

        VBox body = new VBox(12, cards, noneEnabled, roots(), status);
        body.getStyleClass().add("page-body");
        setCenter(body);
    }

    // --------------------------------------------------------------------- cards

    private VBox systemCard() {
        Label title = new Label("System CA list");
        title.getStyleClass().add("title-4");
        systemSwitch.setId("systemEnabled");
        bindSwitch(systemSwitch, CaList.SYSTEM, vm.systemProperty());
        Form facts = new Form()
                .add("Version", value("systemVersion", vm.systemProperty(), CaListInfo::version))
                .add("Source", value("systemSource", vm.systemProperty(), CaListInfo::source))
                .add("Last updated", value("systemUpdated", vm.systemProperty(), i -> Formats.dateTime(i.updated())))
                .add("Roots", value("systemCount", vm.systemProperty(), i -> Integer.toString(i.count())));
        Button export = button("exportSystem", "Export PEM…", "Save the whole system list as one PEM text file (CA-4)");
        export.setOnAction(e -> export(CaList.SYSTEM));
        Button fromFile = button("updateSystemFromFile", "Update from file…",
                "Replace the system list with a newer PEM bundle (CA-5)");
        fromFile.setOnAction(e -> updateFromFile());
        Button fromOs = button("updateSystemFromOs", "Update from this computer…",
                "Replace the system list with the operating system's trust store (CA-5)");
        fromOs.setOnAction(e -> vm.updateFromOperatingSystem());
        fromFile.disableProperty().bind(vm.systemUpdate().runningBinding());
        fromOs.disableProperty().bind(vm.systemUpdate().runningBinding());
        ProgressIndicator updating = new ProgressIndicator();
        updating.setPrefSize(18, 18);
        updating.visibleProperty().bind(vm.systemUpdate().runningBinding());
        updating.managedProperty().bind(updating.visibleProperty());
        Label note = note("Shipped with Postern. It cannot be deleted: disable it, or update it from a newer bundle or from this computer's trust store.");
        return card("systemCard", title, systemSwitch, facts, note, new HBox(8, export, fromFile, fromOs, updating));
    }

    private VBox customCard() {
        Label title = new Label("Custom CA list");
        title.getStyleClass().add("title-4");
        customSwitch.setId("customEnabled");
        bindSwitch(customSwitch, CaList.CUSTOM, vm.customProperty());
        Form facts = new Form()
                .add("Roots", value("customCount", vm.customProperty(), i -> Integer.toString(i.count())));
        Button importPem = button("importCustom", "Import PEM…", "Add the CA certificates of a PEM file (CA-2)");
        importPem.getStyleClass().add("accent");
        importPem.setOnAction(e -> importCustom());
        Button export = button("exportCustom", "Export PEM…", "Save the whole custom list as one PEM text file (CA-4)");
        export.setOnAction(e -> export(CaList.CUSTOM));
        Label note = note("Your own roots, for example a private CA of partner domains, and partner gateways' "
                + "self-signed certificates (each trusted for exactly itself). Import PEM files (many certificates per "
                + "file); other non-CA certificates are refused. An exported list can be edited and "
                + "imported here again.");
        return card("customCard", title, customSwitch, facts, note, new HBox(8, importPem, export));
    }

    private static VBox card(String id, Label title, ToggleSwitch enabled, Form facts, Label note, HBox buttons) {
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox head = new HBox(10, title, spacer, enabled);
        head.setAlignment(Pos.CENTER_LEFT);
        buttons.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(8, head, facts, note, buttons);
        card.setId(id);
        card.getStyleClass().add("ca-card");
        card.setStyle("-fx-border-color: -color-border-default; -fx-border-radius: 6; -fx-background-radius: 6;"
                + " -fx-background-color: -color-bg-subtle; -fx-padding: 12;");
        card.setMinWidth(380);
        card.setPrefWidth(480);
        return card;
    }

    /** The switch shows the stored state; flipping it asks the engine (and snaps back when refused). */
    private void bindSwitch(ToggleSwitch toggle, CaList list, ReadOnlyObjectProperty<CaListInfo> info) {
        toggle.setDisable(true);
        info.addListener((o, a, b) -> {
            toggle.setDisable(b == null);
            if (b != null && toggle.isSelected() != b.enabled()) {
                toggle.setSelected(b.enabled());
            }
        });
        toggle.selectedProperty().addListener((o, a, b) -> {
            CaListInfo current = info.get();
            if (current != null && current.enabled() != b && !vm.setEnabled(list, b)) {
                toggle.setSelected(current.enabled()); // declined: the switch shows the stored state again
            }
        });
        toggle.setTooltip(new Tooltip("Use the " + CaListsViewModel.label(list) + " for certificate verification (CA-3)"));
    }

    private static Label value(String id, ReadOnlyObjectProperty<CaListInfo> info, Function<CaListInfo, String> text) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setMinHeight(Region.USE_PREF_SIZE);
        label.textProperty().bind(Bindings.createStringBinding(() -> {
            CaListInfo i = info.get();
            String t = i == null ? null : text.apply(i);
            return t == null || t.isBlank() ? "—" : t;
        }, info));
        return label;
    }

    private static Button button(String id, String text, String tip) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(false);
        b.setTooltip(new Tooltip(tip));
        b.setMinWidth(Region.USE_PREF_SIZE);
        return b;
    }

    private static Label note(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add("note");
        label.setMaxWidth(Double.MAX_VALUE);
        label.setMinHeight(Region.USE_PREF_SIZE);
        return label;
    }

    // --------------------------------------------------------------------- roots

    private VBox roots() {
        ToggleGroup group = new ToggleGroup();
        ToggleButton system = new ToggleButton();
        system.setId("showSystem");
        system.textProperty().bind(Bindings.createStringBinding(() -> "System list"
                + count(vm.systemProperty().get()), vm.systemProperty()));
        system.setUserData(CaList.SYSTEM);
        system.getStyleClass().add("left-pill");
        ToggleButton custom = new ToggleButton();
        custom.setId("showCustom");
        custom.textProperty().bind(Bindings.createStringBinding(() -> "Custom list"
                + count(vm.customProperty().get()), vm.customProperty()));
        custom.setUserData(CaList.CUSTOM);
        custom.getStyleClass().add("right-pill");
        system.setToggleGroup(group);
        custom.setToggleGroup(group);
        group.selectToggle(vm.shownProperty().get() == CaList.SYSTEM ? system : custom);
        group.selectedToggleProperty().addListener((o, a, b) -> {
            if (b == null) {
                group.selectToggle(a);   // one list is always shown
            } else {
                vm.shownProperty().set((CaList) b.getUserData());
            }
        });
        vm.shownProperty().addListener((o, a, b) -> group.selectToggle(b == CaList.SYSTEM ? system : custom));

        TextField filter = TextFields.createClearableTextField();
        filter.setId("caFilter");
        filter.setPromptText("Search subject, issuer or fingerprint…");
        filter.textProperty().bindBidirectional(vm.filterTextProperty());
        if (filter instanceof CustomTextField c) {
            Label glass = new Label("⌕");
            glass.getStyleClass().add("filter-icon");
            c.setLeft(glass);
        }
        filter.setPrefColumnCount(28);
        filter.setMaxWidth(420);
        HBox.setHgrow(filter, Priority.ALWAYS);

        BooleanBinding noSelection = vm.selectedProperty().isNull();
        BooleanBinding notDeletable = noSelection.or(vm.shownProperty().isNotEqualTo(CaList.CUSTOM));
        Button download = button("downloadRoot", "Download PEM…", "Save the selected root as a PEM file (CA-6)");
        download.disableProperty().bind(noSelection);
        download.setOnAction(e -> downloadSelected());
        Button copy = Controls.copyButton("copyRootPem", clipboard,
                () -> vm.selectedProperty().get() == null ? null : vm.selectedProperty().get().pem());
        copy.setText("Copy PEM");
        copy.disableProperty().bind(noSelection);
        vm.selectedProperty().addListener((o, a, b) -> copy.setText("Copy PEM"));
        Button delete = button("deleteRoot", "Delete…", "Remove the selected root from the custom list (CA-2)");
        delete.getStyleClass().add("danger");
        delete.disableProperty().bind(notDeletable);
        delete.visibleProperty().bind(vm.shownProperty().isEqualTo(CaList.CUSTOM));
        delete.managedProperty().bind(delete.visibleProperty());
        delete.setOnAction(e -> vm.deleteCustom(vm.selectedProperty().get()));
        Label shownCount = new Label();
        shownCount.setId("shownCount");
        shownCount.getStyleClass().add("text-muted");
        shownCount.textProperty().bind(Bindings.createStringBinding(() -> vm.filteredCertificates().size() + " of "
                + vm.certificates().size() + " shown", vm.filteredCertificates(), vm.certificates()));
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        for (var c : List.of(system, custom, shownCount, download, copy, delete)) {
            c.setMinWidth(Region.USE_PREF_SIZE);
        }
        filter.setMinWidth(160);
        HBox pills = new HBox(0, system, custom);
        pills.setMinWidth(Region.USE_PREF_SIZE);
        HBox toolbar = new HBox(8, pills, filter, shownCount, spacer, download, copy, delete);
        toolbar.setAlignment(Pos.CENTER_LEFT);

        buildTable(notDeletable);
        VBox box = new VBox(8, toolbar, table);
        VBox.setVgrow(table, Priority.ALWAYS);
        VBox.setVgrow(box, Priority.ALWAYS);
        return box;
    }

    /** The CN of a name, else its first OU or O (many roots have no CN), else the whole name. */
    static String displayName(String dn) {
        String cn = Formats.commonName(dn);
        if (!cn.equals(dn)) {
            return cn;
        }
        try {
            var rdns = new javax.naming.ldap.LdapName(dn).getRdns().reversed();
            for (String type : List.of("OU", "O")) {
                for (var rdn : rdns) {
                    if (rdn.getType().equalsIgnoreCase(type)) {
                        return String.valueOf(rdn.getValue());
                    }
                }
            }
        } catch (javax.naming.InvalidNameException | IllegalArgumentException e) {
            // not an RFC 2253 name: shown as it is
        }
        return dn;
    }

    private static String count(CaListInfo info) {
        return info == null ? "" : " (" + info.count() + ")";
    }

    private void buildTable(BooleanBinding notDeletable) {
        table.setId("caTable");
        table.getStyleClass().add("dense");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No roots to show.");
        empty.getStyleClass().add("placeholder-text");
        empty.textProperty().bind(Bindings.createStringBinding(() -> !vm.certificates().isEmpty()
                ? "No root matches the search."
                : vm.shownProperty().get() == CaList.CUSTOM
                ? "The custom list is empty. Import a PEM file with your CA or partner certificates." : "The list is empty.",
                vm.certificates(), vm.shownProperty()));
        table.setPlaceholder(empty);

        TableColumn<CaCertificate, String> subject = column("Subject", c -> displayName(c.subject()), c -> c.subject(), 210);
        // CA-7: a partner gateway's self-signed certificate is trusted for exactly itself and issues nothing
        TableColumn<CaCertificate, String> kind = column("Kind", CaCertificate::kind, c -> c.partner()
                ? "Partner certificate: a partner gateway's self-signed certificate, trusted for exactly this"
                + " certificate; it issues nothing" : "CA certificate: trusted to issue certificates", 70);
        kind.setId("caKindColumn");
        kind.setMinWidth(70);
        TableColumn<CaCertificate, String> issuer = column("Issuer", c -> displayName(c.issuer()), c -> c.issuer(), 170);
        TableColumn<CaCertificate, String> from = column("Not before", c -> Formats.date(c.notBefore()), null, 95);
        TableColumn<CaCertificate, String> until = column("Not after", c -> Formats.date(c.notAfter()), null, 95);
        // without colons the whole fingerprint fits; the colon form is in the tooltip and the search takes both
        TableColumn<CaCertificate, String> fingerprint = column("SHA-256 fingerprint",
                c -> c.sha256Fingerprint().replace(":", ""), CaCertificate::sha256Fingerprint, 470);
        fingerprint.getStyleClass().add("mono-small");
        fingerprint.setMinWidth(490);
        from.setMinWidth(95);
        until.setMinWidth(95);
        table.getColumns().addAll(List.of(subject, kind, issuer, from, until, fingerprint));
        SortedList<CaCertificate> sorted = new SortedList<>(vm.filteredCertificates());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> vm.selectedProperty().set(b));
        vm.selectedProperty().addListener((o, a, b) -> {
            if (b == null) {
                table.getSelectionModel().clearSelection();
            }
        });
        table.setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.DELETE && !notDeletable.get()) {
                vm.deleteCustom(vm.selectedProperty().get());
                e.consume();
            }
        });
        MenuItem download = new MenuItem("Download PEM…");
        download.setOnAction(e -> downloadSelected());
        download.disableProperty().bind(vm.selectedProperty().isNull());
        MenuItem delete = new MenuItem("Delete…");
        delete.setOnAction(e -> vm.deleteCustom(vm.selectedProperty().get()));
        delete.disableProperty().bind(notDeletable);
        table.setContextMenu(new ContextMenu(download, delete));
    }

    private static TableColumn<CaCertificate, String> column(String title, Function<CaCertificate, String> value,
                                                             Function<CaCertificate, String> tooltip, double width) {
        TableColumn<CaCertificate, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new javafx.beans.property.SimpleStringProperty(value.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setMinWidth(Math.min(width, 90));
        column.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                CaCertificate row = empty || getTableRow() == null ? null : getTableRow().getItem();
                String tip = row == null ? null : tooltip == null ? text : tooltip.apply(row);
                setTooltip(tip == null || tip.isEmpty() ? null : new Tooltip(tip));
            }
        });
        return column;
    }

    // ------------------------------------------------------------------- actions

    private void export(CaList list) {
        String name = list == CaList.SYSTEM ? "postern-system-ca.pem" : "postern-custom-ca.pem";
        vm.dialogs().showSaveDialog("Export the " + CaListsViewModel.label(list), name,
                        List.of(FileFilter.PEM, FileFilter.ALL))
                .ifPresent(path -> vm.export(list, path));
    }

    private void downloadSelected() {
        CaCertificate root = vm.selectedProperty().get();
        if (root == null) {
            return;
        }
        String base = Formats.commonName(root.subject()).replaceAll("[^A-Za-z0-9._-]", "_");
        vm.dialogs().showSaveDialog("Save CA certificate", base + ".pem", List.of(FileFilter.PEM, FileFilter.ALL))
                .ifPresent(path -> vm.download(root, path));
    }

    /** CA-2: file and FQDN option, then the import (or the engine's refusal, verbatim; nothing imported). */
    public void importCustom() {
        CaImportModel model = vm.importModel();
        Controls.FileField file = Controls.fileField("caImportFile", model.fileProperty(), vm.dialogs(),
                "CA certificates to import", false, () -> "", List.of(FileFilter.PEM, FileFilter.ALL));
        CheckBox fqdn = new CheckBox("Check that the certificates' names are fully-qualified domain names");
        fqdn.setId("caImportFqdn");
        fqdn.selectedProperty().bindBidirectional(model.fqdnCheckProperty());
        Form form = new Form()
                .add("_File", file)
                .addWide(fqdn)
                .addWide(note("A PEM file with one or more CA certificates (-----BEGIN CERTIFICATE-----). The "
                        + "file is imported as a whole or not at all: if one certificate is not a CA (no CA basic "
                        + "constraint or no certificate-signing key usage) nothing is imported and the reason is "
                        + "shown. Certificates already in the list are skipped."));
        WizardPage choose = new WizardPage("Import CA certificates into the custom list", form);
        choose.onEnter(file.field()::requestFocus);
        choose.validate(file.field(), model::fileProblem);
        choose.pageProblem(model::fileProblem, model.fileProperty());

        Label done = new Label();
        done.setId("caImported");
        done.setWrapText(true);
        done.textProperty().bind(Bindings.createStringBinding(() -> {
            Integer n = model.importing().getResult();
            return n == null ? "" : n == 0 ? "Every certificate of the file was in the custom list already."
                    : "Added " + n + (n == 1 ? " certificate" : " certificates") + " to the custom CA list.";
        }, model.importing().resultProperty()));
        VBox success = new VBox(10, Controls.callout("The file was imported.", "success"), done);
        WizardPage result = new WizardPage("Importing", new OperationPane(model.importing(), success, false));
        result.busyWhen(model.importing().runningBinding());
        result.onEnter(() -> model.importFile(vm::imported));
        vm.dialogs().showWizard("Import CA certificates", List.of(choose, result));
    }

    /** CA-5: a newer bundle from a file, with its version. */
    public void updateFromFile() {
        SystemUpdateModel model = vm.systemUpdateModel();
        Controls.FileField file = Controls.fileField("systemBundleFile", model.fileProperty(), vm.dialogs(),
                "New system CA bundle", false, () -> "", List.of(FileFilter.PEM, FileFilter.ALL));
        TextField version = Controls.textField("systemBundleVersion", model.versionProperty(), "e.g. 2025-06");
        CaListInfo current = vm.systemProperty().get();
        Form form = new Form()
                .add("_File", file)
                .add("_Version", version)
                .addWide(note("The bundle replaces the whole system list" + (current == null ? "" : " (now version "
                        + current.version() + ", " + current.count() + " roots)") + ". Every certificate in it must "
                        + "be a CA certificate, or nothing changes. The custom list is not touched."));
        WizardPage choose = new WizardPage("Update the system CA list from a file", form);
        choose.onEnter(file.field()::requestFocus);
        choose.validate(file.field(), model::fileProblem);
        choose.validate(version, model::versionProblem);
        choose.pageProblem(model::pageProblem, model.fileProperty(), model.versionProperty());

        Label done = new Label();
        done.setId("systemUpdatedMessage");
        done.setWrapText(true);
        done.textProperty().bind(Bindings.createStringBinding(() -> {
            CaListInfo i = model.update().getResult();
            return i == null ? "" : "The system CA list is now version " + i.version() + " with " + i.count()
                    + " roots, updated " + Formats.dateTime(i.updated()) + ".";
        }, model.update().resultProperty()));
        VBox success = new VBox(10, Controls.callout("The system CA list was replaced.", "success"), done);
        WizardPage result = new WizardPage("Updating", new OperationPane(model.update(), success, false));
        result.busyWhen(model.update().runningBinding());
        result.onEnter(() -> model.update(vm::systemUpdated));
        vm.dialogs().showWizard("Update the system CA list", List.of(choose, result));
    }

    /** Called when the page is shown. */
    public void shown() {
        vm.refresh();
    }

    public CaListsViewModel viewModel() {
        return vm;
    }

    public TableView<CaCertificate> table() {
        return table;
    }
}

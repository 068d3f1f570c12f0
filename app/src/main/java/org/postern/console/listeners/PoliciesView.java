package org.postern.console.listeners;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.SimpleStringProperty;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.RadioButton;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.postern.console.common.Controls;
import org.postern.console.common.Form;
import org.postern.console.common.WizardPage;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.SenderGroup;

/**
 * Mail Policies › Mail Flow Policies (LIS-2..5): for the chosen listener, the host access table
 * (sender groups in order, first match wins) and the mail-flow policies with the default one.
 * Changes are collected and saved together; the engine's refusal is shown verbatim.
 */
public final class PoliciesView extends BorderPane {

    private final PoliciesViewModel vm;
    private final TableView<SenderGroup> groupTable = new TableView<>();
    private final TableView<MailFlowPolicy> policyTable = new TableView<>();
    private final ComboBox<String> listenerChoice = new ComboBox<>();

    public PoliciesView(PoliciesViewModel vm) {
        this.vm = vm;
        setId("policiesView");
        getStyleClass().add("policies-view");
        getStylesheets().add(ListenerDialogs.STYLESHEET);

        Label heading = new Label("Mail Flow Policies");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("Each listener's host access table: sender groups are matched in order against the "
                + "connecting host (first match wins) and name the mail-flow policy — action, TLS and limits — "
                + "that applies; hosts matching no group get the default policy.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);

        listenerChoice.setId("policyListener");
        listenerChoice.setItems(vm.listenerNames());
        listenerChoice.setPromptText("choose a listener");
        listenerChoice.setMinWidth(200);
        vm.listenerProperty().addListener((o, a, b) -> listenerChoice.setValue(b));
        listenerChoice.setValue(vm.listenerProperty().get());
        listenerChoice.setOnAction(e -> {
            String chosen = listenerChoice.getValue();
            if (chosen != null && !vm.choose(chosen)) {
                listenerChoice.setValue(vm.listenerProperty().get());
            }
        });
        Label listenerLabel = new Label("_Listener");
        listenerLabel.setMnemonicParsing(true);
        listenerLabel.setLabelFor(listenerChoice);

        Button save = new Button("Save changes");
        save.setId("savePolicies");
        save.getStyleClass().add("accent");
        save.disableProperty().bind(vm.dirtyProperty().not().or(vm.busyProperty()));
        save.setOnAction(e -> vm.save());
        Button revert = new Button("Revert");
        revert.setId("revertPolicies");
        revert.disableProperty().bind(vm.dirtyProperty().not().or(vm.busyProperty()));
        revert.setOnAction(e -> vm.reload());
        Label unsaved = new Label("Unsaved changes");
        unsaved.setId("unsavedChanges");
        unsaved.getStyleClass().add("unsaved");
        unsaved.visibleProperty().bind(vm.dirtyProperty());
        for (Region r : List.of(save, revert, unsaved, listenerLabel)) {
            r.setMinWidth(Region.USE_PREF_SIZE);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox toolbar = new HBox(8, listenerLabel, listenerChoice, spacer, unsaved, revert, save);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("page-toolbar");
        VBox top = new VBox(8, new VBox(2, heading, sub), toolbar);
        top.getStyleClass().add("page-header");
        setTop(top);

        VBox groups = groupsSection();
        VBox policies = policiesSection();
        VBox warnings = new VBox(6);
        warnings.setId("policyWarnings");
        vm.warnings().addListener((ListChangeListener<String>) c -> ListenerDialogs.fillWarnings(warnings, vm.warnings()));

        VBox body = new VBox(14, groups, policies, warnings);
        body.getStyleClass().add("page-body");
        ScrollPane scroll = new ScrollPane(body);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        setCenter(scroll);
    }

    // ------------------------------------------------------------ sender groups

    private VBox groupsSection() {
        Label title = new Label("Host access table: sender groups (first match wins)");
        title.getStyleClass().add("section-title");
        groupTable.setId("groupTable");
        groupTable.getStyleClass().addAll("dense", "group-table");
        groupTable.setItems(vm.groups());
        groupTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        groupTable.setPlaceholder(placeholder("No sender groups: every host gets the default policy."));
        groupTable.setPrefHeight(200);
        groupTable.setMinHeight(130);
        TableColumn<SenderGroup, String> order = new TableColumn<>("#");
        order.setCellValueFactory(c -> new SimpleStringProperty(Integer.toString(vm.groups().indexOf(c.getValue()) + 1)));
        order.setPrefWidth(40);
        order.setMaxWidth(50);
        order.setSortable(false);
        TableColumn<SenderGroup, String> name = column("Name", SenderGroup::name, 160);
        TableColumn<SenderGroup, String> patterns = column("Patterns (IP, CIDR, host, .domain)",
                g -> g.patterns().isEmpty() ? "— none —" : String.join(", ", g.patterns()), 420);
        TableColumn<SenderGroup, String> policy = column("Policy", SenderGroup::policy, 140);
        groupTable.getColumns().addAll(List.of(order, name, patterns, policy));
        groupTable.setRowFactory(tv -> doubleClick(() -> editGroup()));

        BooleanBinding none = groupTable.getSelectionModel().selectedItemProperty().isNull();
        Button add = small("addGroup", "Add group…", this::addGroup, null);
        add.disableProperty().bind(vm.savedProperty().isNull());
        Button edit = small("editGroup", "Edit…", this::editGroup, none);
        Button delete = small("deleteGroup", "Delete", this::deleteGroup, none);
        Button up = small("moveGroupUp", "Move up", () -> move(-1), Bindings.createBooleanBinding(
                () -> groupTable.getSelectionModel().getSelectedIndex() <= 0,
                groupTable.getSelectionModel().selectedIndexProperty()));
        Button down = small("moveGroupDown", "Move down", () -> move(1), Bindings.createBooleanBinding(
                () -> groupTable.getSelectionModel().getSelectedIndex() < 0
                        || groupTable.getSelectionModel().getSelectedIndex() >= vm.groups().size() - 1,
                groupTable.getSelectionModel().selectedIndexProperty(), vm.groups()));
        HBox buttons = new HBox(8, add, edit, delete, up, down);
        return new VBox(6, title, groupTable, buttons);
    }

    private void addGroup() {
        groupDialog(vm.newGroup(), -1);
    }

    private void editGroup() {
        int i = groupTable.getSelectionModel().getSelectedIndex();
        if (i >= 0) {
            groupDialog(vm.editGroup(i), i);
        }
    }

    private void deleteGroup() {
        int i = groupTable.getSelectionModel().getSelectedIndex();
        if (i >= 0) {
            vm.removeGroup(i);
        }
    }

    private void move(int delta) {
        int i = groupTable.getSelectionModel().getSelectedIndex();
        int target = vm.moveGroup(i, delta);
        groupTable.getSelectionModel().clearAndSelect(target);
        groupTable.refresh();
    }

    private void groupDialog(GroupEditModel model, int index) {
        TextField name = Controls.textField("groupName", model.nameProperty(), "e.g. ALLOWLIST");
        TextArea patterns = new TextArea();
        patterns.setId("groupPatterns");
        patterns.setPromptText("192.0.2.7\n10.0.0.0/8\nmx.example.com\n.example.org");
        patterns.textProperty().bindBidirectional(model.patternsProperty());
        patterns.setPrefRowCount(6);
        ComboBox<String> policy = new ComboBox<>(javafx.collections.FXCollections.observableArrayList(model.policyNames()));
        policy.setId("groupPolicy");
        policy.valueProperty().bindBidirectional(model.policyProperty());
        Form form = new Form()
                .add("_Name", name)
                .add("_Patterns", patterns)
                .addWide(ListenerDialogs.note("One per line or separated by commas: an IP address (192.0.2.7), "
                        + "a CIDR block (10.0.0.0/8), a host name (mx.example.com, matched against the client's "
                        + "verified reverse DNS name) or a domain with a leading dot (.example.org, every host under it)."))
                .add("P_olicy", policy);
        WizardPage page = new WizardPage(model.creating() ? "A new sender group" : "Sender group", form);
        page.getStylesheets().add(ListenerDialogs.STYLESHEET);
        page.validate(name, model::nameProblem);
        page.validate(patterns, model::patternsProblem);
        page.validate(policy, model::policyProblem);
        page.pageProblem(model::problem, model.nameProperty(), model.patternsProperty(), model.policyProperty());
        page.onEnter(name::requestFocus);
        boolean ok = vm.dialogs().showWizard(model.creating() ? "Add sender group" : "Edit sender group",
                List.of(page)).filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.FINISH)
                .isPresent();
        if (ok && model.problem() == null) {
            vm.putGroup(index, model.group());
        }
    }

    // --------------------------------------------------------------- policies

    private VBox policiesSection() {
        Label title = new Label("Mail-flow policies");
        title.getStyleClass().add("section-title");
        policyTable.setId("policyTable");
        policyTable.getStyleClass().addAll("dense", "policy-table");
        policyTable.setItems(vm.policies());
        policyTable.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        policyTable.setPlaceholder(placeholder("No policies."));
        policyTable.setPrefHeight(180);
        policyTable.setMinHeight(120);
        TableColumn<MailFlowPolicy, String> name = column("Name", p -> p.name()
                + (p.name().equalsIgnoreCase(vm.defaultPolicyProperty().get()) ? "  (default)" : ""), 170);
        TableColumn<MailFlowPolicy, String> action = column("Action", p -> actionLabel(p.action()), 90);
        TableColumn<MailFlowPolicy, String> tls = column("TLS", p -> ListenerRow.tlsLabel(p.tls()), 90);
        TableColumn<MailFlowPolicy, String> size = column("Message size limit",
                p -> PolicyEditModel.readableSize(p.maxMessageSize()), 140);
        TableColumn<MailFlowPolicy, String> rcpt = column("Recipient limit", p -> Integer.toString(p.maxRecipients()), 120);
        policyTable.getColumns().addAll(List.of(name, action, tls, size, rcpt));
        policyTable.setRowFactory(tv -> doubleClick(() -> editPolicy()));
        vm.defaultPolicyProperty().addListener((o, a, b) -> policyTable.refresh());

        BooleanBinding none = policyTable.getSelectionModel().selectedItemProperty().isNull();
        Button add = small("addPolicy", "Add policy…", this::addPolicy, null);
        add.disableProperty().bind(vm.savedProperty().isNull());
        Button edit = small("editPolicy", "Edit…", this::editPolicy, none);
        Button delete = small("deletePolicy", "Delete", () -> {
            int i = policyTable.getSelectionModel().getSelectedIndex();
            if (i >= 0) {
                vm.removePolicy(i);
            }
        }, none);

        ComboBox<String> defaultPolicy = new ComboBox<>();
        defaultPolicy.setId("defaultPolicy");
        defaultPolicy.setItems(javafx.collections.FXCollections.observableArrayList(vm.policyNames()));
        vm.policies().addListener((ListChangeListener<MailFlowPolicy>) c -> {
            String keep = vm.defaultPolicyProperty().get();
            defaultPolicy.getItems().setAll(vm.policyNames());
            defaultPolicy.setValue(keep);
        });
        defaultPolicy.valueProperty().bindBidirectional(vm.defaultPolicyProperty());
        Label defaultLabel = new Label("_Default policy (hosts in no group):");
        defaultLabel.setMnemonicParsing(true);
        defaultLabel.setLabelFor(defaultPolicy);
        defaultLabel.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, add, edit, delete, spacer, defaultLabel, defaultPolicy);
        buttons.setAlignment(Pos.CENTER_LEFT);
        return new VBox(6, title, policyTable, buttons);
    }

    private void addPolicy() {
        policyDialog(vm.newPolicy(), -1);
    }

    private void editPolicy() {
        int i = policyTable.getSelectionModel().getSelectedIndex();
        if (i >= 0) {
            policyDialog(vm.editPolicy(i), i);
        }
    }

    private void policyDialog(PolicyEditModel model, int index) {
        TextField name = Controls.textField("policyName", model.nameProperty(), "e.g. TRUSTED");
        ToggleGroup actions = new ToggleGroup();
        HBox actionBox = new HBox(16);
        for (PolicyAction a : PolicyAction.values()) {
            RadioButton b = new RadioButton(actionLabel(a));
            b.setId("action" + cap(a.cliName()));
            b.setToggleGroup(actions);
            b.setUserData(a);
            b.setSelected(model.actionProperty().get() == a);
            actionBox.getChildren().add(b);
        }
        actions.selectedToggleProperty().addListener((o, x, b) -> {
            if (b != null) {
                model.actionProperty().set((PolicyAction) b.getUserData());
            }
        });
        ToggleGroup tlsGroup = new ToggleGroup();
        HBox tlsBox = new HBox(16);
        for (InboundTls t : InboundTls.values()) {
            RadioButton b = new RadioButton(ListenerRow.tlsLabel(t));
            b.setId("policyTls" + ListenerRow.tlsLabel(t));
            b.setToggleGroup(tlsGroup);
            b.setUserData(t);
            b.setSelected(model.tlsProperty().get() == t);
            tlsBox.getChildren().add(b);
        }
        tlsGroup.selectedToggleProperty().addListener((o, x, b) -> {
            if (b != null) {
                model.tlsProperty().set((InboundTls) b.getUserData());
            }
        });
        TextField size = Controls.textField("policyMaxSize", model.maxMessageSizeProperty(), "bytes");
        size.setMaxWidth(160);
        Label sizeNote = ListenerDialogs.note("");
        sizeNote.textProperty().bind(Bindings.createStringBinding(() -> {
            long b = model.sizeBytes();
            return b < 0 ? "" : "= " + PolicyEditModel.readableSize(b);
        }, model.maxMessageSizeProperty()));
        HBox sizeRow = new HBox(10, size, sizeNote);
        sizeRow.setAlignment(Pos.CENTER_LEFT);
        TextField rcpt = Controls.numberField("policyMaxRecipients", model.maxRecipientsProperty(), 7);
        rcpt.setMaxWidth(120);
        Label actionNote = ListenerDialogs.note("");
        actionNote.textProperty().bind(Bindings.createStringBinding(() -> switch (model.actionProperty().get()) {
            case ACCEPT -> "Accept mail for the listener's accepted domains only.";
            case RELAY -> "Accept mail for any domain: only for trusted, internal senders.";
            case REJECT -> "Refuse the connection with 554.";
        }, model.actionProperty()));
        Label tlsNote = ListenerDialogs.note("No: STARTTLS is not offered. Preferred: offered after EHLO. "
                + "Required: nothing but NOOP, EHLO, STARTTLS and QUIT before TLS (RFC 3207 §4; a public MX must "
                + "not require it).");
        Form form = new Form()
                .add("_Name", name)
                .add("Action", actionBox)
                .addWide(actionNote)
                .add("TLS", tlsBox)
                .addWide(tlsNote)
                .add("Message _size limit", sizeRow)
                .add("_Recipient limit", rcpt);
        WizardPage page = new WizardPage(model.creating() ? "A new mail-flow policy" : "Mail-flow policy", form);
        page.getStylesheets().add(ListenerDialogs.STYLESHEET);
        page.validate(name, model::nameProblem);
        page.validate(size, model::sizeProblem);
        page.validate(rcpt, model::recipientsProblem);
        page.pageProblem(model::problem, model.nameProperty(), model.maxMessageSizeProperty(),
                model.maxRecipientsProperty());
        page.onEnter(name::requestFocus);
        boolean ok = vm.dialogs().showWizard(model.creating() ? "Add mail-flow policy" : "Edit mail-flow policy",
                List.of(page)).filter(b -> b.getButtonData() == javafx.scene.control.ButtonBar.ButtonData.FINISH)
                .isPresent();
        if (ok && model.problem() == null) {
            vm.putPolicy(index, model.policy());
        }
    }

    static String actionLabel(PolicyAction a) {
        return switch (a) {
            case ACCEPT -> "Accept";
            case RELAY -> "Relay";
            case REJECT -> "Reject";
        };
    }

    private static String cap(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    // ------------------------------------------------------------------ helpers

    private static <T> TableColumn<T, String> column(String title, Function<T, String> value, double width) {
        TableColumn<T, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleStringProperty(value.apply(cell.getValue())));
        c.setPrefWidth(width);
        c.setSortable(false);
        return c;
    }

    private static <T> TableRow<T> doubleClick(Runnable action) {
        TableRow<T> row = new TableRow<>();
        row.setOnMouseClicked(e -> {
            if (e.getButton() == MouseButton.PRIMARY && e.getClickCount() == 2 && !row.isEmpty()) {
                action.run();
            }
        });
        return row;
    }

    private static Button small(String id, String text, Runnable action, BooleanBinding disabled) {
        Button b = new Button(text);
        b.setId(id);
        b.setMnemonicParsing(false);
        b.setOnAction(e -> action.run());
        if (disabled != null) {
            b.disableProperty().bind(disabled);
        }
        b.setMinWidth(Region.USE_PREF_SIZE);
        b.setTooltip(new Tooltip(text.replace("…", "")));
        return b;
    }

    private static Label placeholder(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("placeholder-text");
        return l;
    }

    public TableView<SenderGroup> groupTable() {
        return groupTable;
    }

    public TableView<MailFlowPolicy> policyTable() {
        return policyTable;
    }
}

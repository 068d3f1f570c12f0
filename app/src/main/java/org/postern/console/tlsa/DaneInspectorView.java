package org.postern.console.tlsa;

import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.postern.console.common.Controls;
import org.postern.console.common.OperationPane;
import org.postern.engine.api.DaneSetting;
import javafx.util.StringConverter;

/**
 * Security › DANE / TLSA Inspector: enter a domain, Inspect, and read why it does or does not get
 * DANE — as a step diagram, with a progress line and Cancel while the lookups and the STARTTLS
 * probe run, and "Copy report" for the same text {@code postern daneverify} prints.
 */
public final class DaneInspectorView extends BorderPane {

    private final DaneInspectorViewModel vm;
    private final DaneStepDiagram diagram;

    public DaneInspectorView(DaneInspectorViewModel vm) {
        this.vm = vm;
        this.diagram = new DaneStepDiagram(vm::copy);
        setId("daneInspectorView");
        getStyleClass().add("dane-inspector-view");

        Label heading = new Label("DANE / TLSA Inspector");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("Why a domain does or does not get DANE: its MX RRset and DNSSEC status, each host's "
                + "address and TLSA records, a live STARTTLS probe, the presented chain, which TLSA record matches "
                + "which certificate, and the verdict delivery would reach now. No mail is sent.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);
        sub.setMinHeight(Region.USE_PREF_SIZE);

        TextField domain = Controls.textField("daneDomain", vm.domainProperty(), "recipient domain, e.g. example.com");
        domain.setPrefColumnCount(28);
        Button inspect = new Button("Inspect");
        inspect.setId("daneInspect");
        inspect.setDefaultButton(true);
        inspect.getStyleClass().add("accent");
        inspect.setTooltip(new Tooltip("Look up and probe the domain as delivery would (no mail is sent)"));
        inspect.disableProperty().bind(Bindings.createBooleanBinding(() -> vm.domainProblem() != null,
                vm.domainProperty()).or(vm.operation().runningBinding()));
        inspect.setOnAction(e -> vm.inspect());
        domain.setOnAction(e -> {
            if (!inspect.isDisabled()) {
                vm.inspect();
            }
        });
        Button copyReport = new Button("Copy report");
        copyReport.setId("daneCopyReport");
        copyReport.setMnemonicParsing(false);
        copyReport.setTooltip(new Tooltip("Copy the whole report as text, as postern daneverify prints it"));
        copyReport.disableProperty().bind(vm.reportTextBinding().isEmpty().or(vm.operation().runningBinding()));
        copyReport.setOnAction(e -> vm.copyReport());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        Label domainLabel = new Label("_Domain");
        domainLabel.setMnemonicParsing(true);
        domainLabel.setLabelFor(domain);
        ComboBox<DaneSetting> dane = new ComboBox<>();
        dane.setId("daneSetting");
        dane.getItems().setAll(DaneInspectorViewModel.daneChoices());
        dane.valueProperty().bindBidirectional(vm.daneProperty());
        dane.setConverter(new StringConverter<>() {
            @Override
            public String toString(DaneSetting d) {
                return d == null ? "" : DaneInspectorViewModel.daneChoiceLabel(d);
            }

            @Override
            public DaneSetting fromString(String s) {
                return null;
            }
        });
        dane.setTooltip(new Tooltip("Judge under the destination entry's DANE setting, or see what Opportunistic or "
                + "Mandatory would do (the entry is not changed)"));
        Label daneLabel = new Label("DANE se_tting");
        daneLabel.setMnemonicParsing(true);
        daneLabel.setLabelFor(dane);
        HBox toolbar = new HBox(8, domainLabel, domain, daneLabel, dane, inspect, spacer, copyReport);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("page-toolbar");

        Label problem = new Label();
        problem.setId("daneProblem");
        problem.getStyleClass().add("page-problem");
        problem.textProperty().bind(Bindings.createStringBinding(() -> {
            String p = vm.domainProblem();
            return p == null || vm.domainProperty().get().isBlank() ? "" : p;
        }, vm.domainProperty()));
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        VBox top = new VBox(8, new VBox(2, heading, sub), toolbar, problem);
        top.getStyleClass().add("page-header");
        setTop(top);

        vm.operation().resultProperty().addListener((o, a, r) -> diagram.show(r));
        Label idle = new Label("Enter a domain and press Inspect.");
        idle.setId("daneIdle");
        idle.getStyleClass().add("placeholder-text");
        idle.visibleProperty().bind(Bindings.createBooleanBinding(
                () -> vm.operation().getState() == org.postern.console.common.Operation.State.IDLE,
                vm.operation().stateProperty()));
        idle.managedProperty().bind(idle.visibleProperty());
        OperationPane operation = new OperationPane(vm.operation(), diagram, true, "The inspection could not run:",
                "Check the domain and the DNS settings, then try again.");
        VBox content = new VBox(8, idle, operation);
        content.getStyleClass().add("page-body");
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("daneScroll");
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add("edge-to-edge");
        setCenter(scroll);
    }

    public DaneInspectorViewModel viewModel() {
        return vm;
    }
}

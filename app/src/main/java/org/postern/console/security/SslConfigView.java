package org.postern.console.security;

import javafx.beans.binding.Bindings;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.postern.console.common.Controls;
import org.postern.console.common.Operation;
import org.postern.engine.api.TlsSettingsApi.Direction;

/** Security › SSL Configuration (TLS-1): protocols and cipher suites for listeners and for delivery. */
public final class SslConfigView extends BorderPane {

    private final SslConfigViewModel vm;

    public SslConfigView(SslConfigViewModel vm) {
        this.vm = vm;
        setId("sslConfigView");

        Label heading = new Label("SSL Configuration");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("The protocols and cipher suites Postern negotiates: inbound on its listeners, outbound "
                + "when it delivers. Only TLS 1.3 and 1.2 can be chosen (SSLv3, TLS 1.0 and 1.1 are prohibited by "
                + "RFC 7568 and RFC 8996), and only forward-secret AEAD suites. Listeners pick the suite by the order "
                + "below. Changes apply to the next connection; nothing restarts.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);
        VBox top = new VBox(2, heading, sub);
        top.getStyleClass().add("page-header");
        setTop(top);

        VBox in = side(vm.inbound(), "Inbound — listeners");
        VBox out = side(vm.outbound(), "Outbound — delivery");
        HBox.setHgrow(in, Priority.ALWAYS);
        HBox.setHgrow(out, Priority.ALWAYS);
        in.setMaxWidth(Double.MAX_VALUE);
        out.setMaxWidth(Double.MAX_VALUE);
        HBox columns = new HBox(24, in, out);
        ScrollPane scroll = new ScrollPane(columns);
        scroll.setFitToWidth(true);
        VBox body = new VBox(scroll);
        VBox.setVgrow(scroll, Priority.ALWAYS);
        body.getStyleClass().add("page-body");
        setCenter(body);
    }

    private static String id(Direction d) {
        return d == Direction.INBOUND ? "inbound" : "outbound";
    }

    /** A control id for a protocol or suite name ("TLSv1.2" → "inbound-TLSv1_2"). */
    public static String choiceId(Direction d, String name) {
        return id(d) + "-" + name.replace('.', '_');
    }

    private VBox side(SslConfigViewModel.Side side, String title) {
        String prefix = id(side.direction());
        Label name = new Label(title);
        name.getStyleClass().add("section-title");
        Label state = Controls.badge("", "success");
        state.setId(prefix + "State");
        state.textProperty().bind(Bindings.createStringBinding(() -> side.usingDefaultsProperty().get() ? "Defaults" : "Custom",
                side.usingDefaultsProperty()));
        HBox head = new HBox(10, name, state);
        head.setAlignment(Pos.CENTER_LEFT);

        Label protocolsTitle = new Label("Protocols");
        protocolsTitle.getStyleClass().add("note");
        HBox protocols = new HBox(16);
        protocols.setId(prefix + "Protocols");
        Label suitesTitle = new Label("Cipher suites (in order of preference)");
        suitesTitle.getStyleClass().add("note");
        VBox suites = new VBox(4);
        suites.setId(prefix + "Suites");
        side.protocols().addListener((ListChangeListener<SslConfigViewModel.Choice>) c ->
                protocols.getChildren().setAll(side.protocols().stream().map(ch -> box(side.direction(), ch)).toList()));
        side.suites().addListener((ListChangeListener<SslConfigViewModel.Choice>) c ->
                suites.getChildren().setAll(side.suites().stream().map(ch -> box(side.direction(), ch)).toList()));

        Label problem = new Label();
        problem.setId(prefix + "Problem");
        problem.getStyleClass().add("danger");
        problem.setWrapText(true);
        problem.textProperty().bind(Bindings.createStringBinding(() -> side.problemProperty().get() == null ? ""
                : side.problemProperty().get(), side.problemProperty()));
        problem.visibleProperty().bind(problem.textProperty().isNotEmpty());
        problem.managedProperty().bind(problem.visibleProperty());

        Operation<?> saving = side.saving();
        Label refused = Controls.callout("", "danger");
        refused.setId(prefix + "Error");
        refused.textProperty().bind(Bindings.createStringBinding(() -> saving.getError() == null ? ""
                : "The engine refused: " + saving.getError() + " Nothing was changed.", saving.errorProperty()));
        refused.visibleProperty().bind(saving.failedBinding());
        refused.managedProperty().bind(refused.visibleProperty());

        Button apply = new Button("Apply");
        apply.setId(prefix + "Apply");
        apply.getStyleClass().add("accent");
        apply.disableProperty().bind(side.changedProperty().not().or(side.problemProperty().isNotNull())
                .or(saving.runningBinding()));
        apply.setOnAction(e -> side.apply());
        Button reset = new Button("Reset to defaults…");
        reset.setId(prefix + "Reset");
        reset.disableProperty().bind(side.usingDefaultsProperty().or(saving.runningBinding()));
        reset.setOnAction(e -> side.reset());
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox buttons = new HBox(8, spacer, reset, apply);
        buttons.setAlignment(Pos.CENTER_RIGHT);

        VBox box = new VBox(8, head, protocolsTitle, protocols, suitesTitle, suites, problem, refused, buttons);
        box.setId(prefix + "Side");
        box.setMinWidth(360);
        return box;
    }

    private static CheckBox box(Direction d, SslConfigViewModel.Choice choice) {
        CheckBox box = new CheckBox(choice.name());
        box.setMnemonicParsing(false); // suite names are full of underscores
        box.setId(choiceId(d, choice.name()));
        box.selectedProperty().bindBidirectional(choice.selectedProperty());
        box.setMinWidth(Region.USE_PREF_SIZE);
        return box;
    }

    /** Called when the page is shown: reloads both directions. */
    public void shown() {
        vm.refresh();
    }

    public SslConfigViewModel viewModel() {
        return vm;
    }
}

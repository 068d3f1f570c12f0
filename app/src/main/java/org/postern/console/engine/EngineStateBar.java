package org.postern.console.engine;

import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.util.Duration;

/**
 * The engine's state in the status bar: a coloured dot and a line (running, listeners listening,
 * the first problem verbatim), every listener's state on hover, and Start/Stop. The state is read
 * again every two seconds while the window shows, off the FX thread.
 */
public final class EngineStateBar extends HBox {

    public static final Duration POLL_INTERVAL = Duration.seconds(2);

    private final Timeline poll;

    public EngineStateBar(EngineViewModel vm) {
        super(8);
        setId("engineState");
        setAlignment(Pos.CENTER_LEFT);
        getStyleClass().add("engine-state");

        Label dot = new Label("●");
        dot.getStyleClass().add("engine-dot");
        Label text = new Label();
        text.setId("engineStateText");
        text.textProperty().bind(vm.summaryProperty());
        text.setMinWidth(80);
        HBox.setHgrow(text, Priority.SOMETIMES);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(vm.detailProperty());
        tip.setWrapText(true);
        tip.setMaxWidth(640);
        text.setTooltip(tip);
        vm.styleProperty().addListener((o, a, b) -> {
            for (Label l : new Label[] {dot, text}) {
                l.getStyleClass().removeAll("success", "warning", "danger");
                if (b != null && !b.isEmpty()) {
                    l.getStyleClass().add(b);
                }
            }
        });

        Button toggle = new Button();
        toggle.setId("engineToggle");
        toggle.setMnemonicParsing(false);
        toggle.getStyleClass().addAll("small", "engine-toggle");
        toggle.textProperty().bind(Bindings.when(vm.runningProperty()).then("Stop engine").otherwise("Start engine"));
        toggle.disableProperty().bind(vm.busyProperty().or(vm.knownProperty().not()));
        toggle.setTooltip(new Tooltip("Start or stop the listeners and delivery of the embedded engine"));
        toggle.setOnAction(e -> {
            if (vm.runningProperty().get()) {
                vm.stop();
            } else {
                vm.start(true);
            }
        });
        toggle.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        getChildren().addAll(dot, text, toggle);

        poll = new Timeline(new KeyFrame(POLL_INTERVAL, e -> vm.refresh()));
        poll.setCycleCount(Animation.INDEFINITE);
        sceneProperty().addListener((o, a, scene) -> {
            if (scene == null) {
                poll.stop();
            } else {
                poll.play();
            }
        });
        vm.refresh();
    }

    /** Stops the periodic refresh (the window is closing). */
    public void dispose() {
        poll.stop();
    }
}

package org.postern.console.common;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TextFormatter;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;

/** Small building blocks shared by the pages and wizards. */
public final class Controls {

    private Controls() {
    }

    public static TextField textField(String id, StringProperty model, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(model);
        return field;
    }

    /** A field for a whole number; anything else typed is refused as you type. */
    public static TextField numberField(String id, IntegerProperty model, int columns) {
        TextField field = new TextField(Integer.toString(model.get()));
        field.setId(id);
        field.setPrefColumnCount(columns);
        field.setTextFormatter(new TextFormatter<String>(change ->
                change.getControlNewText().matches("\\d{0,6}") ? change : null));
        field.textProperty().addListener((o, a, b) -> model.set(b == null || b.isEmpty() ? 0 : Integer.parseInt(b)));
        model.addListener((o, a, b) -> {
            String text = Integer.toString(b.intValue());
            if (!text.equals(field.getText()) && !(field.getText().isEmpty() && b.intValue() == 0)) {
                field.setText(text);
            }
        });
        return field;
    }

    /** A path field with a Browse… button that asks the {@link DialogService}. */
    /** A text field for a path and its Browse… button. */
    public static final class FileField extends HBox {
        private final TextField field;

        FileField(TextField field, Button browse) {
            super(8, field, browse);
            this.field = field;
            HBox.setHgrow(field, Priority.ALWAYS);
        }

        public TextField field() {
            return field;
        }
    }

    public static FileField fileField(String id, StringProperty model, DialogService dialogs, String title,
                                      boolean save, Supplier<String> initialName, List<FileFilter> filters) {
        TextField field = textField(id, model, save ? "where to save the file" : "path of the file");
        Button browse = new Button(save ? "Choose…" : "Browse…");
        browse.setId(id + "Browse");
        browse.setOnAction(e -> {
            var chosen = save
                    ? dialogs.showSaveDialog(title, initialName.get(), filters)
                    : dialogs.showOpenDialog(title, filters);
            chosen.map(Path::toString).ifPresent(model::set);
        });
        return new FileField(field, browse);
    }

    public static TextArea pemArea(String id) {
        TextArea area = new TextArea();
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(false);
        area.getStyleClass().add("pem");
        area.setPrefRowCount(14);
        return area;
    }

    public static Button copyButton(String id, ClipboardService clipboard, Supplier<String> text) {
        Button copy = new Button("_Copy");
        copy.setId(id);
        copy.setTooltip(new Tooltip("Copy to the clipboard"));
        copy.setOnAction(e -> {
            String t = text.get();
            if (t != null && !t.isEmpty()) {
                clipboard.copy(t);
                copy.setText("Copied");
            }
        });
        return copy;
    }

    /** A callout box: style "info", "warning" or "danger". */
    public static Label callout(String text, String style) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setMaxWidth(Double.MAX_VALUE);
        label.getStyleClass().addAll("callout", "callout-" + style);
        label.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }

    public static Label badge(String text, String style) {
        Label label = new Label(text);
        label.getStyleClass().addAll("badge", style);
        label.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
        return label;
    }
}

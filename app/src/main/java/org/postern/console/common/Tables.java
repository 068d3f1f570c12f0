package org.postern.console.common;

import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;

/** Table helpers shared by the pages: text columns that show their whole value on hover, selection binding. */
public final class Tables {

    private Tables() {
    }

    /** A text column; when the column is too narrow the whole value shows as a tooltip. */
    public static <S> TableColumn<S, String> textColumn(String title, Function<S, String> value, double width,
                                                        double minWidth) {
        TableColumn<S, String> column = new TableColumn<>(title);
        column.setCellValueFactory(c -> new SimpleStringProperty(value.apply(c.getValue())));
        column.setPrefWidth(width);
        column.setMinWidth(Math.min(width, minWidth));
        column.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String text, boolean empty) {
                super.updateItem(text, empty);
                setText(empty ? null : text);
                setTooltip(empty || text == null || text.isEmpty() ? null : new Tooltip(text));
            }
        });
        return column;
    }

    /** Keeps the table's selection and the view model's selected item in step, both ways. */
    public static <S> void bindSelection(TableView<S> table, ObjectProperty<S> selected, boolean scrollToSelection) {
        table.getSelectionModel().selectedItemProperty().addListener((o, a, b) -> {
            if (b != selected.get()) {
                selected.set(b);
            }
        });
        selected.addListener((o, a, b) -> {
            if (b != table.getSelectionModel().getSelectedItem()) {
                if (b == null) {
                    table.getSelectionModel().clearSelection();
                } else {
                    table.getSelectionModel().select(b);
                    if (scrollToSelection) {
                        table.scrollTo(b);
                    }
                }
            }
        });
    }
}

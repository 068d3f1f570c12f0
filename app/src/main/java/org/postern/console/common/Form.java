package org.postern.console.common;

import javafx.geometry.HPos;
import javafx.geometry.VPos;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;

/** A two-column form: labels on the left (with mnemonics bound to their fields), fields on the right. */
public final class Form extends GridPane {

    private int row;

    public Form() {
        setHgap(12);
        setVgap(8);
        getStyleClass().add("form");
        ColumnConstraints labels = new ColumnConstraints();
        labels.setMinWidth(Region.USE_PREF_SIZE);
        labels.setHalignment(HPos.RIGHT);
        ColumnConstraints fields = new ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setFillWidth(true);
        getColumnConstraints().addAll(labels, fields);
    }

    /** {@code label} may hold a mnemonic ("_Common name"); it then focuses {@code field}. */
    public Form add(String label, Node field) {
        Label l = new Label(label);
        l.setMnemonicParsing(true);
        l.setLabelFor(field);
        l.getStyleClass().add("form-label");
        GridPane.setValignment(l, VPos.CENTER);
        add(l, 0, row);
        add(field, 1, row);
        GridPane.setHgrow(field, Priority.ALWAYS);
        row++;
        return this;
    }

    /** A full-width row (notes, warnings, check boxes). */
    public Form addWide(Node node) {
        add(node, 1, row);
        row++;
        return this;
    }

    /** A full-width row spanning both columns. */
    public Form addSpanning(Node node) {
        add(node, 0, row, 2, 1);
        row++;
        return this;
    }
}

package org.postern.console.common;

import javafx.application.Platform;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.ComboBoxBase;
import javafx.scene.control.Control;
import javafx.scene.control.TextInputControl;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;

/**
 * Keyboard behaviour shared by every wizard page and dialog: focus starts in the first field, so
 * what the administrator types first is not lost, and Enter in a combo box chooses the entry
 * without also pressing the default button (which would advance a wizard or close a dialog).
 */
public final class DialogKeyboard {

    private DialogKeyboard() {
    }

    /** Enter pressed in a combo box (open or closed) is kept from the default button. */
    public static void keepEnterInComboBoxes(Node root) {
        // a handler, not a filter: the combo box has seen the key (and chosen) before this runs
        root.addEventHandler(KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == KeyCode.ENTER && insideComboBox(e.getTarget())) {
                e.consume();
            }
        });
    }

    private static boolean insideComboBox(Object target) {
        for (Node n = target instanceof Node node ? node : null; n != null; n = n.getParent()) {
            if (n instanceof ComboBoxBase<?>) {
                return true;
            }
        }
        return false;
    }

    /** Focuses the first field of {@code root} once the current event has been handled. */
    public static void focusFirstFieldLater(Parent root) {
        Platform.runLater(() -> {
            Node owner = root.getScene() == null ? null : root.getScene().getFocusOwner();
            if (owner != null && !(owner instanceof ButtonBase) && contains(root, owner)) {
                return; // the page already chose its field
            }
            Node first = firstField(root);
            if (first != null) {
                first.requestFocus();
            }
        });
    }

    private static boolean contains(Parent root, Node node) {
        for (Node n = node; n != null; n = n.getParent()) {
            if (n == root) {
                return true;
            }
        }
        return false;
    }

    /** The first visible, enabled input control in reading order, or null (buttons are not fields). */
    static Node firstField(Parent root) {
        for (Node child : root.getChildrenUnmodifiable()) {
            if (!child.isVisible() || child.isDisabled()) {
                continue;
            }
            if (child instanceof Control c && !(c instanceof ButtonBase) && c.isFocusTraversable()
                    && (c instanceof TextInputControl t ? t.isEditable() : true)
                    && !(c instanceof javafx.scene.control.Label)) {
                return c;
            }
            if (child instanceof javafx.scene.control.ScrollPane sp && sp.getContent() instanceof Parent p) {
                Node inner = firstField(p);
                if (inner != null) {
                    return inner;
                }
            }
            if (child instanceof Parent p && !(child instanceof Control)) {
                Node inner = firstField(p);
                if (inner != null) {
                    return inner;
                }
            }
        }
        return null;
    }
}

package org.postern.console.common;

import java.io.File;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.DialogPane;
import javafx.scene.control.Label;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.controlsfx.dialog.Wizard;
import org.controlsfx.dialog.WizardPane;

/** The dialogs of the running console, owned by the main window. */
public class FxDialogService implements DialogService {

    private final Supplier<Window> owner;
    private Path lastDirectory;

    public FxDialogService(Supplier<Window> owner) {
        this.owner = owner;
    }

    protected Window owner() {
        return owner.get();
    }

    @Override
    public void showError(String title, String message) {
        alert(Alert.AlertType.ERROR, title, message, "dialog-error");
    }

    @Override
    public void showWarning(String title, String message) {
        alert(Alert.AlertType.WARNING, title, message, "dialog-warning");
    }

    @Override
    public void showInformation(String title, String message) {
        alert(Alert.AlertType.INFORMATION, title, message, "dialog-information");
    }

    private void alert(Alert.AlertType type, String title, String message, String styleClass) {
        Alert alert = new Alert(type);
        alert.setTitle(title);
        alert.setHeaderText(title);
        alert.getDialogPane().setContent(messageLabel(message));
        alert.getDialogPane().getStyleClass().add(styleClass);
        alert.getDialogPane().setPrefWidth(580);
        showDialog(alert);
    }

    /** A label that wraps: long engine messages stay readable and are never cut off. */
    private static Label messageLabel(String message) {
        Label text = new Label(message);
        text.setWrapText(true);
        text.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        text.setMaxWidth(Double.MAX_VALUE);
        text.getStyleClass().add("dialog-message");
        return text;
    }

    @Override
    public boolean confirm(String title, String header, String content, String confirmLabel) {
        ButtonType yes = new ButtonType(confirmLabel, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, "", yes, ButtonType.CANCEL);
        alert.setTitle(title);
        alert.setHeaderText(header);
        alert.getDialogPane().setContent(messageLabel(content));
        alert.getDialogPane().setPrefWidth(580);
        // the safe answer is the default: Enter does not delete
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(yes)).setDefaultButton(false);
        ((javafx.scene.control.Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        return showDialog(alert).filter(b -> b == yes).isPresent();
    }

    @Override
    public Optional<Path> showOpenDialog(String title, List<FileFilter> filters) {
        FileChooser chooser = chooser(title, filters);
        File file = chooser.showOpenDialog(owner());
        return remember(file);
    }

    @Override
    public Optional<Path> showSaveDialog(String title, String initialFileName, List<FileFilter> filters) {
        FileChooser chooser = chooser(title, filters);
        chooser.setInitialFileName(initialFileName);
        File file = chooser.showSaveDialog(owner());
        return remember(file);
    }

    private FileChooser chooser(String title, List<FileFilter> filters) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle(title);
        for (FileFilter filter : filters) {
            chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(filter.description(), filter.patterns()));
        }
        Path initial = initialDirectory();
        if (initial != null) {
            chooser.setInitialDirectory(initial.toFile());
        }
        return chooser;
    }

    /**
     * Where file choosers open: the folder last used, else the user's home; never the folder the
     * console was started from (often its installation directory).
     */
    Path initialDirectory() {
        if (lastDirectory != null && lastDirectory.toFile().isDirectory()) {
            return lastDirectory;
        }
        Path home = Path.of(System.getProperty("user.home", ""));
        return home.isAbsolute() && home.toFile().isDirectory() ? home : null;
    }

    /** Remembers the folder of a file the administrator chose elsewhere (e.g. typed into a field). */
    void rememberFolderOf(Path file) {
        remember(file.toFile());
    }

    private Optional<Path> remember(File file) {
        if (file == null) {
            return Optional.empty();
        }
        lastDirectory = file.toPath().toAbsolutePath().getParent();
        return Optional.of(file.toPath());
    }

    @Override
    public Optional<ButtonType> showWizard(String title, List<? extends WizardPane> pages) {
        Wizard wizard = new Wizard(owner(), title);
        wizard.setReadSettings(false);
        for (WizardPane page : pages) {
            Theme.style(page);
            page.getStyleClass().add("console-wizard-page");
        }
        wizard.setFlow(new Wizard.LinearFlow(pages.toArray(WizardPane[]::new)));
        wizard.getDialog().setResizable(true);
        // the dialog focuses its buttons when shown: move focus to the first field of the first page
        wizard.getDialog().addEventHandler(javafx.scene.control.DialogEvent.DIALOG_SHOWN,
                e -> DialogKeyboard.focusFirstFieldLater(wizard.getDialog().getDialogPane()));
        return wizard.showAndWait();
    }

    @Override
    public <R> Optional<R> showDialog(Dialog<R> dialog) {
        DialogPane pane = dialog.getDialogPane();
        Theme.style(pane);
        DialogKeyboard.keepEnterInComboBoxes(pane);
        dialog.addEventHandler(javafx.scene.control.DialogEvent.DIALOG_SHOWN,
                e -> DialogKeyboard.focusFirstFieldLater(dialog.getDialogPane()));
        if (dialog.getOwner() == null && owner() != null) {
            dialog.initOwner(owner());
        }
        return dialog.showAndWait();
    }
}

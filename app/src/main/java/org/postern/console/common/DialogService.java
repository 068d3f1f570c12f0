package org.postern.console.common;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import org.controlsfx.dialog.WizardPane;

/**
 * Every dialog, message, file chooser and wizard the console shows goes through here, so that
 * tests can substitute what cannot be driven headless (native file choosers).
 */
public interface DialogService {

    /** An engine refusal or other error; the text is shown as it is. */
    void showError(String title, String message);

    void showWarning(String title, String message);

    void showInformation(String title, String message);

    /** Asks a yes/no question; {@code confirmLabel} names the action, e.g. "Delete". */
    boolean confirm(String title, String header, String content, String confirmLabel);

    Optional<Path> showOpenDialog(String title, List<FileFilter> filters);

    Optional<Path> showSaveDialog(String title, String initialFileName, List<FileFilter> filters);

    /** Shows a wizard made of {@code pages} and waits; FINISH or CANCEL (or empty when closed). */
    Optional<ButtonType> showWizard(String title, List<? extends WizardPane> pages);

    /** Shows any other dialog, styled like the rest of the console, and waits. */
    <R> Optional<R> showDialog(Dialog<R> dialog);
}

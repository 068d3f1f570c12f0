package org.postern.console.testsupport;

import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import org.controlsfx.dialog.WizardPane;
import org.postern.console.common.DialogService;
import org.postern.console.common.FileFilter;

/** A dialog service for view-model tests: records messages, answers questions as told. */
public final class RecordingDialogService implements DialogService {

    public final List<String> errors = new ArrayList<>();
    public final List<String> warnings = new ArrayList<>();
    public final List<String> informations = new ArrayList<>();
    public final List<String> questions = new ArrayList<>();
    public final Deque<Path> files = new ArrayDeque<>();
    public boolean confirmAnswer = true;

    @Override
    public void showError(String title, String message) {
        errors.add(message);
    }

    @Override
    public void showWarning(String title, String message) {
        warnings.add(message);
    }

    @Override
    public void showInformation(String title, String message) {
        informations.add(message);
    }

    @Override
    public boolean confirm(String title, String header, String content, String confirmLabel) {
        questions.add(header);
        return confirmAnswer;
    }

    @Override
    public Optional<Path> showOpenDialog(String title, List<FileFilter> filters) {
        return Optional.ofNullable(files.poll());
    }

    @Override
    public Optional<Path> showSaveDialog(String title, String initialFileName, List<FileFilter> filters) {
        return Optional.ofNullable(files.poll());
    }

    @Override
    public Optional<ButtonType> showWizard(String title, List<? extends WizardPane> pages) {
        throw new UnsupportedOperationException("view-model tests show no wizards");
    }

    @Override
    public <R> Optional<R> showDialog(Dialog<R> dialog) {
        throw new UnsupportedOperationException("view-model tests show no dialogs");
    }
}

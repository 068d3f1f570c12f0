package org.postern.console.testsupport;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import javafx.stage.Window;
import org.postern.console.common.FileFilter;
import org.postern.console.common.FxDialogService;

/**
 * The console's real dialogs, except the native file choosers: those return the paths a test
 * queued (and record the titles they were asked with).
 */
public final class TestDialogService extends FxDialogService {

    private final ConcurrentLinkedDeque<Path> paths = new ConcurrentLinkedDeque<>();
    public final List<String> fileDialogTitles = new CopyOnWriteArrayList<>();

    public TestDialogService(Supplier<Window> owner) {
        super(owner);
    }

    /** The next file chooser (open or save) returns {@code path}. */
    public void willChoose(Path path) {
        paths.add(path);
    }

    @Override
    public Optional<Path> showOpenDialog(String title, List<FileFilter> filters) {
        fileDialogTitles.add(title);
        return Optional.ofNullable(paths.poll());
    }

    @Override
    public Optional<Path> showSaveDialog(String title, String initialFileName, List<FileFilter> filters) {
        fileDialogTitles.add(title);
        return Optional.ofNullable(paths.poll());
    }
}

package org.postern.console.common;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** File choosers open in the user's home or the folder last used, never the working directory. */
class FileChooserFolderTest {

    @TempDir
    Path dir;

    @Test
    void firstChooserOpensInTheHomeFolderThenInTheLastUsedOne() throws Exception {
        FxDialogService dialogs = new FxDialogService(() -> null);
        Path home = Path.of(System.getProperty("user.home"));
        assertThat(dialogs.initialDirectory()).isEqualTo(home);
        assertThat(dialogs.initialDirectory()).isNotEqualTo(Path.of("").toAbsolutePath());

        Path folder = Files.createDirectories(dir.resolve("exports"));
        dialogs.rememberFolderOf(folder.resolve("mx1.p12"));
        assertThat(dialogs.initialDirectory()).isEqualTo(folder);
    }
}

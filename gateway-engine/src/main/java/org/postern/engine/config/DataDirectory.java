package org.postern.engine.config;

import java.nio.file.Path;

/** Where the engine keeps its state: {@code --data-dir}, else the per-user data directory. */
public final class DataDirectory {

    private DataDirectory() {
    }

    /** {@code $XDG_DATA_HOME/postern}, else {@code ~/.local/share/postern}. */
    public static Path defaultLocation() {
        String xdg = System.getenv("XDG_DATA_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".local", "share");
        return base.resolve("postern");
    }
}

package org.postern.console;

import javafx.application.Application;
import org.postern.engine.cli.PosternCli;

/**
 * The {@code postern} entry point (ADM-3): no arguments or {@code console [--data-dir DIR]} start
 * the desktop console; anything else is a command-line command. Not an {@link Application}
 * subclass, so that it can be the main class of the launcher script and of jpackage.
 */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        String[] consoleArgs = consoleArguments(args);
        if (consoleArgs == null) {
            System.exit(PosternCli.run(args));
            return;
        }
        Application.launch(ConsoleApplication.class, consoleArgs);
    }

    /**
     * The console's parameters ({@code --data-dir=DIR}) when {@code args} ask for the console, else
     * null (a CLI command). {@code --data-dir DIR} may come before or after {@code console}.
     */
    static String[] consoleArguments(String[] args) {
        String dataDir = null;
        boolean console = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--data-dir") && i + 1 < args.length) {
                dataDir = args[++i];
            } else if (a.startsWith("--data-dir=")) {
                dataDir = a.substring("--data-dir=".length());
            } else if (a.equals("console") && !console) {
                console = true;
            } else {
                return null;
            }
        }
        // only "console" and "--data-dir DIR" (or nothing at all): the console
        return dataDir == null ? new String[0] : new String[] {"--data-dir=" + dataDir};
    }
}

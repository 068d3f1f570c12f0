package org.postern.engine.cli;

import org.postern.engine.api.PosternException;
import picocli.CommandLine.Command;

/**
 * {@code postern console}: the desktop console (ADM-3). The launcher of the full package starts it
 * before this command line is reached; this command documents it in {@code postern --help} and
 * refuses plainly where the console is not part of the program.
 */
@Command(name = "console", description = "Start the desktop console on the data directory (also: postern with no arguments).")
final class ConsoleCommand implements Runnable {

    static final String NOT_HERE = "the desktop console is not part of this program (the command line only);"
            + " start it with the postern launcher of the full package";

    @Override
    public void run() {
        throw new PosternException(NOT_HERE);
    }
}

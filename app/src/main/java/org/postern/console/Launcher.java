package org.postern.console;

import org.postern.engine.cli.PosternCli;

/** Entry point of the launcher script and the installed package. */
public final class Launcher {

    private Launcher() {
    }

    public static void main(String[] args) {
        System.exit(PosternCli.run(args));
    }
}

package org.postern.engine.cli;

/** The {@code postern} command line (ADM-3). */
public final class PosternCli {

    private PosternCli() {
    }

    /** Runs one command and returns its exit code. */
    public static int run(String... args) {
        System.err.println("postern: not yet");
        return 2;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }
}

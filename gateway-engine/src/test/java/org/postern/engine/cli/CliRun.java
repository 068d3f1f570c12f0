package org.postern.engine.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.stream.Stream;

/** Runs one {@code postern} command against a data directory and captures what it printed. */
record CliRun(int exit, String out, String err) {

    static CliRun of(Path dataDir, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String[] all = Stream.concat(Stream.of("--data-dir", dataDir.toString()), Stream.of(args)).toArray(String[]::new);
        int exit = PosternCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all);
        return new CliRun(exit, out.toString(), err.toString());
    }
}

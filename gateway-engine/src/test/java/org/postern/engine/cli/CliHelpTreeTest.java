package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Every command of the tree, at every depth, answers {@code --help} and {@code -h} with its usage and exit 0. */
class CliHelpTreeTest {

    @TempDir
    Path dataDir;

    @TestFactory
    Stream<DynamicTest> everyCommandAnswersHelp() {
        List<List<String>> paths = new ArrayList<>();
        collect(new CommandLine(new PosternCli()), new ArrayList<>(), paths);
        assertThat(paths).as("the command tree").hasSizeGreaterThan(10);
        return paths.stream().flatMap(path -> Stream.of("--help", "-h").map(flag -> DynamicTest.dynamicTest(
                String.join(" ", Stream.concat(Stream.of("postern"), path.stream()).toList()) + " " + flag, () -> {
                    List<String> args = new ArrayList<>(path);
                    args.add(flag);
                    CliRun r = CliRun.of(dataDir, args.toArray(String[]::new));
                    String usage = String.join(" ", Stream.concat(Stream.of("Usage: postern"), path.stream()).toList());
                    assertThat(r.exit()).as("exit of %s: %s", args, r.err()).isZero();
                    assertThat(r.out()).as("usage of %s", args).contains(usage);
                    assertThat(r.err()).as("errors of %s", args).isEmpty();
                })));
    }

    private static void collect(CommandLine command, List<String> path, List<List<String>> paths) {
        paths.add(List.copyOf(path));
        for (CommandLine sub : command.getSubcommands().values().stream().distinct().toList()) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getCommandName());
            collect(sub, next, paths);
        }
    }
}

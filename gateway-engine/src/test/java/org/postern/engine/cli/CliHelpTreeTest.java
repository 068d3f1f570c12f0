package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
        Map<List<String>, List<String>> tree = new LinkedHashMap<>();
        collect(new CommandLine(new PosternCli()), new ArrayList<>(), tree);
        Set<List<String>> paths = tree.keySet();
        assertThat(paths).as("the command tree").hasSizeGreaterThan(10)
                .contains(List.of("status"), List.of("console"), List.of("certconfig", "csr"), List.of("queue", "list"));
        return paths.stream().flatMap(path -> Stream.of("--help", "-h").map(flag -> DynamicTest.dynamicTest(
                String.join(" ", Stream.concat(Stream.of("postern"), path.stream()).toList()) + " " + flag, () -> {
                    List<String> args = new ArrayList<>(path);
                    args.add(flag);
                    CliRun r = CliRun.of(dataDir, args.toArray(String[]::new));
                    String usage = String.join(" ", Stream.concat(Stream.of("Usage: postern"), path.stream()).toList());
                    assertThat(r.exit()).as("exit of %s: %s", args, r.err()).isZero();
                    assertThat(r.out()).as("usage of %s", args).contains(usage);
                    assertThat(r.err()).as("errors of %s", args).isEmpty();
                    // the help lists every subcommand, so that none is there without being shown
                    for (String sub : tree.get(path)) {
                        assertThat(r.out()).as("usage of %s lists %s", args, sub).containsPattern("(?m)^  " + sub + "\\s");
                    }
                })));
    }

    /** Every command path of picocli's model, with the names of the command's subcommands. */
    private static void collect(CommandLine command, List<String> path, Map<List<String>, List<String>> tree) {
        List<CommandLine> subs = command.getSubcommands().values().stream().distinct().toList();
        tree.put(List.copyOf(path), subs.stream().map(CommandLine::getCommandName).toList());
        for (CommandLine sub : subs) {
            List<String> next = new ArrayList<>(path);
            next.add(sub.getCommandName());
            collect(sub, next, tree);
        }
    }
}

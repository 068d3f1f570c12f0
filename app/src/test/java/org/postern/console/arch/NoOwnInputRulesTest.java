package org.postern.console.arch;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console checks names, addresses and patterns with the engine's {@code api.InputRules}, never
 * with a copy of its own (copies drift: the console once accepted a root dot the engine refused).
 * A console source that parses IP literals or carries a host-name regex is a copy; one that imports
 * an engine room's rule class directly bypasses the API a remote console relies on.
 */
class NoOwnInputRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/org/postern/console");
    /**
     * IP literal parsing, a DNS label character class, a dotted-quad regex, and reaching past the
     * gateway API into the engine rooms that hold the rules.
     */
    private static final List<Pattern> COPIES = List.of(
            Pattern.compile("InetAddress"),
            Pattern.compile("import org\\.postern\\.engine\\.(pki|policy|tls|dane|mail|trust|alerts)\\."),
            Pattern.compile("\\[a-z0-9"),
            Pattern.compile("\\[A-Za-z0-9-"),
            Pattern.compile("\\\\\\\\d\\{1,3\\}\\\\\\\\\\."));

    @Test
    void noConsoleClassCarriesItsOwnNameOrAddressRules() throws IOException {
        assertThat(SOURCES).isDirectory();
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<String> offenders = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
                String text = read(f);
                return COPIES.stream().filter(p -> p.matcher(text).find()).map(p -> SOURCES.relativize(f) + ": " + p);
            }).toList();
            assertThat(offenders).as("use org.postern.engine.api.InputRules instead").isEmpty();
        }
    }

    private static String read(Path f) {
        try {
            return Files.readString(f);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

package org.postern.console;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LauncherTest {

    @Test
    void noArgumentsOrConsoleStartTheConsole() {
        assertThat(Launcher.consoleArguments(new String[0])).isEmpty();
        assertThat(Launcher.consoleArguments(new String[] {"console"})).isEmpty();
        assertThat(Launcher.consoleArguments(new String[] {"console", "--data-dir", "/tmp/x"}))
                .containsExactly("--data-dir=/tmp/x");
        assertThat(Launcher.consoleArguments(new String[] {"--data-dir", "/tmp/x", "console"}))
                .containsExactly("--data-dir=/tmp/x");
    }

    @Test
    void anythingElseIsACommand() {
        assertThat(Launcher.consoleArguments(new String[] {"print"})).isNull();
        assertThat(Launcher.consoleArguments(new String[] {"--data-dir", "/tmp/x", "print"})).isNull();
        assertThat(Launcher.consoleArguments(new String[] {"certconfig", "create", "--name", "x"})).isNull();
        assertThat(Launcher.consoleArguments(new String[] {"console", "extra"})).isNull();
    }

    @Test
    void helpForTheConsoleIsTheCommandLinesNotTheConsole() {
        assertThat(Launcher.consoleArguments(new String[] {"console", "--help"})).isNull();
        assertThat(Launcher.consoleArguments(new String[] {"console", "-h"})).isNull();
        assertThat(Launcher.consoleArguments(new String[] {"--data-dir", "/tmp/x", "console", "--help"})).isNull();
        assertThat(Launcher.consoleArguments(new String[] {"--help"})).isNull();
    }
}

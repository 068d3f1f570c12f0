package org.postern.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The title and status bar say which engine is managed. */
class ManagedEngineTest {

    @Test
    void theTitleNamesTheEngine() {
        assertThat(ManagedEngine.embedded("/srv/postern").title())
                .isEqualTo("Postern console — embedded engine (/srv/postern)");
        ManagedEngine remote = ManagedEngine.remote("https://mx.example.test:8443", PinStoreTest.FP);
        assertThat(remote.title())
                .isEqualTo("Postern console — remote engine https://mx.example.test:8443 (SHA-256 AB:CD:EF:01…)");
        assertThat(remote.statusText()).isEqualTo("Engine: remote engine https://mx.example.test:8443 (SHA-256 AB:CD:EF:01…)");
        assertThat(remote.details()).contains(PinStoreTest.FP);
    }
}

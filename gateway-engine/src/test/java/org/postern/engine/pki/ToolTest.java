package org.postern.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test helper that runs external tools: its timeout fires even while the tool's output is open. */
class ToolTest {

    @TempDir
    Path dir;

    @Test
    void theTimeoutFiresWhileTheToolKeepsItsOutputOpen() {
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> Tool.run(dir, Duration.ofMillis(500), null, "sh", "-c", "echo started; sleep 30"))
                .isInstanceOf(AssertionError.class).hasMessageContaining("timed out after 500 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void outputAndInputStillWork() {
        Tool.Result r = Tool.run(dir, Duration.ofSeconds(10), "hello\n".getBytes(StandardCharsets.US_ASCII), "cat");
        assertThat(r.exit()).isZero();
        assertThat(r.output()).isEqualTo("hello\n");
    }
}

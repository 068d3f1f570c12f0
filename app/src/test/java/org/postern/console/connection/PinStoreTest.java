package org.postern.console.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.PosternException;

/** The per-user pins: kept across instances, owner-only, never replaced silently. */
class PinStoreTest {

    static final String FP = "AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89";
    static final String OTHER = FP.replace("AB:", "00:");

    @TempDir
    Path dir;

    @Test
    void pinsAreKeptOwnerOnlyAndSurviveANewStore() throws Exception {
        Path file = dir.resolve("config").resolve("postern").resolve(PinStore.FILE_NAME);
        PinStore pins = new PinStore(file);
        assertThat(pins.get("https://mx.example.test:8443")).isEmpty();
        pins.pin("https://mx.example.test:8443", FP.replace(":", "").toLowerCase());

        assertThat(new PinStore(file).get("https://mx.example.test:8443")).contains(FP);
        assertThat(new PinStore(file).get("https://mx.example.test:9443")).isEmpty();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent()))).isEqualTo("rwx------");
        assertThat(Files.list(file.getParent())).containsExactly(file); // no temporary file left
    }

    @Test
    void aDifferentPinIsNotStoredOverTheOldOne() {
        PinStore pins = new PinStore(dir.resolve(PinStore.FILE_NAME));
        pins.pin("https://mx.example.test:8443", FP);
        pins.pin("https://mx.example.test:8443", FP); // the same again: fine
        assertThatThrownBy(() -> pins.pin("https://mx.example.test:8443", OTHER))
                .hasMessageContaining("already pinned to " + FP);
        assertThat(pins.get("https://mx.example.test:8443")).contains(FP);

        assertThat(pins.forget("https://mx.example.test:8443")).isTrue();
        assertThat(pins.forget("https://mx.example.test:8443")).isFalse();
        pins.pin("https://mx.example.test:8443", OTHER);
        assertThat(pins.get("https://mx.example.test:8443")).contains(OTHER);
    }

    @Test
    void somethingElseThanAFingerprintIsRefused() {
        PinStore pins = new PinStore(dir.resolve(PinStore.FILE_NAME));
        assertThatThrownBy(() -> pins.pin("https://mx.example.test:8443", "AB:CD"))
                .isInstanceOf(PosternException.class).hasMessageContaining("is not a SHA-256 fingerprint");
        assertThat(Files.exists(pins.file())).isFalse();
    }
}

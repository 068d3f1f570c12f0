package org.postern.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.EngineApi.Activity;
import org.postern.engine.api.EngineApi.EngineState;
import org.postern.engine.testsupport.LockProbe;

/** {@code EngineApi.state()}: whether an engine runs on the data directory, since when, in which process. */
class EngineStateTest {

    @TempDir
    Path dir;

    @Test
    void aGatewaySeesItsOwnEngineAndOneThatAnotherGatewayRuns() throws Exception {
        long pid = ProcessHandle.current().pid();
        try (EmbeddedGateway engine = EmbeddedGateway.open(dir); EmbeddedGateway other = EmbeddedGateway.open(dir)) {
            engine.listeners().list().forEach(l -> engine.listeners().delete(l.name()));
            assertThat(engine.engine().state()).isEqualTo(new EngineState(Activity.STOPPED, null, 0));
            assertThat(other.engine().state()).isEqualTo(new EngineState(Activity.STOPPED, null, 0));

            Instant before = Instant.now();
            engine.engine().start();
            EngineState running = engine.engine().state();
            assertThat(running.activity()).isEqualTo(Activity.RUNNING);
            assertThat(running.processId()).isEqualTo(pid);
            assertThat(running.since()).isBetween(before, Instant.now());
            // the other gateway does not run it, but sees that it runs, since when and where (the lock file's record)
            assertThat(other.engine().state()).isEqualTo(new EngineState(Activity.RUNNING_ELSEWHERE, running.since(), pid));
            assertThat(other.engine().running()).isFalse();
            // and looking did not cost the engine its lock: closing a channel of the lock file in this process would
            assertThat(LockProbe.heldForOtherProcesses(dir.resolve("engine.lock"))).isTrue();

            engine.engine().stop();
            assertThat(engine.engine().state()).isEqualTo(new EngineState(Activity.STOPPED, null, 0));
            assertThat(other.engine().state()).isEqualTo(new EngineState(Activity.STOPPED, null, 0));
        }
    }

    @Test
    void aHeldLockWithoutTheHoldersRecordIsRunningElsewhereWithoutSinceOrPid() throws Exception {
        // a lock taken as an engine takes it, before it wrote its record
        try (FileChannel ch = FileChannel.open(dir.resolve("engine.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = ch.tryLock();
             EmbeddedGateway gateway = EmbeddedGateway.open(dir)) {
            assertThat(held).isNotNull();
            assertThat(gateway.engine().state()).isEqualTo(new EngineState(Activity.RUNNING_ELSEWHERE, null, 0));
        }
    }

    @Test
    void aStateProbeAtTheMomentAnEngineStartsDoesNotMakeTheStartFail() throws Exception {
        Files.createFile(dir.resolve("engine.lock"));
        try (EmbeddedGateway gateway = EmbeddedGateway.open(dir)) {
            gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
            CompletableFuture<Void> started;
            // what state() of another gateway holds for an instant: a shared lock on the lock file
            try (FileChannel probe = FileChannel.open(dir.resolve("engine.lock"), StandardOpenOption.READ);
                 FileLock shared = probe.tryLock(0, Long.MAX_VALUE, true)) {
                assertThat(shared).isNotNull();
                started = CompletableFuture.runAsync(() -> gateway.engine().start());
                Thread.sleep(150);
            }
            started.get(10, TimeUnit.SECONDS);
            assertThat(gateway.engine().state().activity()).isEqualTo(Activity.RUNNING);
        }
    }
}

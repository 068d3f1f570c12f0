package org.postern.console.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.console.testsupport.Smtp;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.EngineApi.ListenerStatus;
import org.postern.engine.api.ListenerSpec;

/** The engine state (start, stop, listener status, refusals) against the real embedded engine. */
class EngineViewModelTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private EngineViewModel vm;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        Smtp.moveListenersToFreePorts(gateway);
        vm = new EngineViewModel(gateway.engine(), new CurrentThreadTaskExecutor(), dialogs);
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void aRemoteEngineIsStoppedOnlyAfterConfirmation() {
        vm.setRemote(true);
        vm.start(true);
        dialogs.confirmAnswer = false;
        vm.stop();
        assertThat(dialogs.questions).singleElement().asString().contains("over HTTPS");
        assertThat(gateway.engine().running()).isTrue();
        dialogs.confirmAnswer = true;
        vm.stop();
        assertThat(gateway.engine().running()).isFalse();
    }

    @Test
    void theEmbeddedEngineIsStoppedOnlyAfterConfirmation() {
        vm.start(true);
        dialogs.confirmAnswer = false;
        vm.stop();
        assertThat(dialogs.questions).singleElement().asString().isEqualTo("Stop the engine embedded in this console?");
        assertThat(gateway.engine().running()).isTrue();
        assertThat(vm.stopConsequences()).contains("stop accepting mail").doesNotContain("HTTPS");
        dialogs.confirmAnswer = true;
        vm.stop();
        assertThat(gateway.engine().running()).isFalse();
    }

    @Test
    void stoppedAtFirstThenStartAndStop() {
        vm.refresh();
        assertThat(vm.knownProperty().get()).isTrue();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.summaryProperty().get()).isEqualTo("Engine stopped · 2 listeners configured");
        assertThat(vm.styleProperty().get()).isEqualTo("warning");

        vm.start(true);
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(vm.busyProperty().get()).isFalse();
        assertThat(vm.statuses()).hasSize(2).allMatch(ListenerStatus::listening);
        assertThat(vm.summaryProperty().get()).isEqualTo("Engine running · 2 of 2 listeners listening");
        assertThat(vm.styleProperty().get()).isEqualTo("success");
        int port = vm.status("IncomingMail").port();
        assertThat(Smtp.session(port, "QUIT").getFirst()).startsWith("220 ");
        assertThat(vm.detailProperty().get()).contains("IncomingMail (127.0.0.1 port " + port + "): listening");

        vm.stop();
        assertThat(vm.runningProperty().get()).isFalse();
        assertThat(vm.statuses()).noneMatch(ListenerStatus::listening);
        assertThat(vm.summaryProperty().get()).startsWith("Engine stopped");
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void aSecondEngineOnTheSameDataDirectoryIsRefusedClearly() {
        try (EmbeddedGateway other = EmbeddedGateway.open(dir.resolve("data"))) {
            other.engine().start();
            vm.start(false);
            assertThat(vm.runningProperty().get()).isFalse();
            assertThat(vm.startProblemProperty().get())
                    .isEqualTo("another Postern engine is already running on this data directory");
            assertThat(vm.summaryProperty().get())
                    .isEqualTo("Engine not running: another Postern engine is already running on this data directory");
            assertThat(vm.styleProperty().get()).isEqualTo("danger");
            assertThat(dialogs.errors).as("at launch only the status bar says so").isEmpty();

            vm.start(true);
            assertThat(dialogs.errors).containsExactly("another Postern engine is already running on this data directory");
        }
        vm.start(true);
        assertThat(vm.runningProperty().get()).isTrue();
        assertThat(vm.startProblemProperty().get()).isNull();
    }

    @Test
    void aPortInUseIsShownPerListenerAndTheOthersRun() throws Exception {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress("127.0.0.1", 0));
            ListenerSpec s = gateway.listeners().get("OutgoingMail");
            gateway.listeners().update(s.name(), new ListenerSpec(s.name(), s.kind(), s.address(), taken.getLocalPort(),
                    s.defaultDomain(), s.acceptedDomains(), s.maxConnections(), s.acceptQueue(), s.certificate(),
                    s.senderGroups(), s.policies(), s.defaultPolicy()));
            vm.start(true);
            assertThat(vm.runningProperty().get()).isTrue();
            assertThat(vm.status("IncomingMail").listening()).isTrue();
            ListenerStatus out = vm.status("OutgoingMail");
            assertThat(out.listening()).isFalse();
            assertThat(out.problem()).startsWith("cannot listen on 127.0.0.1 port " + taken.getLocalPort() + ":");
            assertThat(vm.summaryProperty().get()).startsWith("Engine running · 1 of 2 listeners listening · OutgoingMail: cannot listen on");
            assertThat(vm.styleProperty().get()).isEqualTo("danger");
            assertThat(vm.detailProperty().get()).contains(out.problem());
        }
    }

    @Test
    void summaryCountsConnections() {
        var s = new EngineViewModel.Snapshot(true, java.util.List.of(
                new ListenerStatus("A", "127.0.0.1", 25, true, 1, null, java.util.List.of()),
                new ListenerStatus("B", "127.0.0.1", 26, true, 2, null, java.util.List.of())));
        assertThat(EngineViewModel.summaryText(s, null)).isEqualTo("Engine running · 2 of 2 listeners listening · 3 connections");
    }
}

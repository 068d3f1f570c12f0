package org.postern.console.maillog;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.console.testsupport.Smtp;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.TlsOutcome;

/** The live mail log's buffering, batching, filters, pause and export against the real engine. */
class MailLogViewModelTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private MailLogViewModel vm;
    private int port;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        Smtp.moveListenersToFreePorts(gateway);
        gateway.engine().start();
        port = gateway.engine().status().getFirst().port();
        gateway.flushLog();
        vm = new MailLogViewModel(gateway.mailLog(), new CurrentThreadTaskExecutor(), dialogs);
        vm.start();
    }

    @AfterEach
    void close() {
        vm.close();
        gateway.close();
    }

    private static MailEvent event(long id, MailEvent.Type type, TlsOutcome tls, String text) {
        return MailEvent.of(type, text).tls(tls).remote("192.0.2.1").build(id, Instant.now());
    }

    /** Waits until the engine's subscription thread has handed over at least {@code n} events. */
    private void awaitBuffered(int n) throws InterruptedException {
        gateway.flushLog();
        long deadline = System.currentTimeMillis() + 10_000;
        while (vm.buffer().size() < n && System.currentTimeMillis() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void initialFillThenLiveEventsArriveInOneBatch() throws Exception {
        assertThat(vm.liveProperty().get()).isTrue();
        int initial = vm.events().size();
        assertThat(initial).as("the listeners' start was logged").isPositive();
        assertThat(vm.events()).anyMatch(e -> e.text().contains("listening on"));

        long batches = vm.batchesProperty().get();
        Smtp.session(port, "EHLO x", "QUIT");
        Smtp.session(port, "EHLO y", "QUIT");
        awaitBuffered(4);
        assertThat(vm.events()).as("nothing shown before the drain").hasSize(initial);
        vm.drain();
        assertThat(vm.batchesProperty().get()).as("every event of the drain in one batch").isEqualTo(batches + 1);
        assertThat(vm.events().size()).isGreaterThanOrEqualTo(initial + 4);
        assertThat(vm.events().getFirst().type()).as("newest first").isEqualTo(MailEvent.Type.DISCONNECTED);
        assertThat(vm.events()).filteredOn(e -> e.type() == MailEvent.Type.CONNECTED).hasSize(2)
                .allMatch(e -> "127.0.0.1".equals(e.remote()) && e.tls() == TlsOutcome.NONE);
        assertThat(vm.coverageProperty().get().connectionsText())
                .isEqualTo("2 inbound connections · 0% with TLS (none 2)");
        vm.drain();
        assertThat(vm.batchesProperty().get()).as("an empty drain hands nothing over").isEqualTo(batches + 1);
    }

    @Test
    void eventsAlreadyInTheInitialFillAreNotShownTwice() {
        long newest = vm.events().getFirst().id();
        int size = vm.events().size();
        vm.buffer().add(List.of(vm.events().getFirst(), event(newest + 1, MailEvent.Type.WARNING, null, "later")));
        vm.drain();
        assertThat(vm.events()).hasSize(size + 1);
        assertThat(vm.events().getFirst().text()).isEqualTo("later");
    }

    @Test
    void filtersByTypeTlsAndWords() {
        long base = vm.events().getFirst().id();
        vm.buffer().add(List.of(
                MailEvent.of(MailEvent.Type.MESSAGE_ACCEPTED, "accepted").sender("alice@example.org")
                        .recipient("bob@example.com").messageId("M1").tls(TlsOutcome.OPPORTUNISTIC).build(base + 1, Instant.now()),
                MailEvent.of(MailEvent.Type.DELIVERED, "delivered to mx.example.net").domain("example.net")
                        .messageId("M2").tls(TlsOutcome.DANE).build(base + 2, Instant.now()),
                event(base + 3, MailEvent.Type.TLS_FAILED, TlsOutcome.NONE, "TLS handshake failed")));
        vm.drain();
        int all = vm.events().size();
        vm.typeFilterProperty().set(MailEvent.Type.DELIVERED);
        assertThat(vm.visibleEvents()).extracting(MailEvent::messageId).containsExactly("M2");
        vm.typeFilterProperty().set(null);
        vm.tlsFilterProperty().set(TlsOutcome.OPPORTUNISTIC);
        assertThat(vm.visibleEvents()).extracting(MailEvent::messageId).containsExactly("M1");
        vm.tlsFilterProperty().set(null);
        vm.searchProperty().set("ALICE bob@");
        assertThat(vm.visibleEvents()).extracting(MailEvent::messageId).containsExactly("M1");
        vm.searchProperty().set("example.net");
        assertThat(vm.visibleEvents()).extracting(MailEvent::messageId).containsExactly("M2");
        vm.searchProperty().set("m2");
        assertThat(vm.visibleEvents()).hasSize(1);
        vm.searchProperty().set("");
        assertThat(vm.visibleEvents()).hasSize(all);
        assertThat(vm.coverageProperty().get().deliveriesText())
                .isEqualTo("1 delivery attempt · 100% with TLS (DANE-authenticated 1)");
        assertThat(MailLogViewModel.styleOf(vm.events().get(0))).isEqualTo("danger");
        assertThat(MailLogViewModel.styleOf(vm.events().get(1))).isEqualTo("success");
    }

    @Test
    void pauseHoldsEventsBackAndResumeShowsThem() throws Exception {
        int size = vm.events().size();
        vm.pausedProperty().set(true);
        Smtp.session(port, "QUIT");
        awaitBuffered(2);
        vm.drain();
        assertThat(vm.events()).hasSize(size);
        assertThat(vm.waitingProperty().get()).isGreaterThanOrEqualTo(2);
        vm.pausedProperty().set(false);
        assertThat(vm.events().size()).isGreaterThanOrEqualTo(size + 2);
        assertThat(vm.waitingProperty().get()).isZero();
    }

    @Test
    void theListAndTheBufferStayBounded() {
        MailLogViewModel small = new MailLogViewModel(gateway.mailLog(), new CurrentThreadTaskExecutor(), dialogs, 5);
        small.start();
        assertThat(small.events()).hasSizeLessThanOrEqualTo(5);
        long base = small.events().isEmpty() ? 0 : small.events().getFirst().id();
        List<MailEvent> many = new ArrayList<>();
        for (int i = 1; i <= 12; i++) {
            many.add(event(base + i, MailEvent.Type.WARNING, null, "n" + i));
        }
        small.buffer().add(many);
        assertThat(small.buffer().size()).isEqualTo(5);
        assertThat(small.buffer().dropped()).isEqualTo(7);
        small.drain();
        assertThat(small.events()).extracting(MailEvent::text).containsExactly("n12", "n11", "n10", "n9", "n8");
        small.close();

        EventBuffer buffer = new EventBuffer(3);
        buffer.add(List.of(event(1, MailEvent.Type.WARNING, null, "a"), event(2, MailEvent.Type.WARNING, null, "b")));
        buffer.add(List.of(event(3, MailEvent.Type.WARNING, null, "c"), event(4, MailEvent.Type.WARNING, null, "d")));
        assertThat(buffer.drain()).extracting(MailEvent::text).containsExactly("b", "c", "d");
        assertThat(buffer.size()).isZero();
    }

    @Test
    void exportsTheVisibleRowsAsCsv() throws Exception {
        long base = vm.events().getFirst().id();
        vm.buffer().add(List.of(MailEvent.of(MailEvent.Type.MESSAGE_REJECTED, "rejected: \"quoted\", with comma")
                .sender("eve@example.org").build(base + 1, Instant.parse("2026-01-02T03:04:05Z"))));
        vm.drain();
        vm.searchProperty().set("eve@");
        Path out = dir.resolve("log.csv");
        boolean[] saved = {false};
        vm.export(out, () -> saved[0] = true);
        assertThat(saved[0]).isTrue();
        List<String> lines = Files.readAllLines(out, StandardCharsets.UTF_8);
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).isEqualTo(MailLogViewModel.CSV_HEADER);
        assertThat(lines.get(1)).isEqualTo("2026-01-02T03:04:05Z,MESSAGE_REJECTED,,,,,eve@example.org,,,,,,,,"
                + "\"rejected: \"\"quoted\"\", with comma\"");
    }
}

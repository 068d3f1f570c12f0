package org.postern.console.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.engine.EmbeddedGateway;

/** Monitor › Queue's view model against the real engine (not started: nothing is delivered). */
class QueueViewModelTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private QueueViewModel vm;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        vm = new QueueViewModel(gateway.queue(), new CurrentThreadTaskExecutor(), dialogs);
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void listShowFlushAndDelete() {
        String id = gateway.queue().inject("a@example.org", List.of("b@example.net"),
                "Subject: queued\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
        vm.refresh();
        assertThat(vm.messages()).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(id);
            assertThat(m.recipients()).containsExactly("b@example.net");
        });
        String[] text = {null};
        vm.content(vm.messages().getFirst(), t -> text[0] = t);
        assertThat(text[0]).contains("Subject: queued").contains("hello");
        int[] flushed = {-1};
        vm.flush(n -> flushed[0] = n);
        assertThat(flushed[0]).isEqualTo(1);

        dialogs.confirmAnswer = false;
        vm.delete(vm.messages().getFirst());
        assertThat(gateway.queue().list()).hasSize(1);
        dialogs.confirmAnswer = true;
        vm.delete(vm.messages().getFirst());
        assertThat(gateway.queue().list()).isEmpty();
        assertThat(vm.messages()).isEmpty();
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void quarantinedFilesAndIndexHealthAreShown() throws Exception {
        vm.refresh();
        assertThat(vm.quarantined()).isEmpty();
        assertThat(vm.healthProperty().get()).isEmpty();
        gateway.close();
        java.nio.file.Files.writeString(dir.resolve("data/queue/messages/0000000000000000002"), "garbage\n");
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        gateway.listeners().list().forEach(l -> gateway.listeners().delete(l.name()));
        gateway.engine().start(); // recovery moves the file aside
        vm = new QueueViewModel(gateway.queue(), new CurrentThreadTaskExecutor(), dialogs);
        vm.refresh();
        assertThat(vm.quarantined()).singleElement().satisfies(f -> {
            assertThat(f.name()).isEqualTo("0000000000000000002");
            assertThat(f.reason()).contains("has no envelope");
        });
        assertThat(QueueViewModel.healthText(new org.postern.engine.api.QueueHealth(false, 3,
                java.time.Instant.parse("2026-01-02T03:04:05Z"), "database is locked")))
                .contains("database is locked", "3 accepted message(s) are stored but wait for delivery");
        assertThat(dialogs.errors).isEmpty();
    }
}

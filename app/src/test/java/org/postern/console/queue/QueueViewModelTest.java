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
}

package org.postern.console.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.alerts.AlertService;
import org.postern.engine.api.AlertApi.AlertRecipient;
import org.postern.engine.api.AlertApi.AlertType;
import org.postern.engine.api.AlertApi.Severity;
import org.postern.engine.api.PosternException;

/** The Alerts page's view model against the real embedded engine (ALR-1). */
class AlertsViewModelTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private AlertsViewModel vm;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        vm = new AlertsViewModel(gateway.alerts(), gateway.mailLog(), new CurrentThreadTaskExecutor(), dialogs);
        vm.refresh();
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    /** The address field shows the engine's refusal of the same recipient, word for word, or nothing. */
    @Test
    void addressProblemsAreTheEnginesRefusals() {
        for (String address : List.of("postmaster@example.com", "postmaster", "a b@example.com", "postmaster@localhost",
                "postmaster@exa_mple.com", "postmaster@*.example.com", "postmaster@[192.0.2.1]",
                "x".repeat(65) + "@example.com")) {
            vm.addressProperty().set(address);
            String engine;
            try {
                gateway.alerts().add(new AlertRecipient(address, AlertType.SECURITY, Severity.CRITICAL));
                engine = null;
            } catch (PosternException e) {
                engine = e.getMessage();
            }
            assertThat(vm.addressProblem()).as(address).isEqualTo(engine);
        }
        vm.addressProperty().set("postmaster@example.com.");
        assertThat(vm.addressProblem()).as("a root dot the console's own rule used to accept")
                .isEqualTo("alert recipient 'postmaster@example.com.': malformed domain");
    }

    @Test
    void recipientsAreCheckedAddedAndRemoved() {
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(vm.recipients()).isEmpty();
        assertThat(vm.addressProblem()).startsWith("Enter the address");
        for (String bad : new String[] {"postmaster", "@example.com", "a b@example.com", "<a@example.com>",
                "postmaster@localhost", "postmaster@exa_mple.com"}) {
            vm.addressProperty().set(bad);
            assertThat(vm.addressProblem()).as(bad).isNotNull();
        }
        vm.addressProperty().set("postmaster@example.com");
        assertThat(vm.typeProperty().get()).isEqualTo(AlertType.SYSTEM);
        assertThat(vm.severityProperty().get()).isEqualTo(Severity.WARNING);
        assertThat(vm.addressProblem()).isNull();
        vm.add();
        AlertRecipient added = new AlertRecipient("postmaster@example.com", AlertType.SYSTEM, Severity.WARNING);
        assertThat(gateway.alerts().recipients()).containsExactly(added);
        assertThat(vm.recipients()).containsExactly(added);
        assertThat(vm.selectedProperty().get()).isEqualTo(added);
        assertThat(vm.addressProperty().get()).isEmpty();

        vm.addressProperty().set("postmaster@example.com");
        assertThat(vm.addressProblem()).isEqualTo("postmaster@example.com already receives System / Warning alerts");
        vm.typeProperty().set(AlertType.SECURITY);
        vm.severityProperty().set(Severity.CRITICAL);
        assertThat(vm.addressProblem()).isNull();
        vm.add();
        assertThat(gateway.alerts().recipients()).hasSize(2);

        dialogs.confirmAnswer = false;
        vm.remove(added);
        assertThat(gateway.alerts().recipients()).hasSize(2);
        dialogs.confirmAnswer = true;
        vm.remove(added);
        assertThat(gateway.alerts().recipients()).extracting(AlertRecipient::type).containsExactly(AlertType.SECURITY);
        assertThat(vm.recipients()).hasSize(1);
        assertThat(dialogs.errors).isEmpty();
    }

    @Test
    void recentAlertsComeFromTheMailLog() {
        // an alert as the delivery engine raises it when required TLS fails (DLV-7); nobody subscribed yet
        ((AlertService) gateway.alerts()).send(AlertType.SYSTEM, Severity.WARNING, "required-tls:example.com",
                "required TLS to example.com failed", "details");
        gateway.flushLog();
        vm.refresh();
        assertThat(vm.recent()).hasSize(1);
        AlertsViewModel.RecentAlert alert = vm.recent().getFirst();
        assertThat(alert.type()).isEqualTo("System");
        assertThat(alert.severity()).isEqualTo("Warning");
        assertThat(alert.text()).startsWith("required TLS to example.com failed").contains("no alert recipients");
        assertThat(alert.time()).isNotNull();
    }
}

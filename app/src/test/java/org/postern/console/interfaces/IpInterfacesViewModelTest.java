package org.postern.console.interfaces;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.common.Operation;
import org.postern.console.listeners.CertificateChoice;
import org.postern.console.testsupport.HttpsEngine;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.console.testsupport.TestCa;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.AdminApi.HttpsSettings;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;

/** Network › IP Interfaces against the real engine: its validation, warnings, live apply and the administrator. */
class IpInterfacesViewModelTest {

    @TempDir
    Path dir;
    EmbeddedGateway engine;
    RecordingDialogService dialogs = new RecordingDialogService();
    IpInterfacesViewModel vm;

    @BeforeEach
    void open() {
        engine = EmbeddedGateway.open(dir.resolve("data"));
        engine.listeners().list().forEach(l -> engine.listeners().delete(l.name()));
        engine.certificates().createSelfSigned(NewCertificateRequest.simple("admin.example.test", KeyType.EC_P256));
        engine.engine().start();
        vm = new IpInterfacesViewModel(engine.admin(), engine.certificates(), new CurrentThreadTaskExecutor(), dialogs);
        vm.refresh();
    }

    @AfterEach
    void close() {
        engine.close();
    }

    @Test
    void theDefaultsAreShownAndTheDemoCertificateWarnsOnceEnabled() {
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(vm.selection()).isEqualTo(HttpsSettings.defaults());
        assertThat(vm.certificates()).extracting(CertificateChoice::name).containsExactly(null, "admin.example.test");
        assertThat(IpInterfacesViewModel.statusText(vm.statusProperty().get())).startsWith("Not listening");
        assertThat(vm.warnings()).isEmpty();
        assertThat(vm.changedProperty().get()).isFalse();
        assertThat(vm.initialPasswordPendingProperty().get()).isTrue();

        vm.enabledProperty().set(true);
        assertThat(vm.changedProperty().get()).isTrue();
        assertThat(vm.warnings()).singleElement().asString().contains("demo certificate");
        vm.certificateProperty().set(vm.certificates().get(1));
        assertThat(vm.warnings()).isEmpty();
    }

    @Test
    void applyServesAtOnceAndShowsTheFingerprintToCompare() throws Exception {
        int port = HttpsEngine.freePort("127.0.15.3");
        vm.enabledProperty().set(true);
        vm.addressProperty().set("127.0.15.3");
        vm.portProperty().set(port);
        vm.certificateProperty().set(vm.certificates().get(1));
        vm.apply();
        assertThat(vm.applying().getError()).isNull();
        assertThat(engine.admin().https()).isEqualTo(new HttpsSettings(true, "127.0.15.3", port, "admin.example.test"));
        assertThat(vm.statusProperty().get().listening()).isTrue();
        assertThat(IpInterfacesViewModel.statusText(vm.statusProperty().get()))
                .isEqualTo("Listening on https://127.0.15.3:" + port + " with the certificate admin.example.test");
        assertThat(vm.statusProperty().get().sha256Fingerprint())
                .isEqualTo(org.postern.engine.admin.ServerIdentity.fetch(java.net.URI.create("https://127.0.15.3:" + port))
                        .sha256Fingerprint());
        assertThat(vm.changedProperty().get()).isFalse();
    }

    @Test
    void aRefusedSettingIsShownAndChangesNothing() {
        vm.enabledProperty().set(true);
        vm.addressProperty().set("mail.example.test");
        vm.apply();
        assertThat(vm.applying().getState()).isEqualTo(Operation.State.FAILED);
        assertThat(vm.applying().getError()).contains("'mail.example.test' is not an IP address");
        assertThat(engine.admin().https()).isEqualTo(HttpsSettings.defaults());
    }

    @Test
    void thePasswordIsTypedTwiceAndTheEngineChecksIt() {
        vm.changePassword("a long password 1", "a long password 2");
        assertThat(vm.passwordChange().getError()).isEqualTo("the two passwords differ; type the same password twice");
        vm.changePassword("short", "short");
        assertThat(vm.passwordChange().getError()).contains("at least 12 characters");
        assertThat(vm.initialPasswordPendingProperty().get()).isTrue();

        vm.changePassword("correct horse battery staple", "correct horse battery staple");
        assertThat(vm.passwordChange().getState()).isEqualTo(Operation.State.SUCCEEDED);
        assertThat(vm.initialPasswordPendingProperty().get()).isFalse();
        assertThat(engine.admin().initialPasswordPending()).isFalse();
    }

    @Test
    void clientCertificatesAreAddedFromAFileAndRemovedAfterConfirmation() throws Exception {
        Path pem = dir.resolve("client.pem");
        Files.writeString(pem, new TestCa("operator").certificatePem());
        vm.addClientCertificate(pem);
        assertThat(vm.clientChange().getError()).isNull();
        assertThat(vm.clientCertificates()).singleElement().satisfies(c -> assertThat(c.subject()).contains("operator"));

        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "no certificate here");
        vm.addClientCertificate(junk);
        assertThat(vm.clientChange().getError()).isNotBlank();
        assertThat(vm.clientCertificates()).hasSize(1);

        dialogs.confirmAnswer = false;
        vm.removeClientCertificate(vm.clientCertificates().getFirst());
        assertThat(engine.admin().clientCertificates()).hasSize(1);
        dialogs.confirmAnswer = true;
        vm.removeClientCertificate(vm.clientCertificates().getFirst());
        assertThat(vm.clientCertificates()).isEmpty();
        assertThat(engine.admin().clientCertificates()).isEmpty();
    }
}

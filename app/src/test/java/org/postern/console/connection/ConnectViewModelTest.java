package org.postern.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.connection.ConnectViewModel.Step;
import org.postern.console.testsupport.HttpsEngine;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;

/** File › Connect… against a real engine serving HTTPS administration: trust on first use, then the pin. */
class ConnectViewModelTest {

    @TempDir
    Path dir;
    HttpsEngine remote;
    PinStore pins;
    RecordingDialogService dialogs = new RecordingDialogService();
    ConnectViewModel vm;

    @BeforeEach
    void start() throws Exception {
        remote = new HttpsEngine(dir.resolve("engine"), "127.0.15.2");
        pins = new PinStore(dir.resolve("config").resolve(PinStore.FILE_NAME));
        vm = newDialog();
    }

    ConnectViewModel newDialog() throws Exception {
        ConnectViewModel m = new ConnectViewModel(pins, new CurrentThreadTaskExecutor(), dialogs);
        m.addressProperty().set(remote.address.toString());
        m.passwordProperty().set(remote.initialPassword());
        return m;
    }

    @AfterEach
    void stop() {
        if (vm.connectionProperty().get() != null) {
            vm.connectionProperty().get().gateway().close();
        }
        remote.close();
    }

    String address() {
        return remote.address.toString();
    }

    @Test
    void onFirstUseTheCertificateIsShownAndPinnedOnlyOnceConfirmedAndLoggedIn() {
        vm.proceed();
        assertThat(vm.stepProperty().get()).isEqualTo(Step.CONFIRM);
        assertThat(vm.identityProperty().get().sha256Fingerprint()).isEqualTo(remote.fingerprint());
        assertThat(vm.identityProperty().get().subject()).isNotBlank();
        assertThat(pins.get(address())).as("nothing pinned before the administrator confirms").isEmpty();
        assertThat(vm.connectionProperty().get()).isNull();

        vm.proceed(); // "Trust and connect"
        assertThat(vm.errorProperty().get()).isNull();
        assertThat(vm.stepProperty().get()).isEqualTo(Step.CONNECTED);
        assertThat(pins.get(address())).contains(remote.fingerprint());
        Connection c = vm.connectionProperty().get();
        assertThat(c.engine()).isEqualTo(ManagedEngine.remote(address(), remote.fingerprint()));
        assertThat(vm.passwordProperty().get()).as("the password is not kept").isEmpty();
        // the connection is the remote engine itself
        remote.engine.certificates().createSelfSigned(NewCertificateRequest.simple("seen.example.test", KeyType.EC_P256));
        assertThat(c.gateway().certificates().list()).anyMatch(s -> s.name().equals("seen.example.test"));
    }

    @Test
    void aPinnedEngineIsLoggedInToWithoutAskingAgain() throws Exception {
        pins.pin(address(), remote.fingerprint());
        vm.addressProperty().set(address().replace("https://", "HTTPS://") + "/");
        vm.proceed();
        assertThat(vm.stepProperty().get()).isEqualTo(Step.CONNECTED);
        assertThat(vm.identityProperty().get()).as("no confirmation asked").isNull();
        assertThat(vm.connectionProperty().get().gateway().engine().running()).isTrue();
    }

    @Test
    void aChangedCertificateIsRefusedWithBothFingerprintsAndNeverRepinnedSilently() throws Exception {
        String old = PinStoreTest.FP;
        pins.pin(address(), old);
        vm.proceed();
        assertThat(vm.stepProperty().get()).isEqualTo(Step.FAILED);
        assertThat(vm.connectionProperty().get()).isNull();
        assertThat(vm.errorProperty().get()).contains("not the pinned " + old).contains(remote.fingerprint());
        assertThat(vm.pinRefusedProperty().get()).isTrue();
        assertThat(dialogs.errors).singleElement().asString().contains("not the pinned " + old);
        assertThat(pins.get(address())).contains(old);

        // trying again changes nothing
        vm.proceed();
        assertThat(vm.stepProperty().get()).isEqualTo(Step.FAILED);
        assertThat(pins.get(address())).contains(old);

        // only the explicit action forgets it; then the new certificate is shown for checking like a first use
        dialogs.confirmAnswer = false;
        assertThat(vm.forgetPin()).isFalse();
        assertThat(pins.get(address())).contains(old);
        dialogs.confirmAnswer = true;
        assertThat(vm.forgetPin()).isTrue();
        assertThat(pins.get(address())).isEmpty();
        vm.proceed();
        assertThat(vm.stepProperty().get()).isEqualTo(Step.CONFIRM);
        assertThat(vm.identityProperty().get().sha256Fingerprint()).isEqualTo(remote.fingerprint());
    }

    @Test
    void aWrongPasswordPinsNothing() {
        vm.passwordProperty().set("not the password");
        vm.proceed();
        vm.proceed();
        assertThat(vm.stepProperty().get()).isEqualTo(Step.FAILED);
        assertThat(vm.errorProperty().get()).isEqualTo("wrong user name or password");
        assertThat(vm.pinRefusedProperty().get()).isFalse();
        assertThat(dialogs.errors).isEmpty();
        assertThat(pins.get(address())).isEmpty();
    }

    @Test
    void addressesAreCheckedBeforeAnythingIsContacted() {
        vm.addressProperty().set("http://127.0.15.2:8443");
        vm.proceed();
        assertThat(vm.stepProperty().get()).isEqualTo(Step.FAILED);
        assertThat(vm.errorProperty().get()).isEqualTo("'http://127.0.15.2:8443' is not an engine address; give https://HOST[:PORT]");
        vm.addressProperty().set("mx.example.test");
        assertThat(vm.stepProperty().get()).as("editing starts again").isEqualTo(Step.ENTER);
        assertThat(vm.canonicalAddress()).isEqualTo("https://mx.example.test:8443");
        vm.addressProperty().set("https://bad host/");
        vm.proceed();
        assertThat(vm.errorProperty().get()).contains("is not an engine address");
    }
}

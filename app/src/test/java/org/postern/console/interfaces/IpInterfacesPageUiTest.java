package org.postern.console.interfaces;

import static org.assertj.core.api.Assertions.assertThat;

import javafx.scene.control.CheckBox;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.console.testsupport.HttpsEngine;
import org.postern.engine.api.AdminApi.HttpsSettings;

/** Network › IP Interfaces through the real screens: the demo warning, a refusal, apply and the fingerprint to compare. */
class IpInterfacesPageUiTest extends ConsoleUiTest {

    @Test
    void httpsIsSwitchedOnWithTheDemoWarningAndItsFingerprintCanBeCopied() throws Exception {
        engine.listeners().list().forEach(l -> engine.listeners().delete(l.name()));
        engine.engine().start();
        open(Page.IP_INTERFACES);
        waitFor(() -> window.ipInterfacesView().viewModel().loadedProperty().get());
        assertThat(text("#httpsStatus")).startsWith("Not listening");
        assertThat(lookup("#httpsApply").query().isDisabled()).isTrue();

        clickOn(lookup("#httpsEnabled").queryAs(CheckBox.class));
        waitFor(() -> lookup("#httpsWarnings .label").tryQuery().isPresent());
        assertThat(text("#httpsWarnings .label")).contains("demo certificate");

        type("#httpsAddress", "mail.example.test");
        clickOn("#httpsApply");
        waitFor(() -> visible("#httpsError"));
        assertThat(text("#httpsError")).contains("'mail.example.test' is not an IP address");
        assertThat(engine.admin().https()).isEqualTo(HttpsSettings.defaults());

        int port = HttpsEngine.freePort("127.0.15.5");
        type("#httpsAddress", "127.0.15.5");
        type("#httpsPort", Integer.toString(port));
        clickOn("#httpsApply");
        waitFor(() -> text("#httpsStatus").startsWith("Listening"));
        assertThat(text("#httpsStatus")).isEqualTo("Listening on https://127.0.15.5:" + port + " with the demo certificate");
        assertThat(visible("#httpsError")).isFalse();
        assertThat(text("#httpsFingerprint")).isEqualTo(engine.admin().httpsStatus().sha256Fingerprint()).hasSize(95);
        assertThat(visible("#initialPasswordPending")).isTrue();
        shot("remote-ip-interfaces-embedded");
        clickOn("#httpsFingerprintCopy");
        assertThat(clipboard.text()).contains(engine.admin().httpsStatus().sha256Fingerprint());
    }
}

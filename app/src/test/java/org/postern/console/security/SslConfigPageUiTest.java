package org.postern.console.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import javafx.scene.control.CheckBox;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.engine.api.TlsSettingsApi.Direction;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;

/** Security › SSL Configuration through the real screens (TLS-1): the engine's rules, apply and reset. */
class SslConfigPageUiTest extends ConsoleUiTest {

    private SslConfigViewModel vm() {
        return lookup("#sslConfigView").queryAs(SslConfigView.class).viewModel();
    }

    private CheckBox box(Direction d, String name) {
        return lookup("#" + SslConfigView.choiceId(d, name)).queryAs(CheckBox.class);
    }

    @Test
    void theInboundPolicyIsCheckedAppliedAndReset() {
        clickOn("#" + Page.SSL_CONFIGURATION.navId());
        waitFor(() -> visible("#sslConfigView") && vm().loadedProperty().get());
        assertThat(text("#inboundState")).isEqualTo("Defaults");
        assertThat(text("#outboundState")).isEqualTo("Defaults");
        assertThat(box(Direction.INBOUND, "TLSv1.3").isSelected()).isTrue();
        assertThat(box(Direction.INBOUND, "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256").isSelected()).isTrue();
        assertThat(lookup("#inboundSuites .check-box").queryAll()).noneMatch(n -> ((CheckBox) n).getText().contains("CBC"));
        assertThat(lookup("#inboundApply").query().isDisabled()).isTrue();
        assertThat(lookup("#inboundReset").query().isDisabled()).isTrue();
        shot("ssl-configuration-defaults");

        clickOn(box(Direction.INBOUND, "TLSv1.3"));
        clickOn(box(Direction.INBOUND, "TLSv1.2"));
        waitFor(() -> visible("#inboundProblem"));
        assertThat(text("#inboundProblem")).startsWith("at least one protocol is needed");
        assertThat(lookup("#inboundApply").query().isDisabled()).isTrue();
        shot("ssl-configuration-problem");

        clickOn(box(Direction.INBOUND, "TLSv1.2"));
        waitFor(() -> !visible("#inboundProblem") && !lookup("#inboundApply").query().isDisabled());
        clickOn("#inboundApply");
        waitFor(() -> "Custom".equals(text("#inboundState")));
        TlsPolicy stored = engine.tls().get(Direction.INBOUND);
        assertThat(stored.protocols()).containsExactly("TLSv1.2");
        assertThat(stored.cipherSuites()).contains("TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");
        assertThat(engine.tls().isDefault(Direction.OUTBOUND)).isTrue();
        assertThat(text("#outboundState")).isEqualTo("Defaults");
        shot("ssl-configuration-custom");

        clickOn("#inboundReset");
        waitFor(() -> lookup(".dialog-pane").tryQuery().isPresent() && visible(".dialog-pane"));
        clickButton("Reset");
        waitFor(() -> "Defaults".equals(text("#inboundState")));
        assertThat(engine.tls().isDefault(Direction.INBOUND)).isTrue();
        assertThat(box(Direction.INBOUND, "TLSv1.3").isSelected()).isTrue();
        assertThat(gateway.callsOnFxThread).doesNotContain("set", "reset", "isDefault", "allowedProtocols", "allowedCipherSuites");
    }

    @Test
    void aSuiteSetWithoutATls12SuiteIsExplainedAndNotApplied() {
        clickOn("#" + Page.SSL_CONFIGURATION.navId());
        waitFor(() -> visible("#sslConfigView") && vm().loadedProperty().get());
        List<String> tls12 = engine.tls().allowedCipherSuites().stream().filter(s -> s.startsWith("TLS_ECDHE_")).toList();
        for (String s : tls12) {
            if (box(Direction.OUTBOUND, s).isSelected()) {
                interact(() -> box(Direction.OUTBOUND, s).setSelected(false));
            }
        }
        waitFor(() -> visible("#outboundProblem"));
        assertThat(text("#outboundProblem")).startsWith("TLSv1.2 is enabled but no TLSv1.2 cipher suite is");
        assertThat(lookup("#outboundApply").query().isDisabled()).isTrue();
        assertThat(engine.tls().isDefault(Direction.OUTBOUND)).isTrue();
    }
}

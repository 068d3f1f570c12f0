package org.postern.console.tlsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.ConsoleUiTest;
import org.postern.console.testsupport.TestCa;
import org.postern.console.testsupport.TinySmtpServer;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReportText;

/** Security › DANE / TLSA Inspector in the main window over the real embedded engine and a real STARTTLS server. */
class DaneInspectorPageUiTest extends ConsoleUiTest {

    @Test
    void aDomainIsInspectedEndToEndAndTheReportCopiedAsTheCliPrintsIt() throws Exception {
        TestCa ca = new TestCa("Inspector Root");
        try (TinySmtpServer server = new TinySmtpServer("mx.routed.example", ca, InetAddress.getByName("127.0.6.10"))) {
            engine.destinations().save(new DestinationEntry("routed.example", OutboundTls.PREFERRED, DaneSetting.DEFAULT,
                    5, server.route(), false));
            open(Page.DANE_INSPECTOR);
            assertThat(visible("#daneIdle")).isTrue();
            type("#daneDomain", "not a domain");
            waitFor(() -> visible("#daneProblem"));
            assertThat(lookup("#daneInspect").query().isDisabled()).isTrue();
            type("#daneDomain", "routed.example");
            clickOn("#daneInspect");
            waitFor(() -> visible("#daneHost0"));
            shot("dane-inspector-routed");

            assertThat(text("#daneSummary")).startsWith("routed.example — entry routed.example, TLS Preferred");
            assertThat(text("#daneHost0StarttlsStatus")).isEqualTo("✔ OK");
            assertThat(text("#daneHost0Chain0")).startsWith("mx.routed.example  (server");
            assertThat(text("#daneHost0Verdict")).startsWith("Would deliver — ");
            assertThat(server.handshakes()).isGreaterThanOrEqualTo(1);

            clickOn("#daneCopyReport");
            String copied = clipboard.text().orElseThrow();
            assertThat(copied).isEqualTo(ProbeReportText.format(engine.destinations().probe("routed.example", null)));
            assertThat(copied).contains("host 127.0.6.10 [" + server.route() + "]", "route " + server.route(),
                    "certificate [depth 0]: CN=mx.routed.example", "delivery would happen");
        }
    }

    @Test
    void aSlowInspectionKeepsTheWindowResponsiveAndIsCancelled() throws Exception {
        TestCa ca = new TestCa("Inspector Root");
        try (TinySmtpServer server = new TinySmtpServer("mx.slow.example", ca, InetAddress.getByName("127.0.6.11"))) {
            engine.destinations().save(new DestinationEntry("slow.example", OutboundTls.PREFERRED, DaneSetting.DEFAULT,
                    5, server.route(), false));
            gateway.slowMethods.add("probe");
            gateway.delayMillis = 15_000;
            open(Page.DANE_INSPECTOR);
            type("#daneDomain", "slow.example");
            clickOn("#daneInspect");
            waitFor(() -> visible("#cancelTask"));
            // the FX thread is free: another page opens and comes back while the probe runs
            open(Page.DESTINATION_CONTROLS);
            open(Page.DANE_INSPECTOR);
            assertThat(onFx(() -> window.daneInspectorView().viewModel().operation().isRunning())).isTrue();
            clickOn("#cancelTask");
            waitFor(() -> visible("#operationCancelled"));
            assertThat(lookup("#daneHost0").tryQuery()).isEmpty();
            assertThat(gateway.calls).contains("probe");
        }
    }
}

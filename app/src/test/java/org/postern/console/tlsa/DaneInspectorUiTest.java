package org.postern.console.tlsa;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.Labeled;
import javafx.scene.control.TextField;
import javafx.stage.Stage;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.postern.console.common.FxTaskExecutor;
import org.postern.console.common.Theme;
import org.postern.console.testsupport.NodeShots;
import org.postern.console.testsupport.TestClipboard;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.api.ProbeReportText;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The DANE / TLSA inspector on its own, fed hand-built probe reports: the step diagram's statuses in
 * words and colours, the matched record at its depth, unusable records, copying, Cancel, and the FX
 * thread staying free while the probe runs.
 */
class DaneInspectorUiTest extends FxRobot {

    private final TestClipboard clipboard = new TestClipboard();
    private FxTaskExecutor executor;
    private CannedDestinations api;
    private DaneInspectorView view;
    private Stage stage;

    private void start(java.util.function.Function<String, ProbeReport> reports) throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        executor = new FxTaskExecutor();
        api = new CannedDestinations(reports);
        FxToolkit.setupFixture(() -> {
            Theme.get().install();
            view = new DaneInspectorView(new DaneInspectorViewModel(api, executor, clipboard));
            Scene scene = new Scene(view, 1200, 860);
            Theme.style(scene);
            stage.setScene(scene);
            stage.show();
        });
    }

    @AfterEach
    void stop() throws Exception {
        if (api != null) {
            api.hold.countDown();
        }
        FxToolkit.hideStage();
        if (executor != null) {
            executor.close();
        }
    }

    @Test
    void secureInsecureAndBogusStepsAndTheMatchedRecordAreShownInWordsAndColours() throws Exception {
        start(d -> SampleReports.mixed());
        inspect("dane.example");
        waitFor(() -> visible("#daneHost0"));
        shot("dane-inspector-report");

        assertThat(text("#daneSummary")).isEqualTo("dane.example — entry Default, TLS Preferred, DANE Opportunistic");
        assertThat(text("#daneOverall")).startsWith("✔  Would deliver");
        // MX: secure, green, and its records selectable and copyable
        assertStatus("#daneMxStatus", "✔ Secure", "dane-secure");
        assertThat(textField("#daneMxRecord1").getText()).isEqualTo("20 mx2.dane.example.");
        assertThat(textField("#daneMxRecord1").isEditable()).isFalse();
        clickOn("#daneMxCopy");
        assertThat(clipboard.text()).contains("10 mx1.dane.example.\n20 mx2.dane.example.\n30 mx3.plain.example.\n");

        // host 0: secure addresses and TLSA, DANE required, 3 1 1 matched the leaf at depth 0
        assertStatus("#daneHost0AddressesStatus", "✔ Secure", "dane-secure");
        assertStatus("#daneHost0TlsaStatus", "✔ Secure", "dane-secure");
        assertThat(text("#daneHost0DaneState")).isEqualTo("DANE: secure usable TLSA records: DANE authentication required");
        assertThat(text("#daneHost0Chain0")).startsWith("mx1.dane.example  (server");
        assertThat(text("#daneHost0Chain0Match")).isEqualTo("✔ matched by TLSA 3 1 1 8cb0fc6c527506…");
        // the unusable PKIX-EE record's digest matches the leaf too, but it authenticates nothing: one badge only
        assertThat(lookup("#daneHost0Chain0Match2").tryQuery()).isEmpty();
        assertThat(lookup("#daneHost0Chain1Match").tryQuery()).isEmpty();
        assertThat(textField("#daneHost0MatchesRecord0").getText()).isEqualTo(SampleReports.EE_SPKI);
        assertThat(text("#daneHost0MatchesFate0")).isEqualTo("used, matched the certificate at depth 0");
        assertThat(text("#daneHost0MatchesFate1")).isEqualTo("used, matched nothing");
        assertThat(text("#daneHost0MatchesFate2")).isEqualTo("unusable: usage 1 (PKIX-EE) is unusable for SMTP (RFC 7672 §3.1.3)"
                + " (would match the certificate at depth 0)");
        assertThat(lookup("#daneHost0MatchesFate2").query().getStyleClass()).contains("warning");
        assertStatus("#daneHost0VerdictStepStatus", "✔ OK", "dane-secure");

        // host 1: bogus TLSA, red, the error in words, the host skipped, RFC 8460 result type
        assertStatus("#daneHost1TlsaStatus", "✘ Bogus", "dane-bogus");
        assertThat(text("#daneHost1TlsaError")).isEqualTo("SERVFAIL: DNSSEC bogus (RRSIG invalid)");
        assertThat(text("#daneHost1DaneState")).isEqualTo("DANE: host not used");
        assertThat(text("#daneHost1Verdict")).startsWith("Would defer — ");
        assertThat(text("#daneHost1VerdictResultType")).isEqualTo("RFC 8460: dnssec-invalid");
        assertStatus("#daneHost1VerdictStepStatus", "✘ Failed", "dane-bogus");

        // host 2: insecure addresses, grey; TLSA not looked up; the TLS setting applies
        assertStatus("#daneHost2AddressesStatus", "– Insecure", "dane-insecure");
        assertStatus("#daneHost2TlsaStatus", "– Not made", "dane-insecure");
        assertThat(text("#daneHost2DaneState")).isEqualTo("DANE: no secure TLSA RRset: the TLS setting applies");

        clickOn("#daneCopyReport");
        assertThat(clipboard.text()).contains(ProbeReportText.format(SampleReports.mixed()));
        assertThat(api.probeThreads).hasSize(1).noneMatch(t -> t.contains("JavaFX Application Thread"));
    }

    @Test
    void anIndeterminateLookupIsAmberAndSaysWhyDeliveryWouldDefer() throws Exception {
        start(d -> SampleReports.indeterminate());
        inspect("lost.example");
        waitFor(() -> visible("#daneMxStatus"));
        assertStatus("#daneMxStatus", "? Indeterminate", "dane-indeterminate");
        assertThat(text("#daneMxError")).isEqualTo("timeout after 3 tries");
        assertThat(text("#daneOverall")).isEqualTo("✘  Would defer: no host takes mail now — 4.4.3 the MX lookup failed: timeout");
        assertThat(lookup("#daneOverall").query().getStyleClass()).contains("callout-danger");
        shot("dane-inspector-indeterminate");
    }

    @Test
    void aRunningInspectionShowsProgressLeavesTheFxThreadFreeAndCanBeCancelled() throws Exception {
        start(d -> SampleReports.mixed());
        api.hold = new CountDownLatch(1);
        inspect("dane.example");
        assertThat(api.started.await(10, TimeUnit.SECONDS)).isTrue();
        waitFor(() -> visible("#cancelTask"));
        shot("dane-inspector-running");
        // the probe is blocked in the engine; the FX thread still answers at once and the field still types
        long t0 = System.nanoTime();
        assertThat(onFx(() -> view.isVisible())).isTrue();
        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isLessThan(1000);
        assertThat(lookup("#daneInspect").query().isDisabled()).isTrue();
        assertThat(api.probeThreads).noneMatch(t -> t.contains("JavaFX Application Thread"));

        clickOn("#cancelTask");
        waitFor(() -> visible("#operationCancelled"));
        assertThat(view.viewModel().operation().getState())
                .isEqualTo(org.postern.console.common.Operation.State.CANCELLED);
        // the engine's late answer is discarded: no report, nothing to copy
        api.hold.countDown();
        Thread.sleep(300);
        WaitForAsyncUtils.waitForFxEvents();
        assertThat(lookup("#daneHost0").tryQuery()).isEmpty();
        assertThat(lookup("#daneCopyReport").query().isDisabled()).isTrue();
        assertThat(lookup("#daneInspect").query().isDisabled()).isFalse();
    }

    // ---------------------------------------------------------------- helpers

    private void inspect(String domain) {
        clickOn("#daneDomain");
        write(domain);
        waitFor(() -> !lookup("#daneInspect").query().isDisabled());
        clickOn("#daneInspect");
    }

    private void assertStatus(String query, String words, String style) {
        Label l = lookup(query).queryAs(Label.class);
        assertThat(l.getText()).as(query).isEqualTo(words);
        assertThat(l.getStyleClass()).as(query).contains(style);
    }

    private TextField textField(String query) {
        return lookup(query).queryAs(TextField.class);
    }

    private String text(String query) {
        Node node = lookup(query).query();
        return onFx(() -> ((Labeled) node).getText());
    }

    private boolean visible(String query) {
        var node = lookup(query).tryQuery();
        return node.isPresent() && onFx(() -> node.get().isVisible() && node.get().getScene() != null);
    }

    private void waitFor(Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (TimeoutException e) {
            throw new AssertionError("condition not met within 20 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private <T> T onFx(Callable<T> callable) {
        try {
            return WaitForAsyncUtils.asyncFx(callable).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** With {@code -Dconsole.screenshots=DIR}: a picture of the inspector as it stands. */
    private void shot(String name) {
        String target = System.getProperty("console.screenshots");
        if (target == null || target.isBlank()) {
            return;
        }
        WaitForAsyncUtils.waitForFxEvents();
        interact(() -> {
            try {
                Path out = Path.of(target, name + ".png");
                Files.createDirectories(out.getParent());
                ImageIO.write(SwingFXUtils.fromFXImage(stage.getScene().snapshot(null), null), "png", out.toFile());
                NodeShots.save(stage.getScene().lookup("#daneDiagram"), name + "-full");
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
    }
}

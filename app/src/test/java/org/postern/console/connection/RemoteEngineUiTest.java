package org.postern.console.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.MenuItem;
import javafx.scene.control.TableView;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.FxTaskExecutor;
import org.postern.console.common.Theme;
import org.postern.console.shell.ConsoleSession;
import org.postern.console.shell.MainWindow;
import org.postern.console.shell.Page;
import org.postern.console.testsupport.HttpsEngine;
import org.postern.console.testsupport.TestClipboard;
import org.postern.console.testsupport.TestDialogService;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.admin.RemoteGateway;
import org.postern.engine.admin.ServerIdentity;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.testsupport.EngineProcess;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The console manages a second engine, {@code postern run} in another process, over HTTPS: File ›
 * Connect…, the certificate confirmed on first use, the same screens showing that engine's
 * certificates and its live mail log, and back to the embedded engine. A changed certificate is
 * refused with the engine client's message.
 */
class RemoteEngineUiTest extends FxRobot {

    static final String LOOPBACK = "127.0.15.1";
    static final String REMOTE_ONLY = "remote-child.example.test";

    @TempDir
    static Path shared;
    static EngineProcess child;
    static Path childDir;
    static URI childUrl;
    static String childFingerprint;

    Path localDir;
    EmbeddedGateway local;
    PinStore pins;
    FxTaskExecutor executor;
    TestDialogService dialogs;
    ConsoleSession session;
    Stage stage;

    @BeforeAll
    static void startChildEngine() throws Exception {
        childDir = shared.resolve("child");
        int https = HttpsEngine.freePort(LOOPBACK);
        try (EmbeddedGateway g = EmbeddedGateway.open(childDir)) {
            g.certificates().createSelfSigned(NewCertificateRequest.simple(REMOTE_ONLY, KeyType.EC_P256));
            g.admin().setHttps(new AdminApi.HttpsSettings(true, LOOPBACK, https, null));
        }
        childUrl = URI.create("https://" + LOOPBACK + ":" + https);
        startChild();
    }

    /** Runs {@code postern run} on the child's data directory and waits for its HTTPS administration. */
    static void startChild() throws Exception {
        child = EngineProcess.start(childDir, LOOPBACK, InboundTls.PREFERRED);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            try {
                ServerIdentity.fetch(childUrl);
                break;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the child engine serves no HTTPS: " + child.output(), e);
                }
                Thread.sleep(200);
            }
        }
        // what the engine shows locally (postern interfaceconfig, its IP Interfaces page): through its socket
        try (GatewayApi socket = RemoteGateway.overSocket(childDir)) {
            AdminApi.HttpsStatus status = socket.admin().httpsStatus();
            assertThat(status.listening()).isTrue();
            childFingerprint = status.sha256Fingerprint();
        }
    }

    @AfterAll
    static void stopChildEngine() throws Exception {
        if (child != null) {
            child.close();
        }
    }

    @BeforeEach
    void startConsole() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        localDir = Files.createTempDirectory(shared, "local");
        local = EmbeddedGateway.open(localDir.resolve("data"));
        local.listeners().list().forEach(l -> local.listeners().delete(l.name()));
        pins = new PinStore(localDir.resolve("config").resolve(PinStore.FILE_NAME));
        executor = new FxTaskExecutor();
        dialogs = new TestDialogService(() -> stage);
        FxToolkit.setupFixture(() -> {
            Theme.get().install();
            session = new ConsoleSession(stage, local, localDir.resolve("data").toString(), executor, dialogs,
                    new TestClipboard(), pins, stage::hide);
            session.showEmbedded();
            stage.show();
            stage.toFront();
        });
        waitFor(() -> window().certificatesViewModel().loadedProperty().get());
    }

    @AfterEach
    void closeConsole() throws Exception {
        for (Window w : onFx(() -> Window.getWindows().stream().toList())) {
            if (w != stage && w instanceof Stage s) {
                interact(s::close);
            }
        }
        interact(session::close);
        FxToolkit.hideStage();
        executor.close();
        local.close();
    }

    MainWindow window() {
        return onFx(() -> session.window());
    }

    /** Chooses a File menu entry the way a click does (fires the menu item). */
    void fileMenu(String id) {
        MenuItem item = onFx(() -> window().lookupAll(".menu-bar").isEmpty() ? null
                : ((javafx.scene.control.MenuBar) window().lookup("#menuBar")).getMenus().getFirst().getItems().stream()
                        .filter(i -> id.equals(i.getId())).findFirst().orElseThrow());
        assertThat(onFx(item::isDisable)).as(id + " enabled").isFalse();
        Platform.runLater(item::fire);
    }

    void enterAddressAndPassword() throws IOException {
        waitFor(() -> visible("#connectDialog"));
        type("#connectAddress", childUrl.toString());
        type("#connectPassword", HttpsEngine.initialPassword(childDir));
    }

    @Test
    void managesAnEngineInAnotherProcessOverPinnedHttps() throws Exception {
        assertThat(onFx(stage::getTitle)).isEqualTo("Postern console — embedded engine (" + localDir.resolve("data") + ")");
        assertThat(local.certificates().list()).noneMatch(s -> s.name().equals(REMOTE_ONLY));
        assertThat(certificateNames()).doesNotContain(REMOTE_ONLY);

        fileMenu("menuConnect");
        enterAddressAndPassword();
        clickOn("#connectButton");
        waitFor(() -> visible("#connectIdentity"));
        assertThat(text("#connectFingerprint")).isEqualTo(ConnectDialog.twoLines(childFingerprint));
        assertThat(text("#connectFingerprint").replace("\n", "")).isEqualTo(childFingerprint);
        assertThat(text("#connectButton")).isEqualTo("Trust and connect");
        Button trust = lookup("#connectButton").queryButton();
        assertThat(onFx(() -> trust.getWidth() >= trust.prefWidth(-1) - 0.5)).as("the button's text is not cut").isTrue();
        assertThat(pins.get(childUrl.toString())).isEmpty();
        shot("remote-connect-dialog-fingerprint");

        clickOn("#connectButton");
        waitFor(() -> session.managed().remote() && !visible("#connectDialog"));
        String expectedTitle = "Postern console — remote engine " + childUrl + " (SHA-256 "
                + childFingerprint.substring(0, 11) + "…)";
        assertThat(onFx(stage::getTitle)).isEqualTo(expectedTitle);
        assertThat(text("#statusEngine")).isEqualTo("Engine: remote engine " + childUrl + " (SHA-256 "
                + childFingerprint.substring(0, 11) + "…)");
        assertThat(pins.get(childUrl.toString())).contains(childFingerprint);

        // the same Certificates page, now showing the other process's store
        waitFor(() -> certificateNames().contains(REMOTE_ONLY));
        waitFor(() -> onFx(() -> window().engineViewModel().runningProperty().get()));
        shot("remote-main-window");

        // its live mail log: a message queued in the child appears
        clickOn("#" + Page.MAIL_LOG.navId());
        waitFor(() -> window().mailLogViewModel().liveProperty().get());
        String id = null;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (GatewayApi socket = RemoteGateway.overSocket(childDir)) {
            while (System.nanoTime() < deadline) {
                // the event stream connects in the background: queue again until one is seen live
                id = socket.queue().inject("sender@example.org", List.of("rcpt@example.test"),
                        "Subject: remote\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII));
                String queued = id;
                if (waitUntil(5, () -> mailLogRows().stream().anyMatch(e -> e.type() == MailEvent.Type.QUEUE
                        && queued.equals(e.messageId())))) {
                    break;
                }
                id = null;
            }
        }
        assertThat(id).as("a QUEUE event of the child engine shown live").isNotNull();
        shot("remote-mail-log");

        clickOn("#" + Page.IP_INTERFACES.navId());
        waitFor(() -> window().ipInterfacesView().viewModel().loadedProperty().get());
        assertThat(text("#httpsFingerprint")).isEqualTo(childFingerprint);
        assertThat(text("#httpsStatus")).isEqualTo("Listening on " + childUrl + " with the demo certificate");
        shot("remote-ip-interfaces");

        // back to the embedded engine, which kept running its own store
        fileMenu("menuEmbedded");
        waitFor(() -> !session.managed().remote());
        assertThat(onFx(stage::getTitle)).isEqualTo("Postern console — embedded engine (" + localDir.resolve("data") + ")");
        waitFor(() -> window().certificatesViewModel().loadedProperty().get());
        assertThat(certificateNames()).doesNotContain(REMOTE_ONLY);
    }

    @Test
    void aLoginTheEngineNoLongerAcceptsAsksForThePasswordAgain() throws Exception {
        fileMenu("menuConnect");
        enterAddressAndPassword();
        clickOn("#connectButton");
        waitFor(() -> visible("#connectIdentity"));
        clickOn("#connectButton");
        waitFor(() -> session.managed().remote() && !visible("#connectDialog"));
        MainWindow first = window();

        // a restarted engine has forgotten the tokens it issued (and tokens expire): the next call gets 401
        child.close();
        startChild();
        waitFor(() -> visible(".dialog-warning"));
        assertThat(text(".dialog-warning .dialog-message")).contains("no longer accepts this console's login")
                .contains(childUrl.toString());
        shot("remote-login-expired");
        Button ok = (Button) onFx(() -> ((javafx.scene.control.DialogPane) lookup(".dialog-warning").query())
                .lookupButton(javafx.scene.control.ButtonType.OK));
        interact(ok::fire);

        // the Connect dialog comes back for the same engine; pinned now, so the password is all it takes
        waitFor(() -> visible("#connectDialog"));
        assertThat(text("#connectAddress")).isEqualTo(childUrl.toString());
        type("#connectPassword", HttpsEngine.initialPassword(childDir));
        clickOn("#connectButton");
        waitFor(() -> !visible("#connectDialog") && window() != first);
        assertThat(session.managed().remote()).isTrue();
        assertThat(onFx(stage::getTitle)).startsWith("Postern console — remote engine " + childUrl);
        waitFor(() -> certificateNames().contains(REMOTE_ONLY));
    }

    @Test
    void aPinnedCertificateThatChangedIsRefusedWithTheReason() throws Exception {
        String wrong = PinStoreTest.FP;
        pins.pin(childUrl.toString(), wrong);
        fileMenu("menuConnect");
        enterAddressAndPassword();
        clickOn("#connectButton");
        waitFor(() -> visible(".dialog-error"));
        String message = text(".dialog-error .dialog-message");
        assertThat(message).contains("not the pinned " + wrong).contains(childFingerprint).contains("refusing to connect");
        shot("remote-connect-pin-refused");
        Button ok = (Button) onFx(() -> ((javafx.scene.control.DialogPane) lookup(".dialog-error").query())
                .lookupButton(javafx.scene.control.ButtonType.OK));
        interact(ok::fire);
        waitFor(() -> !visible(".dialog-error"));
        assertThat(text("#connectError")).isEqualTo(message);
        assertThat(visible("#connectForgetPin")).isTrue();
        assertThat(visible("#connectIdentity")).as("no offer to trust the new certificate").isFalse();
        assertThat(pins.get(childUrl.toString())).contains(wrong);
        assertThat(session.managed().remote()).isFalse();
        Button cancel = (Button) onFx(() -> ((javafx.scene.control.DialogPane) lookup("#connectDialog").query())
                .lookupButton(javafx.scene.control.ButtonType.CANCEL));
        clickOn(cancel);
        waitFor(() -> !visible("#connectDialog"));
        assertThat(onFx(stage::getTitle)).startsWith("Postern console — embedded engine (");
    }

    // --- helpers (as in ConsoleUiTest, for a window that is replaced when the engine changes)

    List<String> certificateNames() {
        return onFx(() -> window().certificatesView().table().getItems().stream().map(CertificateSummary::name).toList());
    }

    @SuppressWarnings("unchecked")
    List<MailEvent> mailLogRows() {
        return onFx(() -> List.copyOf(((TableView<MailEvent>) lookup("#mailLogTable").query()).getItems()));
    }

    void waitFor(Callable<Boolean> condition) {
        if (!waitUntil(30, condition)) {
            shot("timeout-" + getClass().getSimpleName() + "-" + System.nanoTime());
            throw new AssertionError("condition not met within 30 s");
        }
    }

    boolean waitUntil(int seconds, Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (TimeoutException e) {
            return false;
        }
        WaitForAsyncUtils.waitForFxEvents();
        return true;
    }

    <T> T onFx(Callable<T> callable) {
        try {
            return WaitForAsyncUtils.asyncFx(callable).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    String text(String query) {
        Node node = lookup(query).query();
        return onFx(() -> node instanceof Labeled l ? l.getText()
                : node instanceof TextInputControl t ? t.getText() : String.valueOf(node));
    }

    boolean visible(String query) {
        Optional<Node> node = lookup(query).tryQuery();
        return node.isPresent() && onFx(() -> node.get().isVisible() && node.get().getScene() != null
                && node.get().getScene().getWindow() != null && node.get().getScene().getWindow().isShowing());
    }

    void type(String query, String text) {
        Node node = lookup(query).query();
        clickOn(node);
        interact(() -> ((TextInputControl) node).clear());
        write(text);
    }

    /** Pictures of every open window when {@code -Dconsole.screenshots=DIR} is given. */
    void shot(String name) {
        String target = System.getProperty("console.screenshots");
        if (target == null || target.isBlank()) {
            return;
        }
        WaitForAsyncUtils.waitForFxEvents();
        interact(() -> {
            int i = 0;
            for (Window w : Window.getWindows()) {
                if (!w.isShowing() || w.getScene() == null) {
                    continue;
                }
                try {
                    Path out = Path.of(target, name + (i == 0 ? "" : "-" + i) + ".png");
                    Files.createDirectories(out.getParent());
                    ImageIO.write(SwingFXUtils.fromFXImage(w.getScene().snapshot(null), null), "png", out.toFile());
                } catch (IOException e) {
                    throw new AssertionError(e);
                }
                i++;
            }
        });
    }
}

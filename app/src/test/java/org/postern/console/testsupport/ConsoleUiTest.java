package org.postern.console.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Labeled;
import javafx.scene.control.TableRow;
import javafx.scene.control.TextInputControl;
import javafx.stage.Stage;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.postern.console.common.FxTaskExecutor;
import org.postern.console.common.Theme;
import org.postern.console.shell.MainWindow;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateSummary;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Base of the TestFX tests: the real main window over a real embedded engine in a fresh data
 * directory, background work on the real {@link FxTaskExecutor}, native file choosers replaced.
 * Every engine call is checked to run off the FX thread.
 */
public abstract class ConsoleUiTest extends FxRobot {

    protected Path dir;
    protected EmbeddedGateway engine;
    protected ThreadCheckingGateway gateway;
    protected FxTaskExecutor executor;
    protected TestDialogService dialogs;
    protected TestClipboard clipboard;
    protected MainWindow window;
    protected Stage stage;

    @BeforeEach
    void startConsole() throws Exception {
        stage = FxToolkit.registerPrimaryStage();
        dir = Files.createTempDirectory("postern-console-ui");
        engine = openEngine(dir.resolve("data"));
        gateway = new ThreadCheckingGateway(engine);
        executor = new FxTaskExecutor();
        dialogs = new TestDialogService(() -> stage);
        clipboard = new TestClipboard();
        FxToolkit.setupFixture(() -> {
            Theme.get().install();
            window = new MainWindow(gateway.gateway(), executor, dialogs, clipboard, stage::hide);
            Scene scene = new Scene(window, 1360, 860);
            Theme.style(scene);
            stage.setScene(scene);
            stage.setTitle("Postern console (test)");
            stage.show();
            stage.toFront();
        });
        waitFor(() -> window.certificatesViewModel().loadedProperty().get());
    }

    /** The engine the console runs over; a test may open it with other options (DNS, MX port). */
    protected EmbeddedGateway openEngine(Path data) throws Exception {
        return EmbeddedGateway.open(data);
    }

    @AfterEach
    void closeEngine() throws Exception {
        // close any dialog a failing test left open
        for (Window w : onFx(() -> Window.getWindows().stream().toList())) {
            if (w != stage && w instanceof Stage s) {
                interact(s::close);
            }
        }
        interact(window::dispose);
        FxToolkit.hideStage();
        executor.close();
        engine.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
        assertThat(gateway.callsOnFxThread).as("engine calls made on the FX thread").isEmpty();
    }

    /** Moves the default listeners to free loopback ports (before the engine starts) and reloads the page. */
    protected void useFreePorts() {
        Smtp.moveListenersToFreePorts(engine);
        interact(() -> window.listenersViewModel().refresh());
        waitFor(() -> !window.listenersViewModel().loadingProperty().get());
    }

    /** Opens a page through the navigation. */
    protected void open(org.postern.console.shell.Page page) {
        clickOn("#" + page.navId());
        waitFor(() -> window.viewModel().pageProperty().get() == page);
    }

    protected CertificateApi api() {
        return engine.certificates();
    }

    /** Reloads the page after the test changed the store behind the console's back. */
    protected void reload() {
        interact(() -> window.certificatesViewModel().refresh());
        waitFor(() -> !window.certificatesViewModel().loadingProperty().get());
    }

    /** Waits (up to 20 s) until {@code condition}, evaluated on the FX thread, holds. */
    protected void waitFor(Callable<Boolean> condition) {
        try {
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> WaitForAsyncUtils.asyncFx(condition).get());
        } catch (TimeoutException e) {
            shot("timeout-" + getClass().getSimpleName() + "-" + System.nanoTime());
            throw new AssertionError("condition not met within 20 s", e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    protected <T> T onFx(Callable<T> callable) {
        try {
            return WaitForAsyncUtils.asyncFx(callable).get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    protected Optional<CertificateSummary> rowNamed(String name) {
        return onFx(() -> window.certificatesView().table().getItems().stream()
                .filter(s -> s.name().equals(name)).findFirst());
    }

    /** Clicks the table row of the entry {@code name} and waits for its details. */
    protected void select(String name) {
        waitFor(() -> rowNamed(name).isPresent());
        TableRow<?> row = lookup(".table-row-cell").match((TableRow<?> r) -> r.getItem() instanceof CertificateSummary s
                && s.name().equals(name)).query();
        clickOn(row);
        waitFor(() -> window.certificatesViewModel().detailsProperty().get() != null
                && window.certificatesViewModel().detailsProperty().get().summary().name().equals(name));
    }

    /** A visible, enabled-or-not button of any open window with exactly {@code text}. */
    protected Button button(String text) {
        // button texts may carry mnemonics ("_Copy") or padding ("Finish ")
        return lookup(".button").match((Button b) -> b.getText() != null && text.equals(b.getText().replace("_", "").strip())
                && b.isVisible() && b.getScene() != null).query();
    }

    protected void clickButton(String text) {
        waitFor(() -> !button(text).isDisabled());
        clickOn(button(text));
    }

    protected String text(String query) {
        Node node = lookup(query).query();
        return onFx(() -> node instanceof Labeled l ? l.getText()
                : node instanceof TextInputControl t ? t.getText() : String.valueOf(node));
    }

    protected boolean visible(String query) {
        Optional<Node> node = lookup(query).tryQuery();
        return node.isPresent() && onFx(() -> node.get().isVisible() && node.get().getScene() != null);
    }

    /** Types into the field {@code query}, replacing what is there. */
    protected void type(String query, String text) {
        Node node = lookup(query).query();
        clickOn(node);
        interact(() -> ((TextInputControl) node).clear());
        write(text);
    }

    /**
     * Saves a picture of every open window when {@code -Dconsole.screenshots=DIR} is given, so
     * each wizard step can be looked at.
     */
    protected void shot(String name) {
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

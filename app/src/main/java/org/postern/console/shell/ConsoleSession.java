package org.postern.console.shell;

import java.util.Objects;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.postern.console.common.ClipboardService;
import org.postern.console.common.DialogService;
import org.postern.console.common.TaskExecutor;
import org.postern.console.common.Theme;
import org.postern.console.connection.AuthenticationWatch;
import org.postern.console.connection.ConnectDialog;
import org.postern.console.connection.ConnectViewModel;
import org.postern.console.connection.Connection;
import org.postern.console.connection.ManagedEngine;
import org.postern.console.connection.PinStore;
import org.postern.engine.api.GatewayApi;

/**
 * The console's window over the engine it manages: its embedded engine at first, a remote one
 * after File › Connect…, the embedded one again after File › Connect to embedded engine. Switching
 * builds the main window anew over the other gateway (the same screens, no state carried over);
 * the embedded engine keeps running all along, and a remote connection is closed when left.
 */
public final class ConsoleSession {

    private final Stage stage;
    private final GatewayApi embedded;
    private final ManagedEngine embeddedEngine;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final ClipboardService clipboard;
    private final PinStore pins;
    private final Runnable quit;
    private MainWindow window;
    private Connection remote;

    public ConsoleSession(Stage stage, GatewayApi embedded, String dataDirectory, TaskExecutor executor,
                          DialogService dialogs, ClipboardService clipboard, PinStore pins, Runnable quit) {
        this.stage = Objects.requireNonNull(stage);
        this.embedded = Objects.requireNonNull(embedded);
        this.embeddedEngine = ManagedEngine.embedded(dataDirectory);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.clipboard = Objects.requireNonNull(clipboard);
        this.pins = Objects.requireNonNull(pins);
        this.quit = Objects.requireNonNull(quit);
    }

    /** Shows the embedded engine's window (at start, and when leaving a remote engine). */
    public MainWindow showEmbedded() {
        Connection left = remote;
        remote = null;
        show(embedded, embeddedEngine);
        closeQuietly(left);
        return window;
    }

    /** File › Connect…: asks for an engine, and manages it once logged in. */
    public void connect() {
        connect(remote != null ? remote.engine().location() : "");
    }

    private Optional<Connection> connect(String address) {
        ConnectViewModel vm = new ConnectViewModel(pins, executor, dialogs);
        vm.addressProperty().set(address);
        Optional<Connection> connection = dialogs.showDialog(new ConnectDialog(vm));
        connection.ifPresent(this::manage);
        return connection;
    }

    private void manage(Connection c) {
        Connection left = remote;
        remote = c;
        GatewayApi watched = AuthenticationWatch.wrap(c.gateway(), () -> Platform.runLater(() -> loginExpired(c)));
        show(watched, c.engine());
        closeQuietly(left);
    }

    /** A call to the remote engine was refused for want of credentials: log in again, or back to the embedded engine. */
    private void loginExpired(Connection c) {
        if (remote != c) {
            return; // already left
        }
        dialogs.showWarning("Log in again", "The remote engine " + c.engine().location() + " no longer accepts this"
                + " console's login (it expired or was revoked), so its screens cannot be read or changed. Log in"
                + " again to go on managing it; if you cancel, the console returns to its embedded engine.");
        if (remote == c && connect(c.engine().location()).isEmpty() && remote == c) {
            showEmbedded();
        }
    }

    private void show(GatewayApi gateway, ManagedEngine engine) {
        MainWindow old = window;
        window = new MainWindow(gateway, engine, executor, dialogs, clipboard,
                new ShellActions(quit, this::connect, this::showEmbedded));
        if (stage.getScene() == null) {
            Scene scene = new Scene(window, 1360, 860);
            Theme.style(scene);
            stage.setScene(scene);
        } else {
            stage.getScene().setRoot(window);
        }
        stage.setTitle(engine.title());
        if (old != null) {
            old.dispose();
        }
    }

    private static void closeQuietly(Connection c) {
        if (c != null) {
            try {
                c.gateway().close();
            } catch (RuntimeException e) {
                // leaving it: nothing more to do
            }
        }
    }

    /** The window now shown. */
    public MainWindow window() {
        return window;
    }

    /** Which engine is managed now. */
    public ManagedEngine managed() {
        return remote != null ? remote.engine() : embeddedEngine;
    }

    /** The console is closing: the window stops its live views, a remote connection is closed. */
    public void close() {
        if (window != null) {
            window.dispose();
        }
        closeQuietly(remote);
        remote = null;
    }
}

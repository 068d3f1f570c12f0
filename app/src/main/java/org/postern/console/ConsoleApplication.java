package org.postern.console;

import java.nio.file.Path;
import java.util.Map;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.stage.Stage;
import org.postern.console.common.FxClipboardService;
import org.postern.console.common.FxDialogService;
import org.postern.console.common.FxTaskExecutor;
import org.postern.console.common.Operation;
import org.postern.console.common.Theme;
import org.postern.console.connection.PinStore;
import org.postern.console.shell.ConsoleSession;
import org.postern.console.shell.MainWindow;
import org.postern.console.shell.QuitConfirmation;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.admin.RemoteGateway;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.config.DataDirectory;

/**
 * The desktop console. The embedded engine is opened in {@link #init()}, on the launcher thread,
 * so that opening and migrating the data directory never blocks the FX thread; its listeners and
 * delivery start once the window shows, and stop when the console closes.
 */
public final class ConsoleApplication extends Application {

    private GatewayApi gateway;
    private Throwable openFailure;
    private Path dataDir;
    private FxTaskExecutor executor;
    private ConsoleSession session;

    @Override
    public void init() {
        Map<String, String> named = getParameters().getNamed();
        String dir = named.get("data-dir");
        dataDir = dir == null || dir.isBlank() ? DataDirectory.defaultLocation() : Path.of(dir);
        try {
            // an engine already runs on this data directory (postern run): manage it through its
            // control socket rather than edit its store behind its back (ADM-2a)
            gateway = EmbeddedGateway.engineRunningOn(dataDir) ? RemoteGateway.overSocket(dataDir)
                    : EmbeddedGateway.open(dataDir);
        } catch (RuntimeException | Error e) {
            openFailure = e;
            if (gateway != null) {
                gateway.close();
                gateway = null;
            }
        }
    }

    @Override
    public void start(Stage stage) {
        Theme.get().install();
        FxDialogService dialogs = new FxDialogService(() -> stage);
        if (gateway == null) {
            dialogs.showError("Postern could not open its data directory",
                    "The engine could not be opened in " + dataDir + ":\n" + Operation.describe(openFailure));
            Platform.exit();
            return;
        }
        executor = new FxTaskExecutor();
        // closing the console closes an embedded engine (not one of postern run, managed over its socket)
        QuitConfirmation quit = new QuitConfirmation(dialogs,
                () -> gateway instanceof EmbeddedGateway embedded && embedded.engine().running());
        stage.setOnCloseRequest(e -> {
            if (!quit.mayQuit()) {
                e.consume();
            }
        });
        session = new ConsoleSession(stage, gateway, dataDir.toString(), executor, dialogs, new FxClipboardService(),
                PinStore.forUser(), () -> {
                    if (quit.mayQuit()) {
                        stage.close();
                    }
                });
        MainWindow window = session.showEmbedded();
        stage.setMinWidth(960);
        stage.setMinHeight(600);
        stage.show();
        // a double-clicked console is a working gateway: the listeners and delivery start at once,
        // off the FX thread; a refusal (another engine on this data directory) shows in the status bar
        window.engineViewModel().start(false);
    }

    @Override
    public void stop() {
        if (session != null) {
            session.close();
        }
        if (executor != null) {
            executor.close();
        }
        if (gateway != null) {
            gateway.close();
        }
    }
}

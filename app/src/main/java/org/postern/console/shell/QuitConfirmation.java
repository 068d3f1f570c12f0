package org.postern.console.shell;

import java.util.Objects;
import java.util.function.BooleanSupplier;
import org.postern.console.common.DialogService;

/**
 * Quitting the console closes its embedded engine: while that engine runs, the gateway stops
 * accepting and delivering mail, so File › Quit and the window's close button ask first.
 */
public final class QuitConfirmation {

    private final DialogService dialogs;
    private final BooleanSupplier quittingStopsEngine;

    /** {@code quittingStopsEngine}: the engine in this process runs (an engine of {@code postern run} goes on). */
    public QuitConfirmation(DialogService dialogs, BooleanSupplier quittingStopsEngine) {
        this.dialogs = Objects.requireNonNull(dialogs);
        this.quittingStopsEngine = Objects.requireNonNull(quittingStopsEngine);
    }

    /** True when the console may close now: the engine does not run, or the administrator confirmed. */
    public boolean mayQuit() {
        return !quittingStopsEngine.getAsBoolean() || dialogs.confirm("Quit Postern",
                "Quit the console and stop the mail gateway?",
                "The engine runs inside this console: quitting stops its listeners and delivery, so no mail is"
                        + " accepted or delivered until the console is started again. Sending servers queue their"
                        + " mail and retry later. To keep the gateway running without the console, run it as a"
                        + " service (postern run).", "Quit");
    }
}

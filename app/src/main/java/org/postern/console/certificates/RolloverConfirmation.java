package org.postern.console.certificates;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import javafx.application.Platform;
import org.postern.console.common.DialogService;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsaRolloverCheck;

/**
 * DANE-7 in the console: a certificate change runs as background work that first asks the engine
 * for its rollover check; when the check warns, this shows {@link TlsaRolloverDialog} on the FX
 * thread and waits for the answer (off the FX thread). The work then asks the engine for the
 * change with the answer as its confirmation; the engine checks again, so nothing is ever changed
 * on a stale answer.
 */
public final class RolloverConfirmation {

    private final DialogService dialogs;

    public RolloverConfirmation(DialogService dialogs) {
        this.dialogs = dialogs;
    }

    /**
     * Whether to confirm the change: false when the check needs no confirmation, true when the
     * administrator chose to proceed; throws a {@link PosternException} (nothing changed) when they
     * cancelled.
     */
    public boolean confirm(TlsaRolloverCheck check, String proceedLabel) {
        if (!check.needsConfirmation()) {
            return false;
        }
        boolean proceed;
        if (Platform.isFxApplicationThread()) {
            proceed = ask(check, proceedLabel);
        } else {
            CompletableFuture<Boolean> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    answer.complete(ask(check, proceedLabel));
                } catch (RuntimeException | Error e) {
                    answer.completeExceptionally(e);
                }
            });
            try {
                proceed = answer.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new PosternException("cancelled: nothing was changed");
            } catch (ExecutionException e) {
                throw new IllegalStateException(e.getCause());
            }
        }
        if (!proceed) {
            throw new PosternException("Nothing was changed: " + check.headline() + ".");
        }
        return true;
    }

    private boolean ask(TlsaRolloverCheck check, String proceedLabel) {
        return TlsaRolloverDialog.proceeds(dialogs.showDialog(TlsaRolloverDialog.create(check, proceedLabel)));
    }
}

package org.postern.console.shell;

/**
 * What the main window's File menu asks of whoever owns the window: quit, connect to a remote
 * engine, return to the embedded engine. A null action leaves its menu item out.
 */
public record ShellActions(Runnable quit, Runnable connect, Runnable useEmbedded) {

    public static ShellActions quitOnly(Runnable quit) {
        return new ShellActions(quit, null, null);
    }
}

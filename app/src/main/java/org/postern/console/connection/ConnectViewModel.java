package org.postern.console.connection;

import java.net.URI;
import java.security.cert.CertificateException;
import java.util.Objects;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.console.common.TaskHandle;
import org.postern.engine.admin.RemoteGateway;
import org.postern.engine.admin.ServerIdentity;
import org.postern.engine.api.PosternException;

/**
 * File › Connect… (ADM-2a): the engine's address and the administrator's password; on first use
 * the certificate the engine presents is fetched and shown for the administrator to compare with
 * what the engine shows locally, and pinned only once confirmed and logged in. An engine already
 * pinned is logged in to at once, through its pin: a changed certificate is refused with the
 * engine client's message, and is never re-pinned silently (forgetting a pin is its own action).
 * Network work runs off the FX thread.
 */
public final class ConnectViewModel {

    public enum Step {
        /** Address and password are being entered. */
        ENTER,
        /** Fetching the certificate the engine presents. */
        CHECKING,
        /** The certificate is shown; the administrator confirms it or cancels. */
        CONFIRM,
        LOGGING_IN,
        CONNECTED,
        /** Refused or unreachable; {@link #errorProperty()} says why. */
        FAILED
    }

    private final PinStore pins;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final ReadOnlyObjectWrapper<Step> step = new ReadOnlyObjectWrapper<>(this, "step", Step.ENTER);
    private final ReadOnlyObjectWrapper<ServerIdentity> identity = new ReadOnlyObjectWrapper<>(this, "identity");
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyStringWrapper progress = new ReadOnlyStringWrapper(this, "progress", "");
    private final ReadOnlyBooleanWrapper pinRefused = new ReadOnlyBooleanWrapper(this, "pinRefused");
    private final ReadOnlyObjectWrapper<Connection> connection = new ReadOnlyObjectWrapper<>(this, "connection");
    private TaskHandle running = TaskHandle.DONE;
    private boolean cancelled;

    public ConnectViewModel(PinStore pins, TaskExecutor executor, DialogService dialogs) {
        this.pins = Objects.requireNonNull(pins);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        address.addListener((o, a, b) -> edited());
    }

    private void edited() {
        if (step.get() == Step.CONFIRM || step.get() == Step.FAILED) {
            identity.set(null);
            error.set(null);
            pinRefused.set(false);
            step.set(Step.ENTER);
        }
    }

    /** The canonical address ({@code https://host:port}) of what was typed, or a PosternException saying why not. */
    public String canonicalAddress() {
        String typed = address.get() == null ? "" : address.get().strip();
        if (typed.isEmpty()) {
            throw new PosternException("give the engine's address, https://HOST[:PORT]");
        }
        if (!typed.contains("://")) {
            typed = "https://" + typed;
        }
        try {
            return RemoteGateway.canonicalAddress(URI.create(typed));
        } catch (IllegalArgumentException e) {
            throw new PosternException("'" + address.get().strip() + "' is not an engine address; give https://HOST[:PORT]");
        }
    }

    /** The pinned fingerprint of the typed address, or null (also when the address is not valid). */
    public String pinnedFingerprint() {
        try {
            return pins.get(canonicalAddress()).orElse(null);
        } catch (PosternException e) {
            return null;
        }
    }

    /**
     * The dialog's main button: from ENTER (or after a failure) checks the address, then logs in
     * through the pin, or fetches the certificate for confirmation; in CONFIRM, trusts it and logs in.
     */
    public void proceed() {
        switch (step.get()) {
            case ENTER, FAILED -> begin();
            case CONFIRM -> login(identity.get().sha256Fingerprint(), true);
            default -> { }
        }
    }

    private void begin() {
        String target;
        try {
            target = canonicalAddress();
        } catch (PosternException e) {
            fail(e.getMessage(), false);
            return;
        }
        if (password.get() == null || password.get().isEmpty()) {
            fail("give the administrator's password (on a new engine: the file admin-initial-password in its"
                    + " data directory)", false);
            return;
        }
        error.set(null);
        pinRefused.set(false);
        String pinned = pins.get(target).orElse(null);
        if (pinned != null) {
            login(pinned, false);
            return;
        }
        step.set(Step.CHECKING);
        progress.set("Reading the certificate of " + target + "…");
        cancelled = false;
        running = executor.execute(BackgroundTask.call("Reading the engine's certificate",
                        () -> ServerIdentity.fetch(URI.create(target)))
                .onSuccess(id -> {
                    if (cancelled) {
                        return;
                    }
                    identity.set(id);
                    step.set(Step.CONFIRM);
                })
                .onFailure(e -> fail(Operation.describe(e), false)));
    }

    private void login(String pin, boolean firstUse) {
        String target = canonicalAddress();
        char[] secret = password.get().toCharArray();
        step.set(Step.LOGGING_IN);
        progress.set("Logging in to " + target + "…");
        cancelled = false;
        running = executor.execute(BackgroundTask.call("Logging in to the engine", () -> {
                    RemoteGateway.Login login = RemoteGateway.login(URI.create(target), pin, secret, null);
                    RemoteGateway gateway = RemoteGateway.overHttps(URI.create(target), pin, login.token());
                    try {
                        gateway.location(); // the first call through the token: it works before the screens switch
                    } catch (RuntimeException e) {
                        gateway.close();
                        throw e;
                    }
                    return new Connection(gateway, ManagedEngine.remote(target, pin), login.expires());
                })
                .onSuccess(c -> {
                    if (cancelled) {
                        c.gateway().close();
                        return;
                    }
                    if (firstUse) {
                        pins.pin(target, pin);
                    }
                    password.set("");
                    step.set(Step.CONNECTED);
                    connection.set(c);
                })
                .onFailure(e -> {
                    boolean refusedByPin = !firstUse && causedByCertificate(e);
                    fail(Operation.describe(e), refusedByPin);
                    if (refusedByPin) {
                        dialogs.showError("The engine's certificate has changed", Operation.describe(e));
                    }
                }));
    }

    private static boolean causedByCertificate(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof CertificateException) {
                return true;
            }
        }
        return false;
    }

    private void fail(String message, boolean byPin) {
        error.set(message);
        pinRefused.set(byPin);
        step.set(Step.FAILED);
    }

    /**
     * Forgets the pin of the typed address after the administrator confirms: the next attempt shows
     * the certificate the engine presents now, for checking like a first use.
     */
    public boolean forgetPin() {
        String target;
        try {
            target = canonicalAddress();
        } catch (PosternException e) {
            return false;
        }
        String pinned = pins.get(target).orElse(null);
        if (pinned == null || !dialogs.confirm("Forget this engine's pin",
                "Forget the certificate pinned for " + target + "?",
                "The console will show the certificate the engine presents now and ask you to compare its SHA-256"
                        + " fingerprint with the one the engine shows locally (postern interfaceconfig, or Network ›"
                        + " IP Interfaces on the engine). Pinned until now: " + pinned, "Forget pin")) {
            return false;
        }
        pins.forget(target);
        error.set(null);
        pinRefused.set(false);
        step.set(Step.ENTER);
        return true;
    }

    /** The dialog is closing without a connection: work still running is dropped (a late login is closed). */
    public void cancel() {
        cancelled = true;
        running.cancel();
    }

    public StringProperty addressProperty() { return address; }
    public StringProperty passwordProperty() { return password; }
    public ReadOnlyObjectProperty<Step> stepProperty() { return step.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<ServerIdentity> identityProperty() { return identity.getReadOnlyProperty(); }
    public ReadOnlyStringProperty errorProperty() { return error.getReadOnlyProperty(); }
    public ReadOnlyStringProperty progressProperty() { return progress.getReadOnlyProperty(); }
    public ReadOnlyBooleanProperty pinRefusedProperty() { return pinRefused.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Connection> connectionProperty() { return connection.getReadOnlyProperty(); }
}

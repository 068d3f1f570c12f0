package org.postern.console.alerts;

import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.AlertApi.AlertRecipient;
import org.postern.engine.api.AlertApi.AlertType;
import org.postern.engine.api.AlertApi.Severity;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogApi;
import org.postern.engine.api.MailLogQuery;

/**
 * System Administration › Alerts (ALR-1, DLV-7): the alert recipients with their types and
 * severities, and the alerts the engine raised lately (its mail log keeps each one as a warning).
 */
public final class AlertsViewModel {

    /** How many log entries are looked at for recent alerts. */
    static final int RECENT_LIMIT = 200;
    private static final Pattern ALERT = Pattern.compile("alert \\((\\w+)/(\\w+)\\): (.*)", Pattern.DOTALL);

    /** One alert as logged: "alert (system/warning): subject — sent to …". */
    public record RecentAlert(Instant time, String type, String severity, String text) {
    }

    private final AlertApi api;
    private final MailLogApi mailLog;
    private final TaskExecutor executor;
    private final DialogService dialogs;

    private final ObservableList<AlertRecipient> recipients = FXCollections.observableArrayList();
    private final ObservableList<RecentAlert> recent = FXCollections.observableArrayList();
    private final ObjectProperty<AlertRecipient> selected = new SimpleObjectProperty<>(this, "selected");
    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final ObjectProperty<AlertType> type = new SimpleObjectProperty<>(this, "type", AlertType.SYSTEM);
    private final ObjectProperty<Severity> severity = new SimpleObjectProperty<>(this, "severity", Severity.WARNING);
    private final BooleanProperty loading = new SimpleBooleanProperty(this, "loading");
    private final ReadOnlyBooleanWrapper loaded = new ReadOnlyBooleanWrapper(this, "loaded");
    private final Operation<AlertRecipient> adding = new Operation<>();

    public AlertsViewModel(AlertApi api, MailLogApi mailLog, TaskExecutor executor, DialogService dialogs) {
        this.api = Objects.requireNonNull(api);
        this.mailLog = Objects.requireNonNull(mailLog);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
    }

    private record Listing(List<AlertRecipient> recipients, List<RecentAlert> recent) {
    }

    /** Reloads the recipients and the recent alerts. */
    public void refresh() {
        loading.set(true);
        executor.execute(BackgroundTask.call("Loading alerts", () -> new Listing(api.recipients(), recentAlerts()))
                .onSuccess(l -> {
                    AlertRecipient keep = selected.get();
                    recipients.setAll(l.recipients());
                    recent.setAll(l.recent());
                    selected.set(keep != null && recipients.contains(keep) ? keep : null);
                    loaded.set(true);
                })
                .onFailure(e -> dialogs.showError("Could not load the alerts", Operation.describe(e)))
                .onFinished(() -> loading.set(false)));
    }

    private List<RecentAlert> recentAlerts() {
        MailLogQuery query = MailLogQuery.latest(RECENT_LIMIT).withType(MailEvent.Type.WARNING);
        return mailLog.search(query).stream()
                .filter(e -> e.text() != null && e.text().startsWith("alert ("))
                .map(AlertsViewModel::parse)
                .toList();
    }

    static RecentAlert parse(MailEvent e) {
        Matcher m = ALERT.matcher(e.text());
        if (m.matches()) {
            return new RecentAlert(e.time(), capitalize(m.group(1)), capitalize(m.group(2)), m.group(3));
        }
        return new RecentAlert(e.time(), "", "", e.text());
    }

    // ------------------------------------------------------------------ recipients

    /** Null when the address can receive alerts: the engine's rule, then no duplicate subscription. */
    public String addressProblem() {
        String a = address.get() == null ? "" : address.get().strip();
        if (a.isEmpty()) {
            return "Enter the address that should receive alerts, e.g. postmaster@example.com";
        }
        String problem = InputRules.alertRecipientProblem(a);
        if (problem != null) {
            return problem;
        }
        AlertRecipient r = recipient();
        if (recipients.stream().anyMatch(x -> x.address().equalsIgnoreCase(r.address()) && x.type() == r.type()
                && x.severity() == r.severity())) {
            return r.address() + " already receives " + label(r.type()) + " / " + label(r.severity()) + " alerts";
        }
        return null;
    }

    private AlertRecipient recipient() {
        return new AlertRecipient(address.get() == null ? "" : address.get().strip(), type.get(), severity.get());
    }

    /** Adds the recipient in the background; the engine's refusal is kept in {@link #adding()}. */
    public void add() {
        if (addressProblem() != null) {
            return;
        }
        AlertRecipient r = recipient();
        adding.start(executor, "Adding " + r.address(), p -> {
            api.add(r);
            return r;
        }, added -> {
            address.set("");
            refresh();
            selected.set(added);
        });
    }

    /** Removes a recipient after the administrator confirms. */
    public void remove(AlertRecipient r) {
        if (r == null) {
            return;
        }
        if (!dialogs.confirm("Remove alert recipient", "Stop sending " + label(r.type()) + " / " + label(r.severity())
                + " alerts to " + r.address() + "?", "Other alert types and severities of this address are kept.",
                "Remove")) {
            return;
        }
        executor.execute(BackgroundTask.run("Removing " + r.address(), () -> api.remove(r))
                .onSuccess(v -> {
                    selected.set(null);
                    refresh();
                })
                .onFailure(e -> dialogs.showError("Could not remove " + r.address(), Operation.describe(e))));
    }

    public static String label(AlertType t) {
        return t == AlertType.SYSTEM ? "System" : "Security";
    }

    public static String label(Severity s) {
        return capitalize(s.name());
    }

    /** What each type and severity is for. */
    public static String explanation(AlertType t) {
        return t == AlertType.SYSTEM
                ? "the gateway itself: delivery trouble, failed required TLS (DLV-7), the queue"
                : "security events, for example DANE authentication failures";
    }

    private static String capitalize(String s) {
        String lower = s.toLowerCase(Locale.ROOT);
        return lower.isEmpty() ? lower : Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    public ObservableList<AlertRecipient> recipients() { return recipients; }
    public ObservableList<RecentAlert> recent() { return recent; }
    public ObjectProperty<AlertRecipient> selectedProperty() { return selected; }
    public StringProperty addressProperty() { return address; }
    public ObjectProperty<AlertType> typeProperty() { return type; }
    public ObjectProperty<Severity> severityProperty() { return severity; }
    public BooleanProperty loadingProperty() { return loading; }
    public ReadOnlyBooleanProperty loadedProperty() { return loaded.getReadOnlyProperty(); }
    public Operation<AlertRecipient> adding() { return adding; }
    public DialogService dialogs() { return dialogs; }
}

package org.postern.console.maillog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.postern.console.common.BackgroundTask;
import org.postern.console.common.DialogService;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogApi;
import org.postern.engine.api.MailLogQuery;
import org.postern.engine.api.TlsOutcome;

/**
 * Monitor › Mail Log (LOG-3): the live tail of the mail log. The engine's subscription thread puts
 * events into a bounded {@link EventBuffer}; the view calls {@link #drain()} a few times a second on
 * the FX thread and the whole batch is added at once (never one hand-over per event). The list keeps
 * the newest {@code capacity} events, newest first, with filters (event type, TLS outcome, words in
 * sender, recipient, domain, message id or text), pause, export of the visible rows, and the TLS
 * coverage of connections and delivery attempts over what is kept.
 */
public final class MailLogViewModel {

    public static final int DEFAULT_CAPACITY = 10_000;
    public static final int INITIAL_FILL = 500;

    private static final Set<MailEvent.Type> DANGER = Set.of(MailEvent.Type.REFUSED, MailEvent.Type.TLS_FAILED,
            MailEvent.Type.STARTTLS_REQUIRED, MailEvent.Type.MESSAGE_REJECTED, MailEvent.Type.BOUNCED);
    private static final Set<MailEvent.Type> WARNING = Set.of(MailEvent.Type.DEFERRED, MailEvent.Type.WARNING);
    private static final Set<MailEvent.Type> SUCCESS = Set.of(MailEvent.Type.DELIVERED,
            MailEvent.Type.MESSAGE_ACCEPTED, MailEvent.Type.TLS_ESTABLISHED);
    private static final Set<MailEvent.Type> DELIVERY_ATTEMPTS = Set.of(MailEvent.Type.DELIVERED,
            MailEvent.Type.DEFERRED, MailEvent.Type.BOUNCED);
    private static final DateTimeFormatter CSV_TIME = DateTimeFormatter.ISO_INSTANT;

    private final MailLogApi api;
    private final TaskExecutor executor;
    private final DialogService dialogs;
    private final int capacity;
    private final EventBuffer buffer;

    private final ObservableList<MailEvent> events = FXCollections.observableArrayList();
    private final FilteredList<MailEvent> visible = new FilteredList<>(events, e -> true);
    private final ObjectProperty<MailEvent.Type> typeFilter = new SimpleObjectProperty<>(this, "typeFilter");
    private final ObjectProperty<TlsOutcome> tlsFilter = new SimpleObjectProperty<>(this, "tlsFilter");
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final BooleanProperty paused = new SimpleBooleanProperty(this, "paused");
    private final ReadOnlyBooleanWrapper live = new ReadOnlyBooleanWrapper(this, "live");
    private final ReadOnlyIntegerWrapper waiting = new ReadOnlyIntegerWrapper(this, "waiting");
    private final ReadOnlyLongWrapper batches = new ReadOnlyLongWrapper(this, "batches");
    private final ReadOnlyObjectWrapper<Coverage> coverage = new ReadOnlyObjectWrapper<>(this, "coverage",
            Coverage.of(List.of()));
    private volatile AutoCloseable subscription;
    private long initialMaxId = -1;
    private boolean closed;

    public MailLogViewModel(MailLogApi api, TaskExecutor executor, DialogService dialogs) {
        this(api, executor, dialogs, DEFAULT_CAPACITY);
    }

    public MailLogViewModel(MailLogApi api, TaskExecutor executor, DialogService dialogs, int capacity) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.dialogs = Objects.requireNonNull(dialogs);
        this.capacity = capacity;
        this.buffer = new EventBuffer(capacity);
        typeFilter.addListener((o, a, b) -> updatePredicate());
        tlsFilter.addListener((o, a, b) -> updatePredicate());
        search.addListener((o, a, b) -> updatePredicate());
        paused.addListener((o, a, b) -> {
            if (!b) {
                drain();
            }
        });
    }

    // ------------------------------------------------------------ live tail

    /**
     * Subscribes (first, so nothing logged meanwhile is missed) and fills the list with the latest
     * {@value #INITIAL_FILL} events; both off the FX thread. Live events wait in the buffer until
     * the initial fill is in.
     */
    public void start() {
        executor.execute(BackgroundTask.call("Reading the mail log", () -> {
                    subscription = api.subscribe(buffer::add);
                    return api.search(MailLogQuery.latest(INITIAL_FILL));
                })
                .onSuccess(initial -> {
                    if (closed) {
                        closeSubscription();
                        return;
                    }
                    events.setAll(initial.size() > capacity ? initial.subList(0, capacity) : initial);
                    initialMaxId = initial.stream().mapToLong(MailEvent::id).max().orElse(0);
                    live.set(true);
                    drain();
                    updateCoverage();
                })
                .onFailure(e -> dialogs.showError("Could not read the mail log", Operation.describe(e))));
    }

    /**
     * Takes what the engine delivered since the last call and shows it as one batch (FX thread;
     * the view calls this every 200 ms). Paused, the events wait (bounded) and are counted.
     */
    public void drain() {
        if (!live.get() || paused.get()) {
            waiting.set(buffer.size());
            return;
        }
        List<MailEvent> batch = buffer.drain();
        waiting.set(0);
        if (batch.isEmpty()) {
            return;
        }
        List<MailEvent> fresh = new ArrayList<>(batch.size());
        for (int i = batch.size() - 1; i >= 0; i--) {
            MailEvent e = batch.get(i);
            // the initial search may already hold events the subscription also delivered
            if (e.id() == 0 || e.id() > initialMaxId) {
                fresh.add(e);
            }
        }
        if (fresh.isEmpty()) {
            return;
        }
        if (fresh.size() > capacity) {
            fresh = fresh.subList(0, capacity);
        }
        int overflow = events.size() + fresh.size() - capacity;
        if (overflow > 0) {
            events.remove(events.size() - overflow, events.size());
        }
        events.addAll(0, fresh);
        batches.set(batches.get() + 1);
        updateCoverage();
    }

    /** Stops following the log (window closing). */
    public void close() {
        closed = true;
        live.set(false);
        closeSubscription();
    }

    private void closeSubscription() {
        AutoCloseable s = subscription;
        subscription = null;
        if (s != null) {
            executor.execute(BackgroundTask.call("Closing the mail log subscription", () -> {
                s.close();
                return null;
            }));
        }
    }

    // --------------------------------------------------------------- filters

    private void updatePredicate() {
        MailEvent.Type type = typeFilter.get();
        TlsOutcome tls = tlsFilter.get();
        String[] words = words(search.get());
        visible.setPredicate(e -> (type == null || e.type() == type) && (tls == null || e.tls() == tls)
                && matches(e, words));
    }

    private static String[] words(String query) {
        if (query == null || query.isBlank()) {
            return new String[0];
        }
        return query.toLowerCase(Locale.ROOT).trim().split("\\s+");
    }

    /** Every word must occur in the sender, recipient, domain, message id, remote, listener or text. */
    public static boolean matches(MailEvent e, String query) {
        return matches(e, words(query));
    }

    private static boolean matches(MailEvent e, String[] words) {
        if (words.length == 0) {
            return true;
        }
        String haystack = String.join("\n", n(e.sender()), n(e.recipient()), n(e.domain()), n(e.messageId()),
                n(e.remote()), n(e.listener()), n(e.text())).toLowerCase(Locale.ROOT);
        return Arrays.stream(words).allMatch(haystack::contains);
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }

    // ------------------------------------------------------------ colouring

    /** The semantic style of an event: "danger", "warning", "success" or "" (LOG-3 colour by outcome). */
    public static String styleOf(MailEvent e) {
        if (DANGER.contains(e.type())) {
            return "danger";
        }
        if (WARNING.contains(e.type())) {
            return "warning";
        }
        if (SUCCESS.contains(e.type())) {
            return "success";
        }
        return "";
    }

    // ------------------------------------------------------------- coverage

    /** TLS coverage over the kept events: inbound connections and delivery attempts by TLS outcome. */
    public record Coverage(Map<TlsOutcome, Integer> connections, Map<TlsOutcome, Integer> deliveries) {

        static Coverage of(List<MailEvent> events) {
            Map<TlsOutcome, Integer> in = new EnumMap<>(TlsOutcome.class);
            Map<TlsOutcome, Integer> out = new EnumMap<>(TlsOutcome.class);
            for (MailEvent e : events) {
                if (e.tls() == null) {
                    continue;
                }
                if (e.type() == MailEvent.Type.DISCONNECTED) {
                    in.merge(e.tls(), 1, Integer::sum);
                } else if (DELIVERY_ATTEMPTS.contains(e.type())) {
                    out.merge(e.tls(), 1, Integer::sum);
                }
            }
            return new Coverage(in, out);
        }

        public static int total(Map<TlsOutcome, Integer> counts) {
            return counts.values().stream().mapToInt(Integer::intValue).sum();
        }

        public static int encrypted(Map<TlsOutcome, Integer> counts) {
            return total(counts) - counts.getOrDefault(TlsOutcome.NONE, 0);
        }

        /** "12 connections · 75% with TLS (opportunistic (unverified) 9, none 3)". */
        public static String describe(Map<TlsOutcome, Integer> counts, String noun) {
            int total = total(counts);
            if (total == 0) {
                return "no " + noun + "s yet";
            }
            StringBuilder text = new StringBuilder().append(total).append(' ').append(noun)
                    .append(total == 1 ? "" : "s").append(" · ")
                    .append(Math.round(100.0 * encrypted(counts) / total)).append("% with TLS (");
            List<String> parts = new ArrayList<>();
            counts.forEach((k, v) -> parts.add(k.label() + " " + v));
            return text.append(String.join(", ", parts)).append(')').toString();
        }

        public String connectionsText() {
            return describe(connections, "inbound connection");
        }

        public String deliveriesText() {
            return describe(deliveries, "delivery attempt");
        }
    }

    private void updateCoverage() {
        coverage.set(Coverage.of(events));
    }

    // --------------------------------------------------------------- export

    /** Writes the visible rows (as filtered, newest first) to {@code file} as CSV, off the FX thread. */
    public void export(Path file, Runnable onSaved) {
        List<MailEvent> rows = List.copyOf(visible);
        executor.execute(BackgroundTask.run("Exporting the mail log", () -> {
                    try {
                        Files.writeString(file, csv(rows), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
                    }
                })
                .onSuccess(v -> onSaved.run())
                .onFailure(e -> dialogs.showError("Could not export the mail log", Operation.describe(e))));
    }

    static final String CSV_HEADER = "time,event,listener,connection,remote,message_id,sender,recipient,domain,"
            + "tls,protocol,cipher,peer_subject,result_type,text";

    /** RFC 4180 CSV with a header line. */
    public static String csv(List<MailEvent> rows) {
        StringBuilder out = new StringBuilder(CSV_HEADER).append("\r\n");
        for (MailEvent e : rows) {
            String[] cells = {e.time() == null ? "" : CSV_TIME.format(e.time()), e.type().name(), e.listener(),
                    e.connection(), e.remote(), e.messageId(), e.sender(), e.recipient(), e.domain(),
                    e.tls() == null ? "" : e.tls().name().toLowerCase(Locale.ROOT), e.protocol(), e.cipher(),
                    e.peerSubject(), e.resultType(), e.text()};
            for (int i = 0; i < cells.length; i++) {
                if (i > 0) {
                    out.append(',');
                }
                out.append(quote(cells[i]));
            }
            out.append("\r\n");
        }
        return out.toString();
    }

    private static String quote(String s) {
        if (s == null) {
            return "";
        }
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return '"' + s.replace("\"", "\"\"") + '"';
        }
        return s;
    }

    // --------------------------------------------------------------- access

    public ObservableList<MailEvent> events() { return events; }
    public FilteredList<MailEvent> visibleEvents() { return visible; }
    public ObjectProperty<MailEvent.Type> typeFilterProperty() { return typeFilter; }
    public ObjectProperty<TlsOutcome> tlsFilterProperty() { return tlsFilter; }
    public StringProperty searchProperty() { return search; }
    public BooleanProperty pausedProperty() { return paused; }
    /** True once the initial fill is in and live events are shown. */
    public ReadOnlyBooleanProperty liveProperty() { return live.getReadOnlyProperty(); }
    /** Events waiting while paused. */
    public ReadOnlyIntegerProperty waitingProperty() { return waiting.getReadOnlyProperty(); }
    /** How many batches were handed to the list (tests: never one per event). */
    public ReadOnlyLongProperty batchesProperty() { return batches.getReadOnlyProperty(); }
    public ReadOnlyObjectProperty<Coverage> coverageProperty() { return coverage.getReadOnlyProperty(); }
    public int capacity() { return capacity; }
    public EventBuffer buffer() { return buffer; }
    public DialogService dialogs() { return dialogs; }
}

package org.postern.console.maillog;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.controlsfx.control.textfield.TextFields;
import org.postern.console.common.Controls;
import org.postern.console.common.FileFilter;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.TlsOutcome;

/**
 * Monitor › Mail Log (LOG-3): the live tail with filters, pause, search, colour by outcome, export
 * and the TLS coverage summary. Events reach the table in batches, five times a second.
 */
public final class MailLogView extends BorderPane {

    public static final Duration DRAIN_INTERVAL = Duration.millis(200);
    static final String STYLESHEET = MailLogView.class.getResource("maillog.css").toExternalForm();
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("MM-dd HH:mm:ss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final MailLogViewModel vm;
    private final TableView<MailEvent> table = new TableView<>();
    private final Timeline drain;

    public MailLogView(MailLogViewModel vm) {
        this.vm = vm;
        setId("mailLogView");
        getStyleClass().add("mail-log-view");
        getStylesheets().add(STYLESHEET);

        Label heading = new Label("Mail Log");
        heading.getStyleClass().add("title-2");
        Label sub = new Label("Connections, TLS sessions, messages and delivery attempts as they happen, newest "
                + "first, with each TLS outcome (LOG-1). The newest " + String.format(Locale.ROOT, "%,d",
                vm.capacity()) + " events are kept here; the full log is stored by the engine.");
        sub.getStyleClass().add("text-muted");
        sub.setWrapText(true);

        ComboBox<MailEvent.Type> type = new ComboBox<>();
        type.setId("typeFilter");
        List<MailEvent.Type> types = new ArrayList<>();
        types.add(null);
        types.addAll(List.of(MailEvent.Type.values()));
        type.getItems().setAll(types);
        type.setButtonCell(new TypeCell());
        type.setCellFactory(l -> new TypeCell());
        type.valueProperty().bindBidirectional(vm.typeFilterProperty());
        type.setTooltip(new Tooltip("Show one kind of event only"));

        ComboBox<TlsOutcome> tls = new ComboBox<>();
        tls.setId("tlsFilter");
        List<TlsOutcome> outcomes = new ArrayList<>();
        outcomes.add(null);
        outcomes.addAll(List.of(TlsOutcome.values()));
        tls.getItems().setAll(outcomes);
        tls.setButtonCell(new TlsCell());
        tls.setCellFactory(l -> new TlsCell());
        tls.valueProperty().bindBidirectional(vm.tlsFilterProperty());
        tls.setTooltip(new Tooltip("Show one TLS outcome only"));

        TextField search = TextFields.createClearableTextField();
        search.setId("logSearch");
        search.setPromptText("Search sender, recipient, domain, message id, text…");
        search.textProperty().bindBidirectional(vm.searchProperty());
        search.setMinWidth(180);
        search.setMaxWidth(460);
        HBox.setHgrow(search, Priority.ALWAYS);

        ToggleButton pause = new ToggleButton();
        pause.setId("pauseLog");
        pause.setMnemonicParsing(false);
        pause.selectedProperty().bindBidirectional(vm.pausedProperty());
        pause.textProperty().bind(Bindings.when(vm.pausedProperty()).then("Resume").otherwise("Pause"));
        pause.setTooltip(new Tooltip("Stop adding new events while you read; they wait and appear on resume"));
        pause.setMinWidth(Region.USE_PREF_SIZE);

        Button export = new Button("Export…");
        export.setId("exportLog");
        export.setMnemonicParsing(false);
        export.setTooltip(new Tooltip("Save the rows shown (with the filters applied) as a CSV file"));
        export.setOnAction(e -> exportVisible());
        export.setMinWidth(Region.USE_PREF_SIZE);

        Label shown = new Label();
        shown.setId("logCount");
        shown.getStyleClass().add("text-muted");
        shown.textProperty().bind(Bindings.createStringBinding(() -> {
            String base = vm.visibleEvents().size() + " of " + vm.events().size() + " events";
            if (!vm.liveProperty().get()) {
                return "Reading the mail log…";
            }
            if (vm.pausedProperty().get()) {
                return base + " · paused, " + vm.waitingProperty().get() + " new waiting";
            }
            return base + " · live";
        }, vm.visibleEvents(), vm.events(), vm.pausedProperty(), vm.waitingProperty(), vm.liveProperty()));
        shown.setMinWidth(Region.USE_PREF_SIZE);

        HBox toolbar = new HBox(8, label("Event", type), type, label("TLS", tls), tls, search, pause, export, shown);
        toolbar.setAlignment(Pos.CENTER_LEFT);
        toolbar.getStyleClass().add("page-toolbar");
        VBox top = new VBox(8, new VBox(2, heading, sub), toolbar);
        top.getStyleClass().add("page-header");
        setTop(top);

        buildTable();
        VBox center = new VBox(table);
        VBox.setVgrow(table, Priority.ALWAYS);
        center.getStyleClass().add("page-body");
        setCenter(center);
        setBottom(coverageBar());

        drain = new Timeline(new KeyFrame(DRAIN_INTERVAL, e -> vm.drain()));
        drain.setCycleCount(Animation.INDEFINITE);
        drain.play();
    }

    private static Label label(String text, javafx.scene.Node field) {
        Label l = new Label(text);
        l.setLabelFor(field);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private HBox coverageBar() {
        Label title = new Label("TLS coverage");
        title.getStyleClass().add("section-title");
        Label inbound = new Label();
        inbound.setId("coverageInbound");
        Label outbound = new Label();
        outbound.setId("coverageOutbound");
        vm.coverageProperty().addListener((o, a, c) -> fillCoverage(inbound, outbound, c));
        fillCoverage(inbound, outbound, vm.coverageProperty().get());
        HBox bar = new HBox(18, title, inbound, outbound);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getStyleClass().add("coverage-bar");
        bar.setId("tlsCoverage");
        return bar;
    }

    private static void fillCoverage(Label inbound, Label outbound, MailLogViewModel.Coverage c) {
        inbound.setText("Inbound: " + c.connectionsText());
        outbound.setText("Outbound: " + c.deliveriesText());
        style(inbound, c.connections());
        style(outbound, c.deliveries());
    }

    private static void style(Label l, java.util.Map<TlsOutcome, Integer> counts) {
        l.getStyleClass().removeAll("success", "warning", "danger");
        int total = MailLogViewModel.Coverage.total(counts);
        if (total > 0) {
            int enc = MailLogViewModel.Coverage.encrypted(counts);
            l.getStyleClass().add(enc == total ? "success" : enc * 2 >= total ? "warning" : "danger");
        }
    }

    private void buildTable() {
        table.setId("mailLogTable");
        table.getStyleClass().addAll("dense", "mail-log-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        Label empty = new Label("No events match. Mail arriving on a listener shows here as it happens.");
        empty.getStyleClass().add("placeholder-text");
        table.setPlaceholder(empty);

        TableColumn<MailEvent, String> time = column("Time", e -> e.time() == null ? "" : TIME.format(e.time()), 120);
        time.setMinWidth(115);
        TableColumn<MailEvent, String> type = column("Event", e -> typeLabel(e.type()), 125);
        type.setMinWidth(110);
        TableColumn<MailEvent, String> listener = column("Listener", MailEvent::listener, 100);
        TableColumn<MailEvent, String> remote = column("Remote", MailEvent::remote, 90);
        TableColumn<MailEvent, String> sender = column("Sender", MailEvent::sender, 125);
        TableColumn<MailEvent, String> recipient = column("Recipient", MailEvent::recipient, 125);
        TableColumn<MailEvent, String> domain = column("Domain", MailEvent::domain, 95);
        TableColumn<MailEvent, MailEvent> tls = new TableColumn<>("TLS");
        tls.setCellValueFactory(c -> new SimpleObjectProperty<>(c.getValue()));
        tls.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(MailEvent e, boolean empty) {
                super.updateItem(e, empty);
                if (empty || e == null || e.tls() == null) {
                    setGraphic(null);
                    setTooltip(null);
                    return;
                }
                Label badge = Controls.badge(shortTls(e.tls()), tlsStyle(e.tls()));
                setGraphic(badge);
                String detail = e.tls().label() + (e.protocol() == null ? "" : "\n" + e.protocol() + " " + n(e.cipher()))
                        + (e.peerSubject() == null ? "" : "\npeer: " + e.peerSubject());
                setTooltip(new Tooltip(detail));
            }
        });
        tls.setPrefWidth(105);
        tls.setMinWidth(90);
        TableColumn<MailEvent, String> cipher = column("Protocol / cipher",
                e -> e.protocol() == null ? "" : e.protocol() + " " + n(e.cipher()), 150);
        TableColumn<MailEvent, String> result = column("Result type", MailEvent::resultType, 110);
        result.setMinWidth(95);
        TableColumn<MailEvent, String> text = column("Text", MailEvent::text, 320);
        // protocol and cipher are in the TLS badge's tooltip; the column can be shown from the table menu
        cipher.setVisible(false);
        table.setTableMenuButtonVisible(true);
        text.setMinWidth(220);
        table.getColumns().addAll(List.of(time, type, listener, remote, sender, recipient, domain, tls, cipher, result, text));
        table.setItems(vm.visibleEvents());
        table.setRowFactory(tv -> new TableRow<>() {
            @Override
            protected void updateItem(MailEvent e, boolean empty) {
                super.updateItem(e, empty);
                getStyleClass().removeAll("log-danger", "log-warning", "log-success");
                if (!empty && e != null) {
                    String style = MailLogViewModel.styleOf(e);
                    if (!style.isEmpty()) {
                        getStyleClass().add("log-" + style);
                    }
                }
            }
        });
    }

    private static TableColumn<MailEvent, String> column(String title, Function<MailEvent, String> value, double width) {
        TableColumn<MailEvent, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cell -> new SimpleStringProperty(n(value.apply(cell.getValue()))));
        c.setPrefWidth(width);
        c.setMinWidth(Math.min(width, 60));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String s, boolean empty) {
                super.updateItem(s, empty);
                setText(empty ? null : s);
                setTooltip(empty || s == null || s.isEmpty() ? null : new Tooltip(s));
            }
        });
        return c;
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }

    static String typeLabel(MailEvent.Type t) {
        if (t == null) {
            return "All events";
        }
        String s = t.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        return s.equals("starttls required") ? "STARTTLS required"
                : s.startsWith("tls ") ? "TLS" + s.substring(3) : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    static String shortTls(TlsOutcome t) {
        return switch (t) {
            case NONE -> "none";
            case OPPORTUNISTIC -> "opportunistic";
            case REQUIRED -> "required";
            case VERIFIED -> "verified";
            case TRUSTED -> "trusted";
            case DANE -> "DANE";
        };
    }

    static String tlsStyle(TlsOutcome t) {
        return switch (t) {
            case NONE -> "warning";
            case OPPORTUNISTIC, REQUIRED -> "accent";
            case VERIFIED, TRUSTED, DANE -> "success";
        };
    }

    private static final class TypeCell extends ListCell<MailEvent.Type> {
        @Override
        protected void updateItem(MailEvent.Type t, boolean empty) {
            super.updateItem(t, empty);
            setText(empty ? null : typeLabel(t));
        }
    }

    private static final class TlsCell extends ListCell<TlsOutcome> {
        @Override
        protected void updateItem(TlsOutcome t, boolean empty) {
            super.updateItem(t, empty);
            setText(empty ? null : t == null ? "Any TLS outcome" : t.label());
        }
    }

    private void exportVisible() {
        vm.dialogs().showSaveDialog("Export the mail log", "postern-mail-log.csv",
                        List.of(FileFilter.of("CSV files (*.csv)", "*.csv"), FileFilter.ALL))
                .ifPresent(path -> vm.export(path, () -> vm.dialogs().showInformation("Mail log exported",
                        vm.visibleEvents().size() + " rows were saved to " + path + ".")));
    }

    /** Stops the batch hand-over (the window is closing). */
    public void dispose() {
        drain.stop();
    }

    public TableView<MailEvent> table() {
        return table;
    }
}

package org.postern.console.tlsa;

import java.util.List;
import java.util.function.Consumer;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.postern.console.common.ChainTree;
import org.postern.console.common.Formats;
import org.postern.console.destinations.DestinationLabels;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.api.ProbeReport.DnsStep;
import org.postern.engine.api.ProbeReport.HostProbe;
import org.postern.engine.api.ProbeReport.TlsaCheck;
import org.postern.engine.api.ProbeReportText;

/**
 * A probe report as a step diagram: the MX RRset with its DNSSEC status, then per host the address
 * RRset, the TLSA RRset and what DANE does with it, the live STARTTLS probe, the presented chain,
 * which TLSA record matched which certificate at which depth (and why others are unusable), and
 * the verdict with its RFC 8460 result type. Every status is a word and a symbol as well as a
 * colour; every record is selectable text and each RRset has a Copy button.
 */
final class DaneStepDiagram extends VBox {

    /** How a step ended; each has its style class (colour) and its words. */
    enum Status {
        SECURE("dane-secure", "✔ Secure"),
        INSECURE("dane-insecure", "– Insecure"),
        BOGUS("dane-bogus", "✘ Bogus"),
        INDETERMINATE("dane-indeterminate", "? Indeterminate"),
        OK("dane-secure", "✔ OK"),
        FAILED("dane-bogus", "✘ Failed"),
        NOT_MADE("dane-insecure", "– Not made"),
        PRESENTED("dane-info", "Presented");

        final String style;
        final String words;

        Status(String style, String words) {
            this.style = style;
            this.words = words;
        }

        static Status of(ProbeReport.Dnssec s) {
            if (s == null) {
                return INDETERMINATE;
            }
            return switch (s) {
                case SECURE -> SECURE;
                case INSECURE -> INSECURE;
                case BOGUS -> BOGUS;
                case INDETERMINATE -> INDETERMINATE;
            };
        }
    }

    private final Consumer<String> copy;

    DaneStepDiagram(Consumer<String> copy) {
        super(0);
        this.copy = copy;
        setId("daneDiagram");
        getStyleClass().add("dane-diagram");
    }

    void show(ProbeReport r) {
        getChildren().clear();
        if (r == null) {
            return;
        }
        String entry = DestinationEntry.DEFAULT_DOMAIN.equals(r.entry()) ? "Default" : r.entry();
        Label summary = new Label(r.domain() + " — entry " + entry + ", TLS " + DestinationLabels.label(r.setting())
                + (r.dane() == null ? "" : ", DANE " + DestinationLabels.label(r.dane())));
        summary.setId("daneSummary");
        summary.getStyleClass().add("title-4");
        summary.setWrapText(true);
        summary.setMinHeight(Region.USE_PREF_SIZE);
        Label overall = new Label(r.wouldDeliver()
                ? "✔  Would deliver: at least one host takes mail now."
                : "✘  Would defer: no host takes mail now" + (r.failure() == null ? "." : " — " + r.failure()));
        overall.setId("daneOverall");
        overall.setWrapText(true);
        overall.setMinHeight(Region.USE_PREF_SIZE);
        overall.setMaxWidth(Double.MAX_VALUE);
        overall.getStyleClass().addAll("callout", r.wouldDeliver() ? "callout-success" : "callout-danger", "text-bold");
        VBox head = new VBox(8, summary, overall);
        if (r.dane() == org.postern.engine.api.DaneSetting.NONE) {
            Label off = new Label("DANE is off for " + r.domain() + " (entry " + entry + ", TLS "
                    + DestinationLabels.label(r.setting()) + "): no TLSA records are looked up. Choose DANE setting "
                    + "Opportunistic above to see what DANE would do.");
            off.setId("daneOff");
            off.setWrapText(true);
            off.setMinHeight(Region.USE_PREF_SIZE);
            off.setMaxWidth(Double.MAX_VALUE);
            off.getStyleClass().addAll("callout", "callout-info");
            head.getChildren().add(off);
        }
        head.getStyleClass().add("dane-head");
        getChildren().add(head);

        if (r.mx() != null) {
            getChildren().add(dnsStep("daneMx", "MX RRset", r.mx(), null));
        } else {
            String note = r.hosts().isEmpty() ? null : r.hosts().getFirst().note();
            getChildren().add(step("daneMx", "MX RRset", Status.NOT_MADE,
                    note(note != null && note.startsWith("route") ? "Not looked up: " + note + "."
                            : "No MX lookup in this report.")));
        }
        int i = 0;
        for (HostProbe h : r.hosts()) {
            getChildren().add(host(h, i++));
        }
    }

    // ------------------------------------------------------------------ hosts

    private VBox host(HostProbe h, int index) {
        Label title = new Label("Host " + (h.address() == null ? h.host()
                : h.address().startsWith(h.host() + ":") ? h.address() : h.host() + "  [" + h.address() + "]"));
        title.getStyleClass().addAll("title-4", "text-bold");
        title.setId("daneHost" + index);
        Label verdict = badge(h.wouldDeliver() ? "✔ would deliver" : "✘ would defer",
                h.wouldDeliver() ? Status.SECURE : Status.BOGUS);
        HBox header = new HBox(10, title, verdict);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("dane-host-header");

        VBox steps = new VBox(0);
        steps.getStyleClass().add("dane-host-steps");
        String p = "daneHost" + index;
        steps.getChildren().add(h.addresses() != null ? dnsStep(p + "Addresses", "Address RRset", h.addresses(), null)
                : step(p + "Addresses", "Address RRset", Status.NOT_MADE, note("No address lookup in this report.")));
        steps.getChildren().add(arrow());
        Node daneState = h.daneState() == null ? null : daneState(h.daneState(), p + "DaneState");
        steps.getChildren().add(h.tlsa() != null ? dnsStep(p + "Tlsa", "TLSA RRset", h.tlsa(), daneState)
                : step(p + "Tlsa", "TLSA RRset", Status.NOT_MADE, daneState != null ? daneState
                : note("Not looked up.")));
        steps.getChildren().add(arrow());
        steps.getChildren().add(starttls(h, p + "Starttls"));
        steps.getChildren().add(arrow());
        steps.getChildren().add(chain(h, p + "Chain"));
        if (!h.tlsaChecks().isEmpty()) {
            steps.getChildren().add(arrow());
            steps.getChildren().add(matches(h, p + "Matches"));
        }
        steps.getChildren().add(arrow());
        steps.getChildren().add(verdict(h, p + "Verdict"));

        VBox box = new VBox(4, arrow(), header, steps);
        box.getStyleClass().add("dane-host");
        return box;
    }

    private Node daneState(ProbeReport.DaneState state, String id) {
        Label l = new Label("DANE: " + ProbeReportText.daneState(state));
        l.setId(id);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().addAll("dane-state", switch (state) {
            case REQUIRED -> "success";
            case UNUSABLE_RECORDS -> "warning";
            case HOST_SKIPPED -> "danger";
            case OFF, NOT_APPLICABLE -> "muted";
        });
        return l;
    }

    private Node starttls(HostProbe h, String id) {
        VBox body = new VBox(3);
        if (h.protocol() != null) {
            HBox badges = new HBox(6, plainBadge(h.protocol() + " · " + h.cipher(), "accent"));
            if (h.tls() != null) {
                badges.getChildren().add(plainBadge("TLS " + h.tls().label(), h.wouldDeliver() ? "success" : "warning"));
            }
            body.getChildren().add(badges);
        }
        int n = 1;
        for (String s : h.steps()) {
            Label line = new Label(n++ + ". " + s);
            line.setWrapText(true);
            line.setMinHeight(Region.USE_PREF_SIZE);
            line.getStyleClass().add("mono-small");
            body.getChildren().add(line);
        }
        boolean connected = h.address() != null;
        if (!connected) {
            body.getChildren().add(note("No connection was made: the host is not used."));
        }
        Status status = h.protocol() != null ? Status.OK : connected ? Status.FAILED : Status.NOT_MADE;
        return step(id, "Live STARTTLS probe", status, body);
    }

    private Node chain(HostProbe h, String id) {
        VBox body = new VBox(4);
        List<CertificateView> chain = h.chain();
        for (int depth = 0; depth < chain.size(); depth++) {
            CertificateView c = chain.get(depth);
            Label d = new Label("depth " + depth);
            d.getStyleClass().add("dane-depth");
            d.setMinWidth(Region.USE_PREF_SIZE);
            Label name = new Label(Formats.commonName(c.subject()) + "  (" + ChainTree.role(c, depth == 0) + ", until "
                    + Formats.date(c.notAfter()) + ")");
            name.setId(id + depth);
            name.setTooltip(new Tooltip("Subject: " + c.subject() + "\nIssuer: " + c.issuer() + "\nDNS names: "
                    + (c.dnsNames().isEmpty() ? "—" : Formats.list(c.dnsNames())) + "\nSHA-256: " + c.sha256Fingerprint()));
            HBox row = new HBox(8, d, name);
            row.setAlignment(Pos.CENTER_LEFT);
            int k = 0;
            for (TlsaCheck t : h.tlsaChecks()) {
                // an unusable record that happens to match authenticates nothing: no badge
                if (t.unusable() == null && t.matchedDepth() != null && t.matchedDepth() == depth) {
                    Label m = plainBadge("✔ matched by TLSA " + abbreviate(t.record()), "success");
                    m.setId(id + depth + "Match" + (k++ == 0 ? "" : Integer.toString(k)));
                    m.setTooltip(new Tooltip(t.record() + "\n" + t.parameters()));
                    row.getChildren().add(m);
                }
            }
            body.getChildren().add(row);
        }
        if (chain.isEmpty()) {
            body.getChildren().add(note("No certificate was presented."));
        }
        return step(id, "Presented chain (depth 0 = the server's own certificate)",
                chain.isEmpty() ? Status.NOT_MADE : Status.PRESENTED, body);
    }

    private Node matches(HostProbe h, String id) {
        VBox body = new VBox(4);
        boolean matched = false;
        int i = 0;
        for (TlsaCheck t : h.tlsaChecks()) {
            TextField record = selectable(t.record(), id + "Record" + i);
            Label params = new Label(t.parameters() == null ? "" : t.parameters() + " —");
            params.getStyleClass().add("text-muted");
            params.setMinWidth(Region.USE_PREF_SIZE);
            Label fate = new Label(ProbeReportText.tlsaFate(t));
            fate.setId(id + "Fate" + i);
            fate.setWrapText(true);
            fate.setMinHeight(Region.USE_PREF_SIZE);
            fate.getStyleClass().add("dane-fate");
            fate.getStyleClass().add(t.unusable() != null ? "warning" : t.matchedDepth() != null ? "success" : "muted");
            matched |= t.unusable() == null && t.matchedDepth() != null;
            HBox outcome = new HBox(6, params, fate);
            HBox.setHgrow(fate, Priority.ALWAYS);
            VBox row = new VBox(0, record, outcome);
            row.getStyleClass().add("dane-record");
            body.getChildren().add(row);
            i++;
        }
        return step(id, "TLSA records against the chain", matched ? Status.OK
                : h.tlsaChecks().stream().allMatch(t -> t.unusable() != null) ? Status.INDETERMINATE : Status.FAILED, body);
    }

    private Node verdict(HostProbe h, String id) {
        Label text = new Label((h.wouldDeliver() ? "Would deliver — " : "Would defer — ") + h.verdict());
        text.setId(id);
        text.setWrapText(true);
        text.setMinHeight(Region.USE_PREF_SIZE);
        text.getStyleClass().add("text-bold");
        VBox body = new VBox(4, text);
        if (h.resultType() != null) {
            Label type = plainBadge("RFC 8460: " + h.resultType(), "danger");
            type.setId(id + "ResultType");
            type.setTooltip(new Tooltip("The STARTTLS validation result type (RFC 8460 §4.3) the mail log, alerts and "
                    + "TLS reports use for this failure"));
            body.getChildren().add(type);
        }
        return step(id + "Step", "Verdict", h.wouldDeliver() ? Status.OK : Status.FAILED, body);
    }

    // ------------------------------------------------------------ building blocks

    private Node dnsStep(String id, String title, DnsStep s, Node extra) {
        VBox body = new VBox(2);
        Label query = new Label("query: " + s.query());
        query.getStyleClass().addAll("mono-small", "dane-query");
        body.getChildren().add(query);
        if (s.error() != null) {
            Label error = new Label(s.error());
            error.setId(id + "Error");
            error.setWrapText(true);
            error.getStyleClass().addAll("danger", "text-bold");
            body.getChildren().add(error);
        }
        int i = 0;
        for (String rec : s.records()) {
            body.getChildren().add(selectable(rec, id + "Record" + i++));
        }
        if (s.records().isEmpty() && s.error() == null) {
            body.getChildren().add(note("No records (the name or type does not exist)."));
        }
        if (extra != null) {
            body.getChildren().add(extra);
        }
        if (s.records().isEmpty()) {
            return step(id, title, Status.of(s.status()), body);
        }
        Button copyButton = new Button("Copy");
        copyButton.setId(id + "Copy");
        copyButton.getStyleClass().addAll("small");
        copyButton.setMnemonicParsing(false);
        copyButton.setTooltip(new Tooltip("Copy the " + title + " to the clipboard"));
        copyButton.setOnAction(e -> copy.accept(String.join("\n", s.records()) + "\n"));
        return step(id, title, Status.of(s.status()), body, copyButton);
    }

    /** A card: a coloured strip, the title with the status in words, and the body. */
    private static Node step(String id, String title, Status status, Node body, Node... headerExtras) {
        Label t = new Label(title);
        t.getStyleClass().add("dane-step-title");
        Label s = badge(status.words, status);
        s.setId(id + "Status");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox header = new HBox(8, t, s, spacer);
        header.getChildren().addAll(headerExtras);
        header.setAlignment(Pos.CENTER_LEFT);
        header.getStyleClass().add("dane-step-header");
        VBox content = new VBox(4, header, body);
        HBox.setHgrow(content, Priority.ALWAYS);
        Region strip = new Region();
        strip.getStyleClass().addAll("dane-strip", status.style);
        strip.setMinWidth(5);
        HBox card = new HBox(10, strip, content);
        card.setId(id);
        card.getStyleClass().addAll("dane-step", status.style);
        return card;
    }

    private static Label badge(String text, Status status) {
        Label l = new Label(text);
        l.getStyleClass().addAll("badge", "dane-status", status.style);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static Label plainBadge(String text, String style) {
        Label l = new Label(text);
        l.getStyleClass().addAll("badge", style);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static TextField selectable(String text, String id) {
        TextField f = new TextField(text);
        f.setId(id);
        f.setEditable(false);
        f.setFocusTraversable(false);
        f.getStyleClass().addAll("value-field", "mono-small");
        f.setPrefColumnCount(Math.max(10, Math.min(text.length() + 2, 90)));
        f.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(f, Priority.ALWAYS);
        return f;
    }

    private static Label note(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMinHeight(Region.USE_PREF_SIZE);
        l.getStyleClass().add("note");
        return l;
    }

    private static Label arrow() {
        Label a = new Label("↓");
        a.getStyleClass().add("dane-arrow");
        return a;
    }

    static String abbreviate(String record) {
        return record.length() <= 24 ? record : record.substring(0, 20) + "…";
    }
}

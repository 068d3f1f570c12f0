package org.postern.console.certificates;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.control.TreeItem;
import javafx.scene.control.TreeView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.postern.console.common.ChainTree;
import org.postern.console.common.ClipboardService;
import org.postern.console.common.Controls;
import org.postern.console.common.FileFilter;
import org.postern.console.common.Form;
import org.postern.console.common.Formats;
import org.postern.engine.api.CertificateDetails;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.ChainVerdict;

/**
 * The selected entry: its actions, warnings, chain as a hierarchy root → leaf with the chain
 * verdict (CON-6), and for the certificate chosen in the chain its fields, fingerprints and PEM
 * with Copy and Save (CON-4).
 */
final class CertificateDetailPane extends StackPane {

    private final CertificatesViewModel vm;
    private final ClipboardService clipboard;

    private final Label title = new Label();
    private final HBox badges = new HBox(6);
    private final VBox warnings = new VBox(6);
    private final Label verdict = new Label();
    private final Label usedBy = new Label();
    private final TreeView<CertificateView> chain = ChainTree.create("chainTree");
    private final Form fields = new Form();
    private final TextArea pem = Controls.pemArea("certPem");
    private final Label pemSaved = new Label();
    private final VBox content;
    private final Label placeholder;

    CertificateDetailPane(CertificatesViewModel vm, ClipboardService clipboard, FlowPane actions) {
        this.vm = vm;
        this.clipboard = clipboard;
        getStyleClass().add("detail-pane");

        title.setId("detailName");
        title.getStyleClass().addAll("title-3", "detail-title");
        badges.setAlignment(Pos.CENTER_LEFT);
        HBox header = new HBox(10, title, badges);
        header.setAlignment(Pos.CENTER_LEFT);

        usedBy.setId("detailUsedBy");
        usedBy.setWrapText(true);
        usedBy.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);

        warnings.setId("warnings");
        warnings.managedProperty().bind(warnings.visibleProperty());

        verdict.setId("chainVerdict");
        verdict.setWrapText(true);
        verdict.setMaxWidth(Double.MAX_VALUE);
        verdict.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        verdict.getStyleClass().add("chain-verdict");
        chain.getSelectionModel().selectedItemProperty().addListener((o, a, item) ->
                showCertificate(item == null ? null : item.getValue()));
        Label chainTitle = new Label("Chain (root → leaf)");
        chainTitle.getStyleClass().add("section-title");
        VBox chainBox = new VBox(8, chainTitle, verdict, chain);
        VBox.setVgrow(chain, Priority.ALWAYS);
        chainBox.setMinWidth(240);

        ScrollPane fieldScroll = new ScrollPane(fields);
        fieldScroll.setFitToWidth(true);
        fieldScroll.getStyleClass().add("edge-to-edge");
        fields.setId("certificateFields");
        Tab detailsTab = new Tab("Details", fieldScroll);
        Button copyPem = Controls.copyButton("copyCertPem", clipboard, pem::getText);
        Button savePem = new Button("Save…");
        savePem.setId("saveCertPem");
        savePem.setOnAction(e -> savePem());
        pemSaved.getStyleClass().add("success");
        HBox pemButtons = new HBox(8, copyPem, savePem, pemSaved);
        pemButtons.setAlignment(Pos.CENTER_LEFT);
        VBox pemBox = new VBox(8, pem, pemButtons);
        VBox.setVgrow(pem, Priority.ALWAYS);
        pemBox.getStyleClass().add("tab-body");
        Tab pemTab = new Tab("PEM", pemBox);
        TabPane tabs = new TabPane(detailsTab, pemTab);
        tabs.setId("detailTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        SplitPane split = new SplitPane(chainBox, tabs);
        split.setOrientation(Orientation.HORIZONTAL);
        split.setDividerPositions(0.32);
        VBox.setVgrow(split, Priority.ALWAYS);

        content = new VBox(10, header, usedBy, actions, warnings, split);
        content.getStyleClass().add("detail-content");
        placeholder = new Label("Select a certificate to see its chain, fingerprints and PEM.");
        placeholder.getStyleClass().add("placeholder-text");
        getChildren().addAll(placeholder, content);

        vm.detailsProperty().addListener((o, a, d) -> show(d));
        show(vm.detailsProperty().get());
    }

    private void show(CertificateDetails d) {
        content.setVisible(d != null);
        placeholder.setVisible(d == null);
        if (d == null) {
            return;
        }
        CertificateSummary s = d.summary();
        title.setText(s.name());
        badges.getChildren().setAll(Controls.badge(s.status().label(), "accent"));
        ExpiryBadge expiry = ExpiryBadge.of(s);
        badges.getChildren().add(Controls.badge(expiry.text(), expiry.style()));
        if (s.demo()) {
            badges.getChildren().add(Controls.badge("DEMO — not secure", "danger"));
        }
        // the engine says who presents this entry (the demo entry serves whatever names no certificate)
        usedBy.setText("Used by: " + (s.usages().isEmpty() ? "nothing (no listener, HTTPS administration or"
                + " outbound client uses it)" : Formats.list(s.usages())));
        showWarnings(s);
        showVerdict(d.verdict());

        TreeItem<CertificateView> leaf = ChainTree.show(chain, d.chain());
        if (leaf != null) {
            chain.getSelectionModel().select(leaf);
        }
        pemSaved.setText("");
    }

    private void showWarnings(CertificateSummary s) {
        warnings.getChildren().clear();
        for (String w : s.warnings()) {
            String lower = w.toLowerCase(Locale.ROOT);
            boolean severe = s.demo() || lower.contains("not secure") || lower.contains("expired")
                    || lower.contains("weak") || lower.contains("1024");
            Label l = Controls.callout("⚠  " + w, severe ? "danger" : "warning");
            l.getStyleClass().add("detail-warning");
            warnings.getChildren().add(l);
        }
        if (s.demo() && s.warnings().stream().noneMatch(w -> w.toLowerCase(Locale.ROOT).contains("demo"))) {
            warnings.getChildren().addFirst(Controls.callout("⚠  This is the demo certificate shipped with Postern: "
                    + "its private key is public, so it is not secure. Use it only for trying things out.", "danger"));
        }
        warnings.setVisible(!warnings.getChildren().isEmpty());
    }

    private void showVerdict(ChainVerdict v) {
        verdict.setText(v.summary());
        verdict.getStyleClass().removeAll("success", "warning", "danger");
        verdict.getStyleClass().add(!v.complete() ? "danger" : v.trusted() ? "success" : "warning");
    }

    private void showCertificate(CertificateView c) {
        fields.getChildren().clear();
        if (c == null) {
            pem.setText("");
            return;
        }
        Form f = fields;
        f.add("Subject", value("fieldSubject", c.subject()));
        f.add("DNS names (SAN)", value("fieldSans", Formats.list(c.dnsNames())));
        f.add("Issuer", value("fieldIssuer", c.issuer()));
        f.add("Serial number", value("fieldSerial", c.serialNumberHex()));
        f.add("Not before", value("fieldNotBefore", Formats.dateTime(c.notBefore())));
        f.add("Not after", value("fieldNotAfter", Formats.dateTime(c.notAfter())));
        f.add("Key", value("fieldKey", c.keyDescription()));
        f.add("Signature algorithm", value("fieldSignature", c.signatureAlgorithm()));
        f.add("Basic constraints", value("fieldCa", c.basicConstraints() != null ? c.basicConstraints()
                : c.certificateAuthority() ? "CA:TRUE" : "CA:FALSE"));
        f.add("Key usage", value("fieldKeyUsage", Formats.list(c.keyUsage())));
        f.add("Extended key usage", value("fieldExtendedKeyUsage", Formats.list(c.extendedKeyUsage())));
        f.add("Subject key identifier", value("fieldSki", c.subjectKeyIdentifier()));
        f.add("Authority key identifier", value("fieldAki", c.authorityKeyIdentifier()));
        f.add("SHA-256 fingerprint", fingerprint("fieldSha256", c.sha256Fingerprint()));
        f.add("SHA-1 fingerprint", fingerprint("fieldSha1", c.sha1Fingerprint()));
        pem.setText(c.pem());
    }

    /**
     * A fingerprint whole: wrapped over as many lines as it needs (never cut off by the field's
     * width), selectable, with a Copy button.
     */
    private Node fingerprint(String id, String text) {
        TextArea area = new TextArea(text == null ? "—" : text);
        area.setId(id);
        area.setEditable(false);
        area.setWrapText(true);
        area.setPrefRowCount(2);
        area.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        area.getStyleClass().addAll("value-field", "fingerprint");
        Button copy = Controls.copyButton(id + "Copy", clipboard, area::getText);
        HBox box = new HBox(6, area, copy);
        HBox.setHgrow(area, Priority.ALWAYS);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    /** Read-only, selectable text: serials and identifiers are copied from here. */
    private static TextField value(String id, String text) {
        TextField field = new TextField(text == null || text.isEmpty() ? "—" : text);
        field.setId(id);
        field.setEditable(false);
        field.getStyleClass().add("value-field");
        field.setMinWidth(100);
        return field;
    }

    private void savePem() {
        TreeItem<CertificateView> item = chain.getSelectionModel().getSelectedItem();
        if (item == null) {
            return;
        }
        String base = Formats.commonName(item.getValue().subject()).replaceAll("[^A-Za-z0-9._-]", "_");
        vm.dialogs().showSaveDialog("Save certificate", base + ".pem", List.of(FileFilter.PEM, FileFilter.ALL))
                .ifPresent(path -> vm.save(path, pem.getText().getBytes(StandardCharsets.US_ASCII), false,
                        () -> pemSaved.setText("Saved to " + path)));
    }

    TreeView<CertificateView> chainTree() {
        return chain;
    }
}

package org.postern.console.destinations;

import java.util.List;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.control.TreeCell;
import javafx.scene.control.TreeView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.postern.console.common.ChainTree;
import org.postern.console.common.Controls;
import org.postern.console.common.Formats;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.ProbeReport;

/**
 * A probe's result: which entry and TLS setting applied, and per host the steps (MX or route,
 * connect, STARTTLS protocol and cipher, checks), the presented chain as a small tree, and the
 * verdict with its RFC 8460 result type.
 */
final class ProbeReportPane extends VBox {

    ProbeReportPane() {
        super(12);
        setId("probeReport");
        getStyleClass().add("probe-report");
    }

    void show(ProbeReport r) {
        getChildren().clear();
        if (r == null) {
            return;
        }
        Label summary = new Label(r.domain() + " — entry " + entryName(r.entry()) + ", tested with TLS setting "
                + DestinationLabels.label(r.setting()));
        summary.setId("probeSummary");
        summary.getStyleClass().add("section-title");
        summary.setWrapText(true);
        getChildren().add(summary);

        boolean deliver = r.wouldDeliver();
        Label overall = Controls.callout(deliver
                ? "Delivery would go ahead: at least one host takes mail under " + DestinationLabels.label(r.setting()) + "."
                : "Delivery would not happen now: " + (r.failure() != null ? r.failure()
                : r.hosts().isEmpty() ? "no host to try." : "no host meets " + DestinationLabels.label(r.setting()) + "."),
                deliver ? "success" : "danger");
        overall.setId("probeOverall");
        getChildren().add(overall);

        int i = 0;
        for (ProbeReport.HostProbe h : r.hosts()) {
            getChildren().add(host(h, i++));
        }
    }

    private static String entryName(String entry) {
        return org.postern.engine.api.DestinationEntry.DEFAULT_DOMAIN.equals(entry) ? "Default" : entry;
    }

    private VBox host(ProbeReport.HostProbe h, int index) {
        String address = h.address() == null || h.address().startsWith(h.host() + ":") ? h.address()
                : h.host() + "  (" + h.address() + ")";
        Label name = new Label(address == null ? h.host() : address);
        name.getStyleClass().addAll("title-4", "text-bold");

        Label verdict = new Label((h.wouldDeliver() ? "✔  " : "✘  ") + h.verdict());
        verdict.setId("probeVerdict" + index);
        verdict.setWrapText(true);
        verdict.setMinHeight(Region.USE_PREF_SIZE);
        verdict.getStyleClass().addAll("chain-verdict", "text-bold", h.wouldDeliver() ? "success" : "danger");
        HBox badges = new HBox(6);
        badges.setAlignment(Pos.CENTER_LEFT);
        if (h.protocol() != null) {
            Label tls = Controls.badge(h.protocol() + " · " + h.cipher(), "accent");
            tls.setId("probeTls" + index);
            badges.getChildren().add(tls);
        }
        if (h.wouldDeliver() && h.tls() != null) {
            badges.getChildren().add(Controls.badge("TLS " + h.tls().label(), "success"));
        }
        if (h.resultType() != null) {
            Label type = Controls.badge("RFC 8460: " + h.resultType(), "danger");
            type.setId("probeResultType" + index);
            type.setTooltip(new Tooltip("The STARTTLS validation result type (RFC 8460 §4.3) logs, alerts and "
                    + "TLS reports use for this failure"));
            badges.getChildren().add(type);
        }

        VBox steps = new VBox(3);
        steps.setId("probeSteps" + index);
        int n = 1;
        for (String step : h.steps()) {
            Label l = new Label(n++ + ".  " + step);
            l.setWrapText(true);
            l.setMinHeight(Region.USE_PREF_SIZE);
            l.getStyleClass().add("mono-small");
            steps.getChildren().add(l);
        }
        Label stepsTitle = new Label("Steps");
        stepsTitle.getStyleClass().add("section-title");

        VBox box = new VBox(6, name, verdict);
        if (!badges.getChildren().isEmpty()) {
            box.getChildren().add(badges);
        }
        box.getChildren().addAll(stepsTitle, steps);
        if (!h.chain().isEmpty()) {
            Label chainTitle = new Label("Presented chain (root → leaf)");
            chainTitle.getStyleClass().add("section-title");
            box.getChildren().addAll(chainTitle, chain(h.chain(), index));
        }
        box.getStyleClass().add("probe-host");
        box.setStyle("-fx-border-color: -color-border-default; -fx-border-radius: 6; -fx-padding: 10;");
        return box;
    }

    private static TreeView<CertificateView> chain(List<CertificateView> chain, int index) {
        TreeView<CertificateView> tree = ChainTree.create("probeChain" + index);
        ChainTree.show(tree, chain);
        tree.setCellFactory(tv -> new TreeCell<>() {
            @Override
            protected void updateItem(CertificateView c, boolean empty) {
                super.updateItem(c, empty);
                if (empty || c == null) {
                    setText(null);
                    setTooltip(null);
                    return;
                }
                setText(Formats.commonName(c.subject()) + "  (" + ChainTree.role(c, getTreeItem() != null && getTreeItem().isLeaf()) + ")  valid until "
                        + Formats.date(c.notAfter()));
                setTooltip(new Tooltip("Subject: " + c.subject() + "\nIssuer: " + c.issuer()
                        + "\nDNS names: " + (c.dnsNames().isEmpty() ? "—" : Formats.list(c.dnsNames()))
                        + "\nValid: " + Formats.date(c.notBefore()) + " to " + Formats.date(c.notAfter())
                        + "\nKey: " + c.keyDescription() + ", " + c.signatureAlgorithm()
                        + "\nSHA-256: " + c.sha256Fingerprint()));
            }
        });
        tree.setFixedCellSize(32);
        tree.setPrefHeight(32 * chain.size() + 10);
        tree.setMinHeight(Region.USE_PREF_SIZE);
        return tree;
    }
}

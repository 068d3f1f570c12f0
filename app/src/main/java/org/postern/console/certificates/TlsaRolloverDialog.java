package org.postern.console.certificates;

import java.util.Optional;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import javafx.scene.layout.VBox;
import org.postern.console.common.Controls;
import org.postern.engine.api.TlsaRolloverCheck;
import org.postern.engine.api.TlsaRolloverCheck.Verdict;

/**
 * DANE-7: the confirmation shown before a certificate change that the engine's rollover check warns
 * about: which TLSA records are published for which host, why the new certificate matches none of
 * them (or why they could not be checked), and the records to publish first. The safe answer,
 * Cancel, is the default.
 */
final class TlsaRolloverDialog {

    private TlsaRolloverDialog() {
    }

    /** A dialog that returns true only when the administrator chose {@code proceedLabel}. */
    static Alert create(TlsaRolloverCheck check, String proceedLabel) {
        ButtonType proceed = new ButtonType(proceedLabel, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.WARNING, "", proceed, ButtonType.CANCEL);
        alert.setTitle(check.verdict() == Verdict.NOT_CHECKED ? "TLSA records could not be checked"
                : "TLSA records would not match");
        alert.setHeaderText(check.headline());
        alert.getDialogPane().setId("tlsaRolloverDialog");
        alert.setResizable(true);
        alert.getDialogPane().setMinWidth(860);
        alert.getDialogPane().setPrefWidth(860);

        VBox body = new VBox(8);
        body.getChildren().add(wrapped("Change: " + check.change(), "tlsaChange"));
        for (TlsaRolloverCheck.Host h : check.hosts()) {
            Label host = wrapped(h.tlsaOwner() + " (" + h.dnssec() + "): " + h.explanation(), null);
            host.getStyleClass().add(h.verdict() == Verdict.SAFE ? "success" : "danger");
            body.getChildren().add(host);
            for (String r : h.records()) {
                Label record = new Label("    IN TLSA " + r);
                record.getStyleClass().add("mono-small");
                record.setMinWidth(javafx.scene.layout.Region.USE_PREF_SIZE);
                body.getChildren().add(record);
            }
        }
        if (!check.publishFirst().isEmpty()) {
            body.getChildren().add(wrapped("Publish the new key's record next to the old one, wait at least twice"
                    + " the TLSA TTL, then repeat the change:", null));
            TextArea records = new TextArea(String.join("\n", check.publishFirst()));
            records.setId("tlsaPublishFirst");
            records.setEditable(false);
            records.setWrapText(false);
            records.setPrefRowCount(Math.min(4, check.publishFirst().size() + 1));
            records.getStyleClass().add("mono-small");
            body.getChildren().add(records);
        } else {
            body.getChildren().add(wrapped("Remove or replace these TLSA records first and wait at least twice"
                    + " their TTL.", null));
        }
        body.getChildren().add(Controls.callout("If you proceed, DANE senders defer all mail to this gateway"
                + " until the published records match (RFC 7672).", "danger"));
        alert.getDialogPane().setContent(body);
        // the safe answer is the default: Enter does not proceed
        ((Button) alert.getDialogPane().lookupButton(proceed)).setDefaultButton(false);
        ((Button) alert.getDialogPane().lookupButton(ButtonType.CANCEL)).setDefaultButton(true);
        alert.setResultConverter(b -> b);
        return alert;
    }

    /** True when {@code answer} is the proceed button of a dialog made by {@link #create}. */
    static boolean proceeds(Optional<ButtonType> answer) {
        return answer.filter(b -> b.getButtonData() == ButtonBar.ButtonData.OK_DONE).isPresent();
    }

    private static Label wrapped(String text, String id) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        if (id != null) {
            l.setId(id);
        }
        return l;
    }
}

package org.postern.console.listeners;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;

/**
 * The add/edit mail-flow policy dialog (LIS-2..5): name, action, TLS (No by default), message size
 * limit in bytes and recipient limit, checked as you type.
 */
public final class PolicyEditModel {

    private final MailFlowPolicy original;
    private final List<String> otherNames;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ObjectProperty<PolicyAction> action = new SimpleObjectProperty<>(this, "action", PolicyAction.ACCEPT);
    private final ObjectProperty<InboundTls> tls = new SimpleObjectProperty<>(this, "tls", InboundTls.NO);
    private final StringProperty maxMessageSize = new SimpleStringProperty(this, "maxMessageSize",
            Long.toString(MailFlowPolicy.DEFAULT_MAX_MESSAGE_SIZE));
    private final IntegerProperty maxRecipients =
            new SimpleIntegerProperty(this, "maxRecipients", MailFlowPolicy.DEFAULT_MAX_RECIPIENTS);

    public PolicyEditModel(MailFlowPolicy original, List<String> otherNames) {
        this.original = original;
        this.otherNames = List.copyOf(otherNames);
        if (original != null) {
            name.set(original.name());
            action.set(original.action());
            tls.set(original.tls());
            maxMessageSize.set(Long.toString(original.maxMessageSize()));
            maxRecipients.set(original.maxRecipients());
        }
    }

    public String nameProblem() {
        String n = name.get() == null ? "" : name.get().strip();
        if (n.isEmpty()) {
            return "enter a name for the policy";
        }
        if (otherNames.stream().anyMatch(n::equalsIgnoreCase)) {
            return "a policy named '" + n + "' already exists";
        }
        return null;
    }

    /** The size limit in bytes, or -1 when the text is not a number. */
    public long sizeBytes() {
        String s = maxMessageSize.get() == null ? "" : maxMessageSize.get().strip();
        return s.matches("\\d{1,12}") ? Long.parseLong(s) : -1;
    }

    public String sizeProblem() {
        long b = sizeBytes();
        return b < 0 ? "the message size limit is a number of bytes, e.g. 20971520 for 20 MiB"
                : InputRules.maxMessageSizeProblem(b);
    }

    public String recipientsProblem() {
        return InputRules.maxRecipientsProblem(maxRecipients.get());
    }

    public String problem() {
        String p = nameProblem();
        if (p == null) {
            p = sizeProblem();
        }
        return p == null ? recipientsProblem() : p;
    }

    /** "20 MiB", "512 KiB", "1500 bytes". */
    public static String readableSize(long bytes) {
        if (bytes < 0) {
            return "";
        }
        if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0) {
            return bytes / (1024 * 1024) + " MiB";
        }
        if (bytes >= 1024 * 1024) {
            return String.format(Locale.ROOT, "%.1f MiB", bytes / (1024.0 * 1024));
        }
        if (bytes >= 1024 && bytes % 1024 == 0) {
            return bytes / 1024 + " KiB";
        }
        return bytes + " bytes";
    }

    public MailFlowPolicy policy() {
        return new MailFlowPolicy(name.get().strip(), action.get(), tls.get(), sizeBytes(), maxRecipients.get());
    }

    public boolean creating() { return original == null; }
    public StringProperty nameProperty() { return name; }
    public ObjectProperty<PolicyAction> actionProperty() { return action; }
    public ObjectProperty<InboundTls> tlsProperty() { return tls; }
    public StringProperty maxMessageSizeProperty() { return maxMessageSize; }
    public IntegerProperty maxRecipientsProperty() { return maxRecipients; }
}

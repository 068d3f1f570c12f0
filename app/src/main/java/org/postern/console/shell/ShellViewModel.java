package org.postern.console.shell;

import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.postern.console.certificates.CertificatesViewModel;
import org.postern.console.connection.ManagedEngine;

/** The main window's state: the current page and the status bar texts. */
public final class ShellViewModel {

    private final ManagedEngine engine;
    private final CertificatesViewModel certificates;
    private final ObjectProperty<Page> page = new SimpleObjectProperty<>(this, "page", Page.CERTIFICATES);

    public ShellViewModel(ManagedEngine engine, CertificatesViewModel certificates) {
        this.engine = engine;
        this.certificates = certificates;
    }

    /** Which engine this window manages (embedded or remote). */
    public ManagedEngine engine() {
        return engine;
    }

    /** The window title: which engine is managed. */
    public String title() {
        return engine.title();
    }

    public String engineText() {
        return engine.statusText();
    }

    public String engineDetails() {
        return engine.details();
    }

    /** CON-1 / CERT-11 in the status bar: how many certificates need attention. */
    public StringBinding expiryText() {
        return Bindings.createStringBinding(() -> expiryText(
                        certificates.expiringCountProperty().get(), certificates.expiredCountProperty().get(),
                        certificates.expiryWarningDaysProperty().get(), certificates.loadedProperty().get()),
                certificates.expiringCountProperty(), certificates.expiredCountProperty(),
                certificates.expiryWarningDaysProperty(), certificates.loadedProperty());
    }

    static String expiryText(int expiring, int expired, int days, boolean loaded) {
        if (!loaded) {
            return "Loading certificates…";
        }
        if (expiring == 0 && expired == 0) {
            return "No certificate expires within " + days + " days";
        }
        StringBuilder text = new StringBuilder();
        if (expiring > 0) {
            text.append(expiring).append(expiring == 1 ? " certificate expires" : " certificates expire")
                    .append(" within ").append(days).append(" days");
        }
        if (expired > 0) {
            if (!text.isEmpty()) {
                text.append(" · ");
            }
            text.append(expired).append(" expired");
        }
        return text.toString();
    }

    /** "success", "warning" or "danger" for the status bar's expiry text. */
    public StringBinding expiryStyle() {
        return Bindings.createStringBinding(() -> certificates.expiredCountProperty().get() > 0 ? "danger"
                        : certificates.expiringCountProperty().get() > 0 ? "warning" : "success",
                certificates.expiringCountProperty(), certificates.expiredCountProperty());
    }

    public ObjectProperty<Page> pageProperty() {
        return page;
    }

    /** Only built pages can be opened. */
    public boolean open(Page target) {
        if (!target.built()) {
            return false;
        }
        page.set(target);
        return true;
    }
}

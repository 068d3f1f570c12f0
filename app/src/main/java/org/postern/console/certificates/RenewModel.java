package org.postern.console.certificates;

import java.util.Objects;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.InputRules;

/** Renew with the same key (CON-9). */
public final class RenewModel {

    public static final String TLSA_NOTE = "The key stays the same, so TLSA records of type 3 1 1 "
            + "(DANE-EE, public key, SHA-256) published for this certificate remain valid: "
            + "no DNS change is needed. Records that hash the whole certificate (selector 0) must be updated.";

    private final CertificateApi api;
    private final TaskExecutor executor;
    private final String entryName;
    private final IntegerProperty validityDays = new SimpleIntegerProperty(this, "validityDays", 365);
    private final Operation<CertificateSummary> renewal = new Operation<>();

    public RenewModel(CertificateApi api, TaskExecutor executor, String entryName) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.entryName = Objects.requireNonNull(entryName);
    }

    public String validityProblem() {
        return InputRules.validityDaysProblem(validityDays.get());
    }

    /** Renews; a DANE-7 warning from the engine's check is put to {@code rollover} first. */
    public void renew(Runnable onRenewed, RolloverConfirmation rollover) {
        int days = validityDays.get();
        renewal.start(executor, "Renewing \"" + entryName + "\"…", p -> {
            p.update(-1, "Checking the TLSA records published for this gateway…");
            boolean confirmed = rollover.confirm(api.checkRenew(entryName, days), "Renew anyway");
            p.update(-1, "Renewing \"" + entryName + "\"…");
            return api.renew(entryName, days, confirmed);
        }, s -> onRenewed.run());
    }

    public String entryName() { return entryName; }
    public IntegerProperty validityDaysProperty() { return validityDays; }
    public Operation<CertificateSummary> renewal() { return renewal; }
}

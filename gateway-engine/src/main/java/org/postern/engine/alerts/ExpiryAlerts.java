package org.postern.engine.alerts;

import java.util.List;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateSummary;

/**
 * CERT-11: an alert for every certificate in use that expires within the warning threshold (or has
 * expired). The console shows the same state from the certificate list.
 */
public final class ExpiryAlerts {

    private ExpiryAlerts() {
    }

    /** Sends the alerts due now; returns the names alerted. */
    public static List<String> check(CertificateApi certificates, AlertService alerts) {
        List<CertificateSummary> due = certificates.list().stream()
                .filter(c -> !c.usages().isEmpty())
                .filter(c -> c.expiry() == CertificateSummary.Expiry.EXPIRING || c.expiry() == CertificateSummary.Expiry.EXPIRED)
                .toList();
        for (CertificateSummary c : due) {
            String state = c.expiry() == CertificateSummary.Expiry.EXPIRED ? "has expired" : "expires in " + c.daysLeft() + " day(s)";
            alerts.send(AlertApi.AlertType.SYSTEM, AlertApi.Severity.WARNING, "certificate-expiry:" + c.name(),
                    "certificate " + c.name() + " " + state,
                    "The certificate '" + c.name() + "' (" + c.subject() + ") " + state + " (not after " + c.notAfter() + ").\n"
                            + "It is used by: " + String.join(", ", c.usages()) + ".\n"
                            + "Renew it or replace it before it expires.\n");
        }
        return due.stream().map(CertificateSummary::name).toList();
    }
}

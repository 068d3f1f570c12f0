package org.postern.console.certificates;

import org.postern.console.common.Formats;
import org.postern.engine.api.CertificateSummary;

/** CON-1: text and semantic style of an expiry badge. */
public record ExpiryBadge(String text, String style) {

    public static ExpiryBadge of(CertificateSummary s) {
        return switch (s.expiry()) {
            case EXPIRED -> new ExpiryBadge("expired", "danger");
            case EXPIRING -> new ExpiryBadge(s.daysLeft() <= 0 ? "today" : Formats.daysLeft(s.daysLeft()) + " ⚠", "warning");
            case NOT_YET_VALID -> new ExpiryBadge("not yet valid", "warning");
            case VALID -> new ExpiryBadge(Formats.daysLeft(s.daysLeft()), "success");
        };
    }
}

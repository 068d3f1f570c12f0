package org.postern.console.listeners;

import java.util.ArrayList;
import java.util.List;
import org.postern.engine.api.CertificateSummary;

/**
 * A listener's certificate choice (LIS-7): an entry of the store, or the demo certificate
 * ({@code name} null), which works but is not secure (CERT-9).
 */
public record CertificateChoice(String name, String description) {

    public static final CertificateChoice DEMO = new CertificateChoice(null, ListenerRow.DEMO_LABEL);

    public boolean demo() {
        return name == null;
    }

    /** The demo first, then every other entry of the store. */
    public static List<CertificateChoice> from(List<CertificateSummary> certificates) {
        List<CertificateChoice> choices = new ArrayList<>();
        choices.add(DEMO);
        for (CertificateSummary s : certificates) {
            if (!s.demo()) {
                String cn = s.commonName() == null || s.commonName().equals(s.name()) ? "" : " (" + s.commonName() + ")";
                choices.add(new CertificateChoice(s.name(), s.name() + cn));
            }
        }
        return choices;
    }

    @Override
    public String toString() {
        return description;
    }
}

package org.postern.engine.alerts;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.NewCertificateRequest;

/** CERT-11: a certificate in use that expires within the threshold raises an alert mail; an unused one does not. */
class ExpiryAlertsTest {

    @TempDir
    Path dir;

    @Test
    void expiringCertificatesInUseAreAlertedOnce() {
        try (EmbeddedGateway g = EmbeddedGateway.open(dir)) {
            g.certificates().createSelfSigned(new NewCertificateRequest("soon", "soon.example.com", List.of(), null, null,
                    null, null, null, 10, KeyType.EC_P256, true));
            g.certificates().createSelfSigned(new NewCertificateRequest("unused", "unused.example.com", List.of(), null, null,
                    null, null, null, 10, KeyType.EC_P256, true));
            var in = g.listeners().get("IncomingMail");
            // confirmed: this test has no DNS for the DANE-7 TLSA check
            g.listeners().update("IncomingMail", in.withCertificate("soon"), true);
            g.alerts().add(new AlertApi.AlertRecipient("ops@example.org", AlertApi.AlertType.SYSTEM, AlertApi.Severity.WARNING));
            List<String> alerted = ExpiryAlerts.check(g.certificates(), g.alertService());
            assertThat(alerted).containsExactly("soon");
            assertThat(ExpiryAlerts.check(g.certificates(), g.alertService())).containsExactly("soon");
            var queued = g.queue().list();
            assertThat(queued).hasSize(1); // the quiet period suppresses the second mail
            assertThat(new String(g.queue().content(queued.getFirst().id()), StandardCharsets.UTF_8))
                    .contains("Subject: [Postern warning] certificate soon expires in", "used by: listener IncomingMail");
        }
    }

    /** Clock jumps: the quiet period is measured on the clock, and setting the clock back does not silence alerts. */
    @Test
    void aClockSetBackDoesNotSilenceAnAlertForTheLengthOfTheJump() {
        try (EmbeddedGateway g = EmbeddedGateway.open(dir)) {
            g.alerts().add(new AlertApi.AlertRecipient("ops@example.org", AlertApi.AlertType.SYSTEM, AlertApi.Severity.WARNING));
            AlertService alerts = g.alertService();
            Instant t0 = Instant.parse("2027-03-01T12:00:00Z");
            alerts.useClock(Clock.fixed(t0, ZoneOffset.UTC));
            assertThat(send(alerts)).isNotNull();
            alerts.useClock(Clock.fixed(t0.plusSeconds(60), ZoneOffset.UTC));
            assertThat(send(alerts)).as("within the quiet period").isNull();
            // the clock is set back two days: the last alert now lies in the future
            alerts.useClock(Clock.fixed(t0.minus(Duration.ofDays(2)), ZoneOffset.UTC));
            assertThat(send(alerts)).as("after the clock was set back").isNotNull();
            // and the quiet period holds again from there
            alerts.useClock(Clock.fixed(t0.minus(Duration.ofDays(2)).plusSeconds(60), ZoneOffset.UTC));
            assertThat(send(alerts)).isNull();
            assertThat(g.queue().list()).hasSize(2);
        }
    }

    private static String send(AlertService alerts) {
        return alerts.send(AlertApi.AlertType.SYSTEM, AlertApi.Severity.WARNING, "certificate-expiry:x", "certificate x expires",
                "body\n");
    }
}

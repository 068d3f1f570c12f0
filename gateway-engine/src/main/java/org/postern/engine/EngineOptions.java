package org.postern.engine;

import java.time.Duration;
import java.util.function.Supplier;
import org.postern.engine.delivery.DeliveryEngine;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.smtp.server.SmtpSettings;

/** Tunables of an embedded engine; production uses {@link #defaults()}, tests shorten timeouts. */
public record EngineOptions(SmtpSettings smtp, DeliveryAttempt.Timeouts clientTimeouts,
                            DeliveryEngine.Schedule schedule, Supplier<DnsResolver> dns, Duration alertQuietPeriod,
                            int mxPort) {

    public static EngineOptions defaults() {
        return new EngineOptions(SmtpSettings.defaults(), DeliveryAttempt.Timeouts.rfc5321(),
                DeliveryEngine.Schedule.standard(), null, Duration.ofMinutes(10), 25);
    }

    /** The port MX hosts are contacted on (25; tests use an unprivileged port). */
    public EngineOptions withMxPort(int port) {
        return new EngineOptions(smtp, clientTimeouts, schedule, dns, alertQuietPeriod, port);
    }

    public EngineOptions withSmtp(SmtpSettings s) {
        return new EngineOptions(s, clientTimeouts, schedule, dns, alertQuietPeriod, mxPort);
    }

    public EngineOptions withClientTimeouts(DeliveryAttempt.Timeouts t) {
        return new EngineOptions(smtp, t, schedule, dns, alertQuietPeriod, mxPort);
    }

    public EngineOptions withSchedule(DeliveryEngine.Schedule s) {
        return new EngineOptions(smtp, clientTimeouts, s, dns, alertQuietPeriod, mxPort);
    }

    public EngineOptions withDns(Supplier<DnsResolver> d) {
        return new EngineOptions(smtp, clientTimeouts, schedule, d, alertQuietPeriod, mxPort);
    }
}

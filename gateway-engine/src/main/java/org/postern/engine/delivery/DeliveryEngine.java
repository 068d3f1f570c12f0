package org.postern.engine.delivery;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Set;
import java.util.function.Supplier;
import org.postern.engine.alerts.AlertService;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.QueuedMessage;
import org.postern.engine.dane.DanePolicy;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.log.MailLog;
import org.postern.engine.mail.Addresses;
import org.postern.engine.queue.Spool;
import org.postern.engine.smtp.client.AttemptResult;
import org.postern.engine.smtp.client.AttemptResult.Status;
import org.postern.engine.smtp.client.DeliveryAttempt;

/**
 * Delivers queued mail (DLV-1..9): per recipient domain, the destination entry decides the TLS rule;
 * hosts come from the route override or the MX RRset (implicit MX, null MX); each host is tried in
 * order until one takes the message; DANE (DANE-1..6, RFC 7672) decides per host whether it may be
 * used and how its certificate is authenticated ({@link HostPlan}). What cannot be delivered now is deferred with back-off; past
 * the queue lifetime it is bounced with a DSN stating the reason (DLV-5).
 */
public final class DeliveryEngine implements AutoCloseable {

    /**
     * Retry schedule and pacing. {@code stopGrace} bounds how long stopping waits for running
     * attempts to finish before it interrupts them.
     */
    public record Schedule(Duration pollInterval, List<Duration> backoff, Duration stopGrace) {

        /** The default stop grace. */
        public static final Duration STOP_GRACE = Duration.ofSeconds(30);

        public Schedule(Duration pollInterval, List<Duration> backoff) {
            this(pollInterval, backoff, STOP_GRACE);
        }

        public static Schedule standard() {
            return new Schedule(Duration.ofSeconds(1), List.of(Duration.ofMinutes(1), Duration.ofMinutes(5),
                    Duration.ofMinutes(15), Duration.ofMinutes(30), Duration.ofHours(1)));
        }

        public Schedule withStopGrace(Duration grace) {
            return new Schedule(pollInterval, backoff, grace);
        }

        Duration after(int attempts) {
            return backoff.get(Math.min(attempts, backoff.size()) - 1);
        }

        /** The longest deferral this schedule makes. */
        Duration longestWait() {
            return backoff.stream().max(Duration::compareTo).orElse(Duration.ZERO);
        }
    }

    private final Spool spool;
    private final DestinationApi destinations;
    private final HostSelector hosts;
    private final Supplier<DnsResolver> dns;
    private final Supplier<DeliveryAttempt> attempts;
    private final MailLog log;
    private final AlertService alerts;
    private final Schedule schedule;
    /** Wall-clock time for retry times and the queue lifetime; replaceable to test clock jumps. */
    private volatile Clock clock = Clock.systemUTC();
    /** How long stopping waits for interrupted attempts to end. */
    private static final Duration INTERRUPT_GRACE = Duration.ofSeconds(5);

    private final DestinationSlots perDestination = new DestinationSlots();
    private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();
    /** Attempts that outlived the stop: they must not touch the queue any more. */
    private final Set<Thread> abandoned = ConcurrentHashMap.newKeySet();
    private final Object wake = new Object();
    private volatile boolean running;
    private volatile Thread scheduler;

    public DeliveryEngine(Spool spool, DestinationApi destinations, Supplier<DnsResolver> dns,
                          Supplier<DeliveryAttempt> attempts, MailLog log, AlertService alerts, Schedule schedule,
                          int mxPort) {
        this.spool = spool;
        this.destinations = destinations;
        this.hosts = new HostSelector(dns, mxPort);
        this.dns = dns;
        this.attempts = attempts;
        this.log = log;
        this.alerts = alerts;
        this.schedule = schedule;
    }

    /** Uses {@code c} for retry times and the queue lifetime from now on. */
    public void useClock(Clock c) {
        clock = java.util.Objects.requireNonNull(c);
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        scheduler = Thread.ofPlatform().name("delivery-scheduler").daemon().unstarted(this::loop);
        scheduler.start();
    }

    /** Looks for due messages now (after a message was queued or the queue flushed). */
    public void wake() {
        synchronized (wake) {
            wake.notifyAll();
        }
    }

    private void loop() {
        while (running && scheduler == Thread.currentThread()) {
            try {
                for (QueuedMessage m : spool.due(clock.instant(), schedule.longestWait(), 200)) {
                    if (!running) {
                        break;
                    }
                    if (spool.claim(m.id())) { // false: being delivered, or gone since the query
                        Thread t = Thread.ofVirtual().name("deliver-" + m.id()).unstarted(() -> attempt(m));
                        inFlight.add(t);
                        t.start();
                    }
                }
            } catch (RuntimeException e) {
                log.log(MailEvent.of(MailEvent.Type.WARNING, "delivery scheduler: " + e.getMessage()));
            }
            synchronized (wake) {
                try {
                    wake.wait(schedule.pollInterval().toMillis());
                } catch (InterruptedException e) {
                    return;
                }
            }
        }
    }

    private void attempt(QueuedMessage m) {
        List<Outcome> outcomes = new ArrayList<>();
        try {
            deliver(m, outcomes);
        } catch (RuntimeException e) {
            // never retry at once: an unexpected failure is deferred like any other, but only for the
            // recipients not delivered in this attempt, so none of them gets a second copy
            String reason = "4.3.0 delivery failed: " + (e.getMessage() == null ? e.toString() : e.getMessage());
            log.log(MailEvent.of(MailEvent.Type.WARNING, "delivery of " + m.id() + " failed: " + e).messageId(m.id()));
            if (abandoned.contains(Thread.currentThread())) {
                return;
            }
            Set<String> delivered = new java.util.HashSet<>();
            outcomes.stream().filter(o -> o.status() == Status.DELIVERED).forEach(o -> delivered.add(o.recipient()));
            List<String> remaining = m.recipients().stream().filter(r -> !delivered.contains(r)).toList();
            try {
                if (remaining.isEmpty()) {
                    spool.remove(m.id());
                } else {
                    spool.defer(m.id(), remaining, m.attempts() + 1, clock.instant().plus(schedule.after(m.attempts() + 1)),
                            reason);
                }
            } catch (RuntimeException again) {
                log.log(MailEvent.of(MailEvent.Type.WARNING, "cannot defer " + m.id() + ": " + again).messageId(m.id()));
            }
        } finally {
            inFlight.remove(Thread.currentThread());
            abandoned.remove(Thread.currentThread());
            wake();
        }
    }

    /** Delivery attempts running now. */
    public int inFlight() {
        return inFlight.size();
    }

    /** The outcome for one recipient after trying every host. */
    private record Outcome(String recipient, Status status, String enhanced, String text, String remote) {
    }

    /** Delivers {@code m}, adding each recipient's outcome to {@code outcomes} as soon as it is known. */
    void deliver(QueuedMessage m, List<Outcome> outcomes) {
        Map<String, List<String>> byDomain = new LinkedHashMap<>();
        for (String r : m.recipients()) {
            byDomain.computeIfAbsent(Addresses.domain(r), d -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<String, List<String>> e : byDomain.entrySet()) {
            String domain = e.getKey();
            if (Thread.currentThread().isInterrupted()) {
                outcomes.addAll(stopped(e.getValue()));
                continue;
            }
            try {
                // the entry's current limit, asked again while waiting: a changed limit applies at once
                perDestination.acquire(domain, () -> destinations.effective(domain).maxConnections());
            } catch (InterruptedException stop) {
                Thread.currentThread().interrupt();
                outcomes.addAll(stopped(e.getValue()));
                continue;
            }
            try {
                outcomes.addAll(deliverToDomain(m, domain, e.getValue(), destinations.effective(domain)));
            } finally {
                perDestination.release(domain);
            }
        }
        if (abandoned.contains(Thread.currentThread())) {
            return; // the engine stopped without us: the message stays claimed and recovery retries it
        }
        finish(m, outcomes);
    }

    private static List<Outcome> stopped(List<String> recipients) {
        return recipients.stream().map(r -> new Outcome(r, Status.TEMPORARY, "4.3.2", "delivery stopped: the engine is stopping",
                null)).toList();
    }

    private List<Outcome> deliverToDomain(QueuedMessage m, String domain, List<String> recipients, DestinationEntry entry) {
        HostSelector.Selection selection = hosts.select(domain, entry);
        if (selection.failure() != null) {
            Status status = selection.permanent() ? Status.PERMANENT : Status.TEMPORARY;
            return recipients.stream().map(r -> new Outcome(r, status, selection.failureCode(), selection.failure(), null)).toList();
        }
        String reason = null;
        String resultType = null;
        String remote = null;
        String lastNote = null;
        boolean daneFailed = false;
        DeliveryAttempt attempt = attempts.get();
        DnsResolver resolver = dns.get();
        var global = destinations.globalSettings();
        for (HostSelector.Target t : selection.targets()) {
            if (t.addresses().isEmpty()) {
                lastNote = t.note();
                continue;
            }
            HostPlan plan = HostPlan.of(t, entry.tls(), entry.dane(), resolver, global);
            if (plan.dane().skip()) {
                // DANE-5, RFC 7672 §2.1.1: this host is not used; the next one may be
                log.log(MailEvent.of(MailEvent.Type.DEFERRED, "host " + t.sniName() + " not used: " + plan.dane().skipReason()
                                + " [DANE " + plan.dane().setting().cliName() + ", TLS " + entry.tls().cliName() + " via "
                                + entry.domain() + "]")
                        .messageId(m.id()).sender(m.sender()).domain(domain).resultType(plan.dane().resultType()));
                reason = "DANE: " + plan.dane().skipReason();
                resultType = plan.dane().resultType();
                remote = t.sniName();
                daneFailed = true;
                continue;
            }
            Supplier<InputStream> content = () -> spool.openContent(m.id());
            for (InetSocketAddress address : t.addresses()) {
                AttemptResult r = attempt.deliver(plan.name(), address, plan.rule(), m.sender(), recipients, content);
                logAttempt(m, domain, r, entry, plan);
                if (r.hostFailure() != null && r.handshakeFailedAfter220() && entry.reconnectInClear() && !plan.rule().mandatory()) {
                    log.log(MailEvent.of(MailEvent.Type.WARNING, "downgrade: reconnecting to " + r.address()
                            + " in clear after a failed TLS handshake (reconnect-in-clear is on for " + entry.domain() + ")")
                            .messageId(m.id()).domain(domain));
                    r = attempt.deliver(plan.name(), address, plan.rule().clear(), m.sender(), recipients, content);
                    logAttempt(m, domain, r, entry, plan);
                }
                if (r.hostFailure() == null) {
                    final AttemptResult done = r;
                    return done.recipients().stream().map(x -> new Outcome(x.recipient(), x.status(),
                            enhanced(x.reply(), x.status()), x.reply(), done.host())).toList();
                }
                reason = r.hostFailure();
                resultType = r.resultType();
                remote = r.host();
                daneFailed |= plan.dane().tlsMandatory() && r.resultType() != null;
            }
        }
        if (reason == null) {
            reason = lastNote != null ? lastNote : "no usable host";
        }
        // policy failures are temporary 4.7.x (DANE-3a, DLV-5): never a bounce now, never clear text
        String code = resultType == null ? "4.4.1" : resultType.equals("starttls-not-supported") ? "4.7.10" : "4.7.5";
        if (resultType != null && entry.tls().requiresTls() && global.requiredTlsAlert()) {
            alerts.send(AlertApi.AlertType.SYSTEM, AlertApi.Severity.WARNING, "required-tls:" + domain,
                    "required TLS connection to " + domain + " failed",
                    "Postern could not deliver to " + domain + " because the required TLS connection failed.\n\n"
                            + "Destination entry: " + entry.domain() + " (TLS " + entry.tls().cliName() + ")\n"
                            + "Reason: " + reason + "\nRFC 8460 result type: " + resultType + "\n"
                            + "The message stays queued and is retried.\n");
        }
        if (daneFailed && global.daneAlert()) {
            alerts.send(AlertApi.AlertType.SECURITY, AlertApi.Severity.WARNING, "dane:" + domain,
                    "DANE authentication for " + domain + " failed",
                    "Postern could not deliver to " + domain + " because DANE (RFC 7672) failed on every MX host.\n\n"
                            + "Destination entry: " + entry.domain() + " (DANE " + DanePolicy.effective(entry.dane(), entry.tls())
                            .cliName() + ", TLS " + entry.tls().cliName() + ")\n"
                            + "Last reason: " + reason + "\nRFC 8460 result type: " + resultType + "\n"
                            + "The message stays queued and is retried.\n");
        }
        final String lastRemote = remote;
        final String text = reason;
        return recipients.stream().map(r -> new Outcome(r, Status.TEMPORARY, code, text, lastRemote)).toList();
    }

    private static String enhanced(String reply, Status status) {
        if (reply != null && reply.matches("^[245][0-9][0-9] [245]\\.[0-9]{1,3}\\.[0-9]{1,3}.*")) {
            return reply.substring(4).split(" ")[0];
        }
        return switch (status) {
            case DELIVERED -> "2.0.0";
            case TEMPORARY -> "4.0.0";
            case PERMANENT -> "5.0.0";
        };
    }

    private void logAttempt(QueuedMessage m, String domain, AttemptResult r, DestinationEntry entry, HostPlan plan) {
        List<String> all = new ArrayList<>(plan.dane().notes());
        all.addAll(r.notes());
        String notes = all.isEmpty() ? "" : " (" + String.join("; ", all) + ")";
        if (r.hostFailure() != null) {
            log.log(MailEvent.of(MailEvent.Type.DEFERRED, "host " + r.host() + " [" + r.address() + "]: " + r.hostFailure()
                            + notes + " [TLS " + entry.tls().cliName() + ", DANE " + plan.dane().setting().cliName() + " via "
                            + entry.domain() + "]")
                    .messageId(m.id()).sender(m.sender()).domain(domain).tls(r.tls()).protocol(r.protocol())
                    .cipher(r.cipher()).peerSubject(r.peerSubject()).resultType(r.resultType()));
            return;
        }
        for (AttemptResult.RecipientResult x : r.recipients()) {
            MailEvent.Type type = x.status() == Status.DELIVERED ? MailEvent.Type.DELIVERED
                    : x.status() == Status.PERMANENT ? MailEvent.Type.BOUNCED : MailEvent.Type.DEFERRED;
            log.log(MailEvent.of(type, (x.status() == Status.DELIVERED ? "delivered to " : "refused by ") + r.host()
                            + " [" + r.address() + "]: " + x.reply() + notes)
                    .messageId(m.id()).sender(m.sender()).recipient(x.recipient()).domain(domain).tls(r.tls())
                    .protocol(r.protocol()).cipher(r.cipher()).peerSubject(r.peerSubject()));
        }
    }

    private void finish(QueuedMessage m, List<Outcome> outcomes) {
        int attemptsSoFar = m.attempts() + 1;
        var global = destinations.globalSettings();
        boolean expired = m.receivedAt().plus(Duration.ofHours(global.queueLifetimeHours())).isBefore(clock.instant());
        List<Bounce.Failed> failed = new ArrayList<>();
        List<String> remaining = new ArrayList<>();
        String lastReason = null;
        for (Outcome o : outcomes) {
            switch (o.status()) {
                case DELIVERED -> { }
                case PERMANENT -> failed.add(new Bounce.Failed(o.recipient(), "5" + o.enhanced().substring(1), o.text(), o.remote()));
                case TEMPORARY -> {
                    if (expired) {
                        failed.add(new Bounce.Failed(o.recipient(), o.enhanced(), "delivery time expired (queue lifetime "
                                + global.queueLifetimeHours() + " h); last reason: " + o.text(), o.remote()));
                    } else {
                        remaining.add(o.recipient());
                        lastReason = o.enhanced() + " " + o.text();
                    }
                }
            }
        }
        if (!failed.isEmpty()) {
            bounce(m, failed);
        }
        if (remaining.isEmpty()) {
            spool.remove(m.id());
        } else {
            Instant next = clock.instant().plus(schedule.after(attemptsSoFar));
            spool.defer(m.id(), remaining, attemptsSoFar, next, lastReason);
            log.log(MailEvent.of(MailEvent.Type.QUEUE, "deferred " + remaining.size() + " recipient(s) until " + next + ": "
                    + lastReason).messageId(m.id()).sender(m.sender()));
        }
    }

    private void bounce(QueuedMessage m, List<Bounce.Failed> failed) {
        for (Bounce.Failed f : failed) {
            log.log(MailEvent.of(MailEvent.Type.BOUNCED, "bounced: " + f.status() + " " + f.diagnostic())
                    .messageId(m.id()).sender(m.sender()).recipient(f.recipient()).domain(Addresses.domain(f.recipient())));
        }
        if (m.sender().isEmpty()) {
            log.log(MailEvent.of(MailEvent.Type.WARNING, "no DSN for a message with the null sender").messageId(m.id()));
            return;
        }
        try (InputStream original = spool.openContent(m.id())) {
            String id = spool.inject("", List.of(m.sender()), Bounce.build(m.id(), m.sender(), m.receivedAt(), failed, original));
            log.log(MailEvent.of(MailEvent.Type.QUEUE, "DSN " + id + " queued for <" + m.sender() + ">").messageId(m.id()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Stops delivering: no new attempt starts; running attempts get the stop grace to finish, then
     * are interrupted (their connection closes, the message stays queued for the next start). Returns
     * only when no attempt can still change the queue, so the engine lock may be released.
     */
    @Override
    public synchronized void close() {
        running = false;
        wake();
        Thread s = scheduler;
        if (s != null) {
            try {
                s.join(); // at most one due query: it starts no attempt once running is false
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            scheduler = null;
        }
        if (inFlight.isEmpty()) {
            return;
        }
        if (awaitAttempts(schedule.stopGrace())) {
            return;
        }
        log.log(MailEvent.of(MailEvent.Type.WARNING, "stopping: interrupting " + inFlight.size()
                + " delivery attempt(s) still running after " + schedule.stopGrace().toSeconds() + " s; their messages stay queued"));
        inFlight.forEach(Thread::interrupt);
        if (awaitAttempts(INTERRUPT_GRACE)) {
            return;
        }
        abandoned.addAll(inFlight);
        log.log(MailEvent.of(MailEvent.Type.WARNING, "stopping: " + inFlight.size()
                + " delivery attempt(s) did not end; they may no longer change the queue"));
    }

    private boolean awaitAttempts(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        for (Thread t : List.copyOf(inFlight)) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            try {
                t.join(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return inFlight.isEmpty();
    }
}

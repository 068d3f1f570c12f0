package org.postern.engine.smtp.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.postern.engine.api.EngineApi;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;
import org.postern.engine.log.MailLog;
import org.postern.engine.pki.CertificateService.KeyMaterial;
import org.postern.engine.queue.Spool;
import org.postern.engine.tls.TlsContexts;

/**
 * Runs one {@link SmtpServer} per configured listener and applies changes to them while they run.
 * The TLS context of a listener is built from its certificate (the demo certificate when none is
 * chosen, LIS-7, with the CERT-9 warning logged each time) and follows the inbound TLS policy as it
 * is at each connection (TLS-1). A certificate change gives every listener a new context that the
 * next handshake uses; no socket is closed. A listener change restarts only a listener whose
 * socket it concerns (see {@link SmtpServer#sameBinding}); other changes reach the next connection.
 */
public final class ListenerRuntime implements AutoCloseable {

    /** A running listener: its server, the listener as it applies now, and the TLS context its sessions ask for. */
    private record Running(SmtpServer server, ListenerSpec spec, AtomicReference<SSLContext> tls) {
    }

    private final Supplier<List<ListenerSpec>> listeners;
    private final Function<ListenerSpec, List<String>> warnings;
    private final Function<String, KeyMaterial> keys;
    private final Spool spool;
    private final MailLog log;
    private final SmtpSettings settings;
    private final String hostname;
    private final Supplier<TlsPolicy> tlsPolicy;
    private final Map<String, Running> servers = new LinkedHashMap<>();
    private final Map<String, String> problems = new LinkedHashMap<>();
    /** Listeners that could not listen, as they were then: tried again at each reload, refused only once. */
    private final Map<String, ListenerSpec> failed = new LinkedHashMap<>();
    private boolean running;

    public ListenerRuntime(Supplier<List<ListenerSpec>> listeners, Function<ListenerSpec, List<String>> warnings,
                           Function<String, KeyMaterial> keys, Spool spool, MailLog log, SmtpSettings settings,
                           String hostname, Supplier<TlsPolicy> tlsPolicy) {
        this.listeners = listeners;
        this.warnings = warnings;
        this.keys = keys;
        this.spool = spool;
        this.log = log;
        this.settings = settings;
        this.hostname = hostname;
        this.tlsPolicy = tlsPolicy;
    }

    public synchronized void start() {
        if (running) {
            return;
        }
        running = true;
        listeners.get().forEach(this::open);
    }

    /** Opens {@code spec}; false (the problem recorded and logged) when it cannot listen. */
    private boolean open(ListenerSpec spec) {
        problems.remove(spec.name());
        failed.remove(spec.name());
        try {
            AtomicReference<SSLContext> tls = new AtomicReference<>(tlsFor(spec));
            SmtpServer server = new SmtpServer(spec, new SmtpServer.Services(MessageStore.of(spool), log, tls::get,
                    SmtpServer::verifiedHostname), settings, hostname);
            servers.put(spec.name(), new Running(server, spec, tls));
            log.log(MailEvent.of(MailEvent.Type.SERVICE, "listener " + spec.name() + " listening on "
                    + spec.address() + " port " + server.port()).listener(spec.name()));
            logWarnings(spec);
            return true;
        } catch (IOException | RuntimeException e) {
            problems.put(spec.name(), "cannot listen on " + spec.address() + " port " + spec.port() + ": " + e.getMessage());
            failed.put(spec.name(), spec);
            log.log(MailEvent.of(MailEvent.Type.WARNING, problems.get(spec.name())).listener(spec.name()));
            return false;
        }
    }

    private void logWarnings(ListenerSpec spec) {
        for (String w : warnings.apply(spec)) {
            log.log(MailEvent.of(MailEvent.Type.WARNING, w).listener(spec.name()));
        }
    }

    /** The listener's server context, or null (STARTTLS answered 454) when its certificate cannot be used. */
    private SSLContext tlsFor(ListenerSpec spec) {
        try {
            KeyMaterial km = keys.apply(spec.certificate());
            return TlsContexts.server(km.key(), km.chain(), tlsPolicy);
        } catch (RuntimeException e) {
            log.log(MailEvent.of(MailEvent.Type.WARNING, "listener " + spec.name() + " has no usable certificate ("
                    + e.getMessage() + "); STARTTLS will be answered 454").listener(spec.name()));
            return null;
        }
    }

    public synchronized void stop() {
        servers.values().forEach(r -> r.server().close());
        servers.clear();
        problems.clear();
        failed.clear();
        running = false;
    }

    /**
     * Applies the stored listeners to the running ones: a listener that is gone, or whose socket
     * the change concerns (renamed, another address or port, …), is stopped (its sessions end as
     * at shutdown) and a new or rebound one opened; a listener with other changes serves its next
     * connection by them, keeping its socket and sessions; an unchanged one is left alone. One that
     * could not listen is tried again.
     *
     * @throws PosternException when a new or changed listener cannot listen (its address and port
     *         are taken); every other listener is applied all the same
     */
    public synchronized void reload() {
        if (!running) {
            return;
        }
        Map<String, ListenerSpec> wanted = new LinkedHashMap<>();
        listeners.get().forEach(spec -> wanted.put(spec.name(), spec));
        for (Running r : List.copyOf(servers.values())) {
            ListenerSpec next = wanted.get(r.spec().name());
            if (next == null || !SmtpServer.sameBinding(r.spec(), next)) {
                r.server().close();
                servers.remove(r.spec().name());
                log.log(MailEvent.of(MailEvent.Type.SERVICE, "listener " + r.spec().name() + " stopped"
                        + (next == null ? " (removed)" : " to apply its changed settings")).listener(r.spec().name()));
            }
        }
        problems.keySet().retainAll(wanted.keySet());
        failed.keySet().retainAll(wanted.keySet());
        List<String> cannot = new ArrayList<>();
        for (ListenerSpec spec : wanted.values()) {
            Running r = servers.get(spec.name());
            if (r == null) {
                boolean retried = spec.equals(failed.get(spec.name()));
                if (!open(spec) && !retried) {
                    cannot.add("listener " + spec.name() + ": " + problems.get(spec.name()));
                }
            } else if (!r.spec().equals(spec)) {
                update(r, spec);
            }
        }
        if (!cannot.isEmpty()) {
            throw new PosternException(String.join("; ", cannot));
        }
    }

    private void update(Running r, ListenerSpec spec) {
        if (!Objects.equals(r.spec().certificate(), spec.certificate())) {
            r.tls().set(tlsFor(spec));
        }
        r.server().update(spec);
        servers.put(spec.name(), new Running(r.server(), spec, r.tls()));
        log.log(MailEvent.of(MailEvent.Type.SERVICE, "listener " + spec.name() + ": changed settings apply from its"
                + " next connection").listener(spec.name()));
        logWarnings(spec);
    }

    /**
     * The certificate store changed: every running listener gets a context built from its
     * certificate as stored now, which the next TLS handshake uses. Sockets and sessions stay.
     */
    public synchronized void certificatesChanged() {
        for (Running r : servers.values()) {
            r.tls().set(tlsFor(r.spec()));
        }
    }

    public synchronized boolean running() {
        return running;
    }

    /** The bound port of a running listener (tests use port 0 and ask). */
    public synchronized int port(String listener) {
        Running r = servers.get(listener);
        if (r == null) {
            throw new IllegalStateException("listener " + listener + " is not running");
        }
        return r.server().port();
    }

    public synchronized List<EngineApi.ListenerStatus> status() {
        List<EngineApi.ListenerStatus> list = new ArrayList<>();
        for (ListenerSpec spec : listeners.get()) {
            Running r = servers.get(spec.name());
            SmtpServer s = r == null ? null : r.server();
            list.add(new EngineApi.ListenerStatus(spec.name(), spec.address(), s == null ? spec.port() : s.port(), s != null,
                    s == null ? 0 : s.activeSessions(), problems.get(spec.name()), warnings.apply(spec)));
        }
        return list;
    }

    @Override
    public void close() {
        stop();
    }
}

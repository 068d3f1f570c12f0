package org.postern.engine.smtp.server;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.postern.engine.api.EngineApi;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;
import org.postern.engine.log.MailLog;
import org.postern.engine.pki.CertificateService.KeyMaterial;
import org.postern.engine.queue.Spool;
import org.postern.engine.tls.TlsContexts;

/**
 * Runs one {@link SmtpServer} per configured listener; restarts them when listeners or
 * certificates change. The TLS context of a listener is built from its certificate (the demo
 * certificate when none is chosen, LIS-7, with the CERT-9 warning logged each time) and follows
 * the inbound TLS policy as it is at each connection (TLS-1).
 */
public final class ListenerRuntime implements AutoCloseable {

    private final Supplier<List<ListenerSpec>> listeners;
    private final Function<ListenerSpec, List<String>> warnings;
    private final Function<String, KeyMaterial> keys;
    private final Spool spool;
    private final MailLog log;
    private final SmtpSettings settings;
    private final String hostname;
    private final Supplier<TlsPolicy> tlsPolicy;
    private final Map<String, SmtpServer> servers = new LinkedHashMap<>();
    private final Map<String, String> problems = new LinkedHashMap<>();
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
        for (ListenerSpec spec : listeners.get()) {
            try {
                SmtpServer server = new SmtpServer(spec, new SmtpServer.Services(MessageStore.of(spool), log, tlsFor(spec),
                        SmtpServer::verifiedHostname), settings, hostname);
                servers.put(spec.name(), server);
                log.log(MailEvent.of(MailEvent.Type.SERVICE, "listener " + spec.name() + " listening on "
                        + spec.address() + " port " + server.port()).listener(spec.name()));
                for (String w : warnings.apply(spec)) {
                    log.log(MailEvent.of(MailEvent.Type.WARNING, w).listener(spec.name()));
                }
            } catch (IOException | RuntimeException e) {
                problems.put(spec.name(), "cannot listen on " + spec.address() + " port " + spec.port() + ": " + e.getMessage());
                log.log(MailEvent.of(MailEvent.Type.WARNING, problems.get(spec.name())).listener(spec.name()));
            }
        }
    }

    private Supplier<SSLContext> tlsFor(ListenerSpec spec) {
        SSLContext ctx;
        try {
            KeyMaterial km = keys.apply(spec.certificate());
            ctx = TlsContexts.server(km.key(), km.chain(), tlsPolicy);
        } catch (RuntimeException e) {
            log.log(MailEvent.of(MailEvent.Type.WARNING, "listener " + spec.name() + " has no usable certificate ("
                    + e.getMessage() + "); STARTTLS will be answered 454").listener(spec.name()));
            ctx = null;
        }
        final SSLContext result = ctx;
        return () -> result;
    }

    public synchronized void stop() {
        servers.values().forEach(SmtpServer::close);
        servers.clear();
        problems.clear();
        running = false;
    }

    /** Applies changed listener or certificate configuration to a running engine. */
    public synchronized void reload() {
        if (running) {
            stop();
            start();
        }
    }

    public synchronized boolean running() {
        return running;
    }

    /** The bound port of a running listener (tests use port 0 and ask). */
    public synchronized int port(String listener) {
        SmtpServer s = servers.get(listener);
        if (s == null) {
            throw new IllegalStateException("listener " + listener + " is not running");
        }
        return s.port();
    }

    public synchronized List<EngineApi.ListenerStatus> status() {
        List<EngineApi.ListenerStatus> list = new ArrayList<>();
        for (ListenerSpec spec : listeners.get()) {
            SmtpServer s = servers.get(spec.name());
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

package org.postern.engine.smtp.server;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailEvent;
import org.postern.engine.log.MailLog;
import org.postern.engine.policy.HostAccessTable;

/**
 * One listener (LIS-1): a server socket with the configured accept queue, one virtual thread per
 * connection, and a concurrency limit beyond which clients get 421 and are disconnected.
 */
public final class SmtpServer implements AutoCloseable {

    /** What sessions use: where messages are stored, the mail log, and the listener's TLS context (null: none usable). */
    record Services(MessageStore store, MailLog log, Supplier<SSLContext> tls, ReverseLookup names) {
    }

    /** The client's verified host name, if it has one (forward-confirmed reverse DNS). */
    @FunctionalInterface
    interface ReverseLookup {
        Optional<String> hostname(InetAddress client);
    }

    private static final AtomicLong CONNECTIONS = new AtomicLong();

    /** What a connection is served by: the listener as it was when the connection came, and its host access table. */
    private record PerConnection(ListenerSpec spec, HostAccessTable hat) {
    }

    /** The listener as bound: the socket, the connection limits and the client limits follow it. */
    private final ListenerSpec listener;
    private final Services services;
    private final SmtpSettings settings;
    private volatile PerConnection current;
    private final String hostname;
    private final Semaphore slots;
    private final ClientLimits clientLimits;
    private final AtomicInteger active = new AtomicInteger();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private final Set<SmtpSession> sessions = ConcurrentHashMap.newKeySet();
    private final ServerSocket serverSocket;
    private final Thread acceptor;
    private volatile boolean running = true;

    public SmtpServer(ListenerSpec listener, Services services, SmtpSettings settings, String hostname) throws IOException {
        this.listener = listener;
        this.services = services;
        this.settings = settings;
        this.current = new PerConnection(listener, new HostAccessTable(listener));
        this.hostname = java.net.IDN.toASCII(hostname); // it is in every reply, and replies are ASCII
        this.slots = new Semaphore(listener.maxConnections());
        // internal hosts of a private listener are trusted to share it sensibly
        this.clientLimits = listener.kind() == ListenerKind.PUBLIC ? new ClientLimits(settings.clientConnections(),
                settings.clientRate(), settings.rateWindow().toNanos()) : null;
        this.serverSocket = new ServerSocket();
        serverSocket.setReuseAddress(true);
        serverSocket.bind(new InetSocketAddress(InetAddress.ofLiteral(listener.address()), listener.port()),
                listener.acceptQueue());
        this.acceptor = Thread.ofPlatform().name("smtp-accept-" + listener.name()).daemon().start(this::acceptLoop);
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /**
     * True when {@code changed} can be served by this server's socket as it is: only the name,
     * address, port, accept queue, connection limit and kind are fixed when it binds; the rest
     * (domains, sender groups, policies, certificate) is read at each connection.
     */
    public static boolean sameBinding(ListenerSpec bound, ListenerSpec changed) {
        return bound.name().equals(changed.name()) && bound.kind() == changed.kind()
                && bound.address().equals(changed.address()) && bound.port() == changed.port()
                && bound.acceptQueue() == changed.acceptQueue() && bound.maxConnections() == changed.maxConnections();
    }

    /**
     * Serves connections accepted from now on by {@code changed} (see {@link #sameBinding});
     * sessions already open keep the listener they started with.
     */
    public void update(ListenerSpec changed) {
        if (!sameBinding(listener, changed)) {
            throw new IllegalArgumentException("listener " + listener.name() + " must be rebound for this change");
        }
        current = new PerConnection(changed, new HostAccessTable(changed));
    }

    /** Connections currently being served (for monitoring and tests). */
    public int activeSessions() {
        return active.get();
    }

    private void acceptLoop() {
        while (running) {
            Socket socket;
            try {
                socket = serverSocket.accept();
            } catch (IOException e) {
                if (running) {
                    services.log().log(MailEvent.of(MailEvent.Type.WARNING, "accept failed on listener "
                            + listener.name() + ": " + e.getMessage()).listener(listener.name()));
                    continue;
                }
                return;
            }
            InetAddress client = socket.getInetAddress();
            if (clientLimits != null) {
                ClientLimits.Refusal refusal = clientLimits.admit(client, System.nanoTime());
                if (refusal != null) {
                    Thread.ofVirtual().start(() -> refuse(socket, "too many connections from " + client.getHostAddress(),
                            refusal.logLine()));
                    continue;
                }
            }
            if (!slots.tryAcquire()) {
                if (clientLimits != null) {
                    clientLimits.release(client);
                }
                String logLine = fullListenerLogLine(System.nanoTime());
                Thread.ofVirtual().start(() -> refuse(socket, "too many connections", logLine));
                continue;
            }
            active.incrementAndGet();
            Thread worker = Thread.ofVirtual().name("smtp-" + listener.name()).unstarted(() -> {
                try {
                    serve(socket);
                } finally {
                    workers.remove(Thread.currentThread());
                    active.decrementAndGet();
                    slots.release();
                    if (clientLimits != null) {
                        clientLimits.release(client);
                    }
                }
            });
            workers.add(worker);
            worker.start();
        }
    }

    private long fullLogged = Long.MIN_VALUE;
    private int fullRefusedSince;

    /**
     * The log line for a refusal because the listener is full, or null when one was written within
     * the rate window: a flood of refusals is reported once per window, with the count since.
     */
    private synchronized String fullListenerLogLine(long now) {
        fullRefusedSince++;
        if (fullLogged != Long.MIN_VALUE && now - fullLogged < settings.rateWindow().toNanos()) {
            return null;
        }
        String line = "connection refused: " + listener.maxConnections() + " concurrent connections already"
                + (fullRefusedSince > 1 ? "; " + fullRefusedSince + " connection(s) refused since the last report" : "");
        fullLogged = now;
        fullRefusedSince = 0;
        return line;
    }

    /** 421 4.7.0 and close (RFC 5321 §3.8); {@code logLine} null: this refusal was already reported in aggregate. */
    private void refuse(Socket socket, String reason, String logLine) {
        try (socket) {
            socket.setSoTimeout(5000);
            OutputStream out = socket.getOutputStream();
            out.write(("421 4.7.0 " + hostname + " Error: " + reason + ", try again later\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
        } catch (IOException e) {
            // the client is gone
        }
        if (logLine != null) {
            services.log().log(MailEvent.of(MailEvent.Type.REFUSED, logLine).listener(listener.name())
                    .remote(socket.getInetAddress().getHostAddress()));
        }
    }

    private void serve(Socket socket) {
        String id = "C" + Long.toString(CONNECTIONS.incrementAndGet(), 36).toUpperCase();
        try {
            socket.setTcpNoDelay(true);
            InetAddress client = socket.getInetAddress();
            PerConnection served = current;
            String[] name = new String[1];
            HostAccessTable.Decision d = served.hat().resolve(client, () -> {
                name[0] = boundedLookup(id, client).orElse(null);
                return Optional.ofNullable(name[0]);
            });
            SmtpSession session = new SmtpSession(id, socket, served.spec(), d.senderGroup(), d.policy(), services, settings,
                    hostname, name[0]);
            sessions.add(session);
            try {
                if (running) {
                    session.run();
                } else {
                    session.refuseStopping();
                }
            } finally {
                sessions.remove(session);
            }
        } catch (IOException e) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    /**
     * The client's host name, waited for at most the reverse-DNS timeout: the system resolver has
     * no timeout of its own that the server controls, and a slow PTR zone must not hold a session
     * (or a slot) before the greeting. A lookup that takes longer counts as no name; it finishes
     * on its own virtual thread.
     */
    private Optional<String> boundedLookup(String id, InetAddress client) {
        CompletableFuture<Optional<String>> lookup = new CompletableFuture<>();
        Thread.ofVirtual().name("smtp-rdns").start(() -> {
            try {
                lookup.complete(services.names().hostname(client));
            } catch (RuntimeException e) {
                lookup.complete(Optional.empty());
            }
        });
        try {
            return lookup.get(settings.reverseDnsTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            services.log().log(MailEvent.of(MailEvent.Type.WARNING, "host name lookup of " + client.getHostAddress()
                    + " took longer than " + settings.reverseDnsTimeout().toMillis() + " ms; the client is treated as"
                    + " having no host name").connection(id).listener(listener.name()).remote(client.getHostAddress()));
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        } catch (ExecutionException e) {
            return Optional.empty();
        }
    }

    /** Forward-confirmed reverse DNS: the PTR name, only if it resolves back to the client. */
    static Optional<String> verifiedHostname(InetAddress client) {
        try {
            String name = InetAddress.getByAddress(client.getAddress()).getCanonicalHostName();
            if (name.equals(client.getHostAddress())) {
                return Optional.empty();
            }
            boolean confirmed = Arrays.stream(InetAddress.getAllByName(name)).anyMatch(a -> a.equals(client));
            return confirmed ? Optional.of(name) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /**
     * Stops accepting, then ends every session before returning: sessions waiting for a command get
     * 421 4.3.2 at once; a session in the middle of a command (receiving DATA, storing a message)
     * may finish it within the shutdown grace and gets 421 4.3.2 after its reply; what is still
     * running then is cut off (a message not yet acknowledged is thrown away, the client retries).
     */
    @Override
    public void close() {
        running = false;
        try {
            serverSocket.close();
        } catch (IOException e) {
            // closing anyway
        }
        try {
            acceptor.join(5000);
            sessions.forEach(SmtpSession::stop);
            long graceEnd = System.nanoTime() + settings.shutdownGrace().toNanos();
            joinWorkers(graceEnd);
            if (!workers.isEmpty()) {
                sessions.forEach(SmtpSession::abort);
                joinWorkers(System.nanoTime() + TimeUnit.SECONDS.toNanos(5));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!workers.isEmpty()) {
            services.log().log(MailEvent.of(MailEvent.Type.WARNING, workers.size() + " session(s) of listener "
                    + listener.name() + " did not end when it stopped").listener(listener.name()));
        }
    }

    private void joinWorkers(long deadline) throws InterruptedException {
        for (Thread t : List.copyOf(workers)) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                t.join(Duration.ofNanos(left));
            }
        }
    }
}

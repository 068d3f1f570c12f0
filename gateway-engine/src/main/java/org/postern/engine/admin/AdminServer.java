package org.postern.engine.admin;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.net.ssl.SSLContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.SecureRequestCustomizer;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.SslConnectionFactory;
import org.eclipse.jetty.unixdomain.server.UnixDomainServerConnector;
import org.eclipse.jetty.util.ssl.SslContextFactory;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.postern.engine.api.AdminApi.HttpsSettings;
import org.postern.engine.api.AdminApi.HttpsStatus;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.PosternException;
import org.postern.engine.pki.X509;

/**
 * The control API server (ADM-1, ADM-2a): one Jetty server with two connectors over one handler —
 * a Unix-domain socket in the data directory (owner-only; whoever can open it may manage the
 * engine, as with the data directory itself) and, when enabled, HTTPS on a configured address
 * and port with a chosen certificate, where every request must authenticate. It runs while the
 * engine runs (the engine holds the data directory's lock).
 */
public final class AdminServer implements AdminService.HttpsControl, AutoCloseable {

    public static final String SOCKET_FILE = "admin.sock";

    /** The certificate and key HTTPS presents; null name = the demo certificate. */
    public interface ServerContexts extends Function<String, SSLContextWithLeaf> {
    }

    public record SSLContextWithLeaf(SSLContext context, X509Certificate leaf) {
    }

    private final Path socket;
    private final AdminService admin;
    private final ServerContexts contexts;
    private final ApiHandler handler;
    private Server server;
    private UnixDomainServerConnector unix;
    private ServerConnector https;
    private HttpsStatus httpsStatus;

    public AdminServer(Path dataDir, GatewayApi gateway, AdminService admin, ServerContexts contexts,
                       Consumer<String> securityLog) {
        this.socket = dataDir.resolve(SOCKET_FILE);
        this.admin = admin;
        this.contexts = contexts;
        this.handler = new ApiHandler(gateway, admin, new TokenStore(Clock.systemUTC()),
                new LoginThrottle(Clock.systemUTC()), securityLog, c -> c == unix);
        admin.attach(this);
    }

    public static Path socketOf(Path dataDir) {
        return dataDir.resolve(SOCKET_FILE);
    }

    /** Starts the socket and, if enabled, HTTPS; an HTTPS failure is reported by {@link #status()}, not thrown. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        QueuedThreadPool pool = new QueuedThreadPool(64, 2);
        pool.setName("admin");
        pool.setDaemon(true);
        pool.setVirtualThreadsExecutor(Executors.newVirtualThreadPerTaskExecutor());
        Server s = new Server(pool);
        s.setStopTimeout(2000);
        HttpConfiguration http = plainConfiguration();
        UnixDomainServerConnector u = new UnixDomainServerConnector(s, new HttpConnectionFactory(http));
        if (socket.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8).length
                >= UnixDomainServerConnector.MAX_UNIX_DOMAIN_PATH_LENGTH) {
            throw new PosternException("the control socket path " + socket + " is too long for a Unix-domain socket ("
                    + UnixDomainServerConnector.MAX_UNIX_DOMAIN_PATH_LENGTH + " bytes at most); use a shorter data directory");
        }
        try {
            Files.deleteIfExists(socket); // left by an engine that crashed: we hold the lock, so it is ours
        } catch (IOException e) {
            throw new PosternException("cannot remove the stale control socket " + socket + ": " + e.getMessage(), e);
        }
        u.setUnixDomainPath(socket);
        s.addConnector(u);
        s.setHandler(handler);
        try {
            s.start();
            Files.setPosixFilePermissions(socket, PosixFilePermissions.fromString("rw-------"));
        } catch (Exception e) {
            stopQuietly(s);
            throw new PosternException("cannot serve the control API on " + socket + ": " + e.getMessage(), e);
        }
        server = s;
        unix = u;
        HttpsSettings settings = admin.https();
        try {
            startHttps(settings);
        } catch (PosternException e) {
            httpsStatus = new HttpsStatus(false, settings.address(), settings.port(), settings.certificate(), null,
                    e.getMessage());
        }
    }

    private static HttpConfiguration plainConfiguration() {
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        http.setRequestHeaderSize(16 * 1024);
        return http;
    }

    private void startHttps(HttpsSettings settings) {
        if (!settings.enabled()) {
            httpsStatus = new HttpsStatus(false, settings.address(), settings.port(), settings.certificate(), null,
                    "HTTPS administration is off");
            return;
        }
        SSLContextWithLeaf ctx = contexts.apply(settings.certificate());
        SslContextFactory.Server ssl = new SslContextFactory.Server();
        ssl.setSslContext(ctx.context());
        ssl.setWantClientAuth(true); // optional client-certificate login (ADM-2a)
        ssl.setSniRequired(false);
        HttpConfiguration conf = plainConfiguration();
        SecureRequestCustomizer secure = new SecureRequestCustomizer(false, false, -1, false);
        conf.addCustomizer(secure);
        ServerConnector c = new ServerConnector(server, new SslConnectionFactory(ssl, "http/1.1"),
                new HttpConnectionFactory(conf));
        c.setHost(settings.address());
        c.setPort(settings.port());
        server.addConnector(c);
        try {
            c.start();
        } catch (Exception e) {
            server.removeConnector(c);
            stopQuietly(c);
            String reason = e.getMessage() != null ? e.getMessage() : e.toString();
            throw new PosternException("cannot serve HTTPS administration on " + hostPort(settings) + ": " + reason, e);
        }
        https = c;
        httpsStatus = new HttpsStatus(true, settings.address(), c.getLocalPort(), settings.certificate(),
                X509.fingerprint(ctx.leaf(), "SHA-256"), null);
    }

    private static String hostPort(HttpsSettings s) {
        return (s.address().contains(":") ? "[" + s.address() + "]" : s.address()) + ":" + s.port();
    }

    private void stopHttps() {
        if (https != null) {
            stopQuietly(https);
            server.removeConnector(https);
            https = null;
        }
    }

    /** Restarts only the HTTPS connector with {@code settings} (the socket and its clients are untouched). */
    @Override
    public synchronized void apply(HttpsSettings settings) {
        if (server == null) {
            return; // the engine is stopped: the settings apply when it starts
        }
        stopHttps();
        startHttps(settings);
    }

    /**
     * After a certificate change: when HTTPS is on and the certificate it should present is no longer
     * the one it presents (renewed, replaced), restarts the HTTPS connector; otherwise nothing.
     */
    public synchronized void certificatesChanged() {
        if (server == null || https == null) {
            return;
        }
        HttpsSettings s = admin.https();
        try {
            String wanted = X509.fingerprint(contexts.apply(s.certificate()).leaf(), "SHA-256");
            if (!wanted.equals(httpsStatus.sha256Fingerprint())) {
                apply(s);
            }
        } catch (PosternException e) {
            httpsStatus = new HttpsStatus(false, s.address(), s.port(), s.certificate(), null, e.getMessage());
        }
    }

    @Override
    public synchronized HttpsStatus status() {
        if (server == null) {
            HttpsSettings s = admin.https();
            return new HttpsStatus(false, s.address(), s.port(), s.certificate(), null, "the engine is not running");
        }
        return httpsStatus;
    }

    /** Whether HTTPS administration is switched on in the settings. */
    public boolean httpsEnabled() {
        return admin.https().enabled();
    }

    /** The HTTPS port actually bound (tests configure port 0 through the store). */
    public synchronized int httpsPort() {
        return https == null ? -1 : https.getLocalPort();
    }

    public synchronized InetSocketAddress httpsAddress() {
        return https == null ? null : new InetSocketAddress(https.getHost(), https.getLocalPort());
    }

    public synchronized void stop() {
        if (server == null) {
            return;
        }
        handler.closeStreams();
        stopQuietly(server);
        server = null;
        unix = null;
        https = null;
        try {
            Files.deleteIfExists(socket);
        } catch (IOException e) {
            // a stale socket is removed by the next start
        }
    }

    private static void stopQuietly(org.eclipse.jetty.util.component.LifeCycle c) {
        try {
            c.stop();
        } catch (Exception e) {
            // stopping: nothing more to do
        }
    }

    @Override
    public void close() {
        stop();
    }

    List<String> warnings() {
        return admin.httpsWarnings(admin.https());
    }
}

package org.postern.console.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.admin.AdminService;
import org.postern.engine.api.AdminApi;

/** A running engine in this JVM with HTTPS administration on a free port of a loopback address, and no SMTP listeners. */
public final class HttpsEngine implements AutoCloseable {

    public final Path dir;
    public final EmbeddedGateway engine;
    public final URI address;

    public HttpsEngine(Path dir, String loopback) throws IOException {
        this.dir = dir;
        this.engine = EmbeddedGateway.open(dir);
        engine.listeners().list().forEach(l -> engine.listeners().delete(l.name()));
        int port = freePort(loopback);
        engine.admin().setHttps(new AdminApi.HttpsSettings(true, loopback, port, null));
        engine.engine().start();
        this.address = URI.create("https://" + loopback + ":" + port);
    }

    public static int freePort(String loopback) throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(loopback))) {
            return s.getLocalPort();
        }
    }

    /** The administrator's first-run password, as the engine wrote it into its data directory. */
    public static String initialPassword(Path dataDir) throws IOException {
        return Files.readString(dataDir.resolve(AdminService.INITIAL_PASSWORD_FILE)).strip();
    }

    public String initialPassword() throws IOException {
        return initialPassword(dir);
    }

    /** The SHA-256 fingerprint the engine's HTTPS connector presents. */
    public String fingerprint() {
        return engine.admin().httpsStatus().sha256Fingerprint();
    }

    @Override
    public void close() {
        engine.close();
    }
}

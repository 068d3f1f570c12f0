package org.postern.engine.cli;

import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Properties;
import org.postern.engine.admin.RemoteGateway;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.PosternException;
import org.postern.engine.config.SecureFiles;

/**
 * What {@code postern login} leaves for later commands: the engine's address, its pinned
 * certificate fingerprint, the bearer token and its expiry. Owner-only, like a password file.
 */
record TokenFile(URI engine, String fingerprint, String token, Instant expires) {

    static TokenFile read(Path file) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(Files.readString(file, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new PosternException("cannot read the token file " + file + ": " + e.getMessage());
        }
        String engine = p.getProperty("engine");
        String fingerprint = p.getProperty("fingerprint");
        String token = p.getProperty("token");
        String expires = p.getProperty("expires");
        if (engine == null || fingerprint == null || token == null || expires == null) {
            throw new PosternException(file + " is not a token file written by 'postern login'");
        }
        try {
            return new TokenFile(URI.create(engine), fingerprint, token, Instant.parse(expires));
        } catch (IllegalArgumentException | DateTimeParseException e) {
            throw new PosternException(file + " is not a token file written by 'postern login': " + e.getMessage());
        }
    }

    void write(Path file) {
        String text = "# postern login: a bearer token for " + engine + "; keep it secret\n"
                + "engine=" + engine + "\nfingerprint=" + fingerprint + "\ntoken=" + token + "\nexpires=" + expires + "\n";
        try {
            Files.deleteIfExists(file);
            SecureFiles.writeNewOwnerOnly(file, text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new PosternException("cannot write the token file " + file + ": " + e.getMessage());
        }
    }

    /** The engine at {@code url}, which must be the one this token was issued by. */
    GatewayApi open(URI url) {
        if (!sameEngine(url)) {
            throw new PosternException("the token file was written for " + engine + ", not " + url);
        }
        if (!expires.isAfter(Instant.now())) {
            throw new PosternException("the token for " + engine + " expired at " + expires
                    + "; log in again with 'postern login --remote " + engine + "'");
        }
        return RemoteGateway.overHttps(engine, fingerprint, token);
    }

    private boolean sameEngine(URI url) {
        return url.getHost() != null && url.getHost().equalsIgnoreCase(engine.getHost()) && port(url) == port(engine);
    }

    private static int port(URI u) {
        return u.getPort() == -1 ? org.postern.engine.api.AdminApi.HttpsSettings.DEFAULT_PORT : u.getPort();
    }
}

package org.postern.console.connection;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;
import org.postern.engine.config.SecureFiles;
import org.postern.engine.api.InputRules;

/**
 * The remote engines this user has trusted: engine address ({@code https://host:port}) → the
 * SHA-256 fingerprint of the certificate the administrator confirmed on first use (ADM-2a). Kept
 * per user in an owner-only properties file; every change is written whole and moved into place.
 */
public final class PinStore {

    public static final String FILE_NAME = "pinned-engines.properties";

    private final Path file;

    public PinStore(Path file) {
        this.file = file;
    }

    /** {@code $XDG_CONFIG_HOME/postern/pinned-engines.properties}, else under {@code ~/.config/postern}. */
    public static PinStore forUser() {
        String xdg = System.getenv("XDG_CONFIG_HOME");
        Path base = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(System.getProperty("user.home"), ".config");
        return new PinStore(base.resolve("postern").resolve(FILE_NAME));
    }

    public Path file() {
        return file;
    }

    /** The pinned fingerprint of the engine at {@code address} (canonical form), if any. */
    public synchronized Optional<String> get(String address) {
        return Optional.ofNullable(load().getProperty(address));
    }

    /** Pins {@code sha256Fingerprint} for {@code address}, replacing nothing silently: an existing different pin is refused. */
    public synchronized void pin(String address, String sha256Fingerprint) {
        String fp = InputRules.sha256Fingerprint(sha256Fingerprint);
        Properties pins = load();
        String before = pins.getProperty(address);
        if (before != null && !before.equals(fp)) {
            throw new IllegalStateException("the engine at " + address + " is already pinned to " + before
                    + "; forget that pin first");
        }
        pins.setProperty(address, fp);
        save(pins);
    }

    /** Forgets the pin of {@code address}; true when there was one. */
    public synchronized boolean forget(String address) {
        Properties pins = load();
        if (pins.remove(address) == null) {
            return false;
        }
        save(pins);
        return true;
    }

    private Properties load() {
        Properties pins = new Properties();
        if (Files.exists(file)) {
            try (InputStream in = Files.newInputStream(file)) {
                pins.load(in);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the pinned engines in " + file + ": " + e.getMessage(), e);
            }
        }
        return pins;
    }

    private void save(Properties pins) {
        Path tmp = file.resolveSibling(FILE_NAME + ".new");
        try {
            SecureFiles.ensureOwnerOnlyDirectory(file.getParent());
            Files.deleteIfExists(tmp);
            try (var channel = SecureFiles.createNewOwnerOnly(tmp); OutputStream out = Channels.newOutputStream(channel)) {
                pins.store(out, "Postern console: remote engines and the SHA-256 fingerprints their administrator confirmed");
                channel.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the pinned engines to " + file + ": " + e.getMessage(), e);
        }
    }
}

package org.postern.engine.trust;

import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Properties;

/**
 * CA-1: the system CA list shipped with Postern ({@code resources/ca/system-roots.pem}, the
 * Mozilla root set from Debian's ca-certificates) and its provenance
 * ({@code system-roots.properties}: version, date, source, count, sha256).
 */
public record SystemBundle(String version, String date, String source, int count, byte[] pem) {

    static final String RESOURCE_DIR = "/org/postern/resources/ca/";

    /** The bundle of this build, checked against its recorded SHA-256 and count. */
    public static SystemBundle bundled() {
        return load(resource("system-roots.properties"), resource("system-roots.pem"));
    }

    static SystemBundle load(byte[] properties, byte[] pem) {
        Properties p = new Properties();
        try {
            p.load(new StringReader(new String(properties, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String sha256 = required(p, "sha256");
        String actual = sha256(pem);
        if (!actual.equalsIgnoreCase(sha256)) {
            throw new IllegalStateException("the bundled system CA list does not match its recorded SHA-256 (" + actual
                    + " instead of " + sha256 + "); regenerate it with update-system-bundle.sh");
        }
        return new SystemBundle(required(p, "version"), required(p, "date"), required(p, "source"),
                Integer.parseInt(required(p, "count")), pem);
    }

    /** How the list's source reads once installed. */
    String description() {
        return source + ", dated " + date + "; bundled with Postern";
    }

    private static String required(Properties p, String key) {
        String v = p.getProperty(key);
        if (v == null || v.isBlank()) {
            throw new IllegalStateException("the bundled system CA list's properties lack '" + key + "'");
        }
        return v.strip();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] resource(String file) {
        try (InputStream in = SystemBundle.class.getResourceAsStream(RESOURCE_DIR + file)) {
            if (in == null) {
                throw new IllegalStateException("the system CA list resource " + file + " is missing from the build");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

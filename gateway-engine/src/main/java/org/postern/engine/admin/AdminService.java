package org.postern.engine.admin;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.PosternException;
import org.postern.engine.config.SecureFiles;
import org.postern.engine.config.Settings;
import org.postern.engine.pki.CertificateReader;
import org.postern.engine.pki.DemoCertificate;
import org.postern.engine.pki.Pem;
import org.postern.engine.pki.X509;

/**
 * The administrator account and the HTTPS settings (ADM-1/2). At first run the account gets a
 * random password in {@value #INITIAL_PASSWORD_FILE} in the data directory (owner-only, like the
 * key vault beside it) for the administrator to read, as Jenkins does; until a password is set,
 * that file is the credential. Setting a password stores only its slow salted hash and deletes the
 * file.
 */
public final class AdminService implements AdminApi {

    public static final String INITIAL_PASSWORD_FILE = "admin-initial-password";
    static final String PASSWORD = "admin.password";
    static final String CLIENT_CERTIFICATES = "admin.client.certificates";
    static final String HTTPS_ENABLED = "admin.https.enabled";
    static final String HTTPS_ADDRESS = "admin.https.address";
    static final String HTTPS_PORT = "admin.https.port";
    /** Also a certificate binding (CERT-1 "used by"): a certificate named here cannot be deleted. */
    public static final String HTTPS_CERTIFICATE = "admin.https.certificate";
    static final int MIN_PASSWORD_LENGTH = 12;
    /** Set once the initial password was written: deleting its file does not make a new one. */
    static final String INITIAL_CREATED = "admin.initial-password.created";
    /** Verified against when there is no account password, so that a failed login costs the same. */
    private static final class Dummy {
        static final String HASH = PasswordHash.hash("not a password".toCharArray());
    }

    /** Applies HTTPS settings to the running engine; throws PosternException when they cannot be served. */
    public interface HttpsControl {
        void apply(HttpsSettings settings);

        HttpsStatus status();
    }

    private final Settings settings;
    private final Path dataDir;
    private final Predicate<String> certificateExists;
    private volatile HttpsControl control;

    public AdminService(Settings settings, Path dataDir, Predicate<String> certificateExists) {
        this.settings = settings;
        this.dataDir = dataDir;
        this.certificateExists = certificateExists;
        if (settings.get(PASSWORD).isEmpty() && !Files.exists(dataDir.resolve(INITIAL_PASSWORD_FILE))
                && settings.get(INITIAL_CREATED).isEmpty()) {
            createInitialPassword();
        }
    }

    public void attach(HttpsControl control) {
        this.control = control;
    }

    private void createInitialPassword() {
        String alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        SecureRandom random = new SecureRandom();
        char[] password = new char[24];
        for (int i = 0; i < password.length; i++) {
            password[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        try {
            Path file = dataDir.resolve(INITIAL_PASSWORD_FILE);
            Files.deleteIfExists(file);
            SecureFiles.writeNewOwnerOnly(file, (new String(password) + "\n").getBytes(StandardCharsets.US_ASCII));
            settings.put(INITIAL_CREATED, java.time.Instant.now().toString());
        } catch (IOException e) {
            throw new IllegalStateException("cannot write the administrator's initial password: " + e.getMessage(), e);
        } finally {
            PasswordHash.wipe(password);
        }
    }

    /** Whether {@code password} is the administrator's (slow on purpose). */
    boolean checkPassword(char[] password) {
        Optional<String> hash = settings.get(PASSWORD);
        if (hash.isPresent()) {
            return PasswordHash.verify(password, hash.get());
        }
        PasswordHash.verify(password, Dummy.HASH);
        return initialPasswordMatches(password);
    }

    private boolean initialPasswordMatches(char[] password) {
        try {
            byte[] stored = Files.readAllBytes(dataDir.resolve(INITIAL_PASSWORD_FILE));
            byte[] given = new String(password).getBytes(StandardCharsets.UTF_8);
            return given.length > 0 && java.security.MessageDigest.isEqual(
                    new String(stored, StandardCharsets.US_ASCII).strip().getBytes(StandardCharsets.US_ASCII), given);
        } catch (IOException e) {
            return false; // no initial password any more: set one with the local command line
        }
    }

    /** Whether {@code cert} is registered for login and valid now. */
    boolean clientCertificateAllowed(X509Certificate cert) {
        try {
            cert.checkValidity();
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            return false;
        }
        String fp = X509.fingerprint(cert, "SHA-256");
        return clientCertificates().stream().anyMatch(c -> c.sha256Fingerprint().equals(fp));
    }

    /** Whether the HTTPS administration is enabled (stored, else the default). */
    public static boolean httpsEnabled(Settings settings) {
        return settings.get(HTTPS_ENABLED).map(Boolean::parseBoolean).orElse(HttpsSettings.defaults().enabled());
    }

    @Override
    public HttpsSettings https() {
        HttpsSettings d = HttpsSettings.defaults();
        return new HttpsSettings(httpsEnabled(settings),
                settings.get(HTTPS_ADDRESS).orElse(d.address()), settings.getInt(HTTPS_PORT, d.port()),
                settings.get(HTTPS_CERTIFICATE).orElse(null));
    }

    @Override
    public synchronized List<String> setHttps(HttpsSettings requested) {
        HttpsSettings s = validate(requested);
        HttpsSettings before = https();
        store(s);
        HttpsControl c = control;
        if (c != null) {
            try {
                c.apply(s);
            } catch (RuntimeException e) {
                store(before);
                try {
                    c.apply(before);
                } catch (RuntimeException again) {
                    // the previous settings could not be restored either; the status shows why
                }
                throw e instanceof PosternException pe ? pe : new PosternException(e.getMessage(), e);
            }
        }
        return httpsWarnings(s);
    }

    private void store(HttpsSettings s) {
        settings.put(HTTPS_ENABLED, Boolean.toString(s.enabled()));
        settings.put(HTTPS_ADDRESS, s.address());
        settings.put(HTTPS_PORT, Integer.toString(s.port()));
        if (s.certificate() == null) {
            settings.remove(HTTPS_CERTIFICATE);
        } else {
            settings.put(HTTPS_CERTIFICATE, s.certificate());
        }
    }

    /** The settings in canonical form, or a PosternException naming what is wrong. */
    HttpsSettings validate(HttpsSettings s) {
        if (s == null) {
            throw new PosternException("no HTTPS settings given");
        }
        String address = s.address() == null || s.address().isBlank() ? "0.0.0.0" : s.address().strip();
        String literal = address.startsWith("[") && address.endsWith("]") ? address.substring(1, address.length() - 1) : address;
        // the listeners' rule: dotted quads only (InetAddress would read "10.1" as 10.0.0.1)
        address = org.postern.engine.policy.IpLiteral.parse(literal).map(java.net.InetAddress::getHostAddress)
                .orElseThrow(() -> new PosternException("'" + literal + "' is not an IP address (HTTPS listens on an"
                        + " interface address such as 0.0.0.0, 127.0.0.1 or ::1)"));
        if (s.port() < 1 || s.port() > 65535) {
            throw new PosternException("HTTPS port " + s.port() + " is out of range (1-65535)");
        }
        String certificate = s.certificate() == null || s.certificate().isBlank()
                || s.certificate().equalsIgnoreCase(DemoCertificate.NAME) ? null : s.certificate().strip();
        if (certificate != null && !certificateExists.test(certificate)) {
            throw new PosternException("no certificate named '" + certificate + "'");
        }
        return new HttpsSettings(s.enabled(), address, s.port(), certificate);
    }

    @Override
    public List<String> httpsWarnings(HttpsSettings s) {
        List<String> warnings = new ArrayList<>();
        if (s != null && s.enabled() && (s.certificate() == null || s.certificate().isBlank()
                || s.certificate().equalsIgnoreCase(DemoCertificate.NAME))) {
            warnings.add("HTTPS administration uses the demo certificate: " + DemoCertificate.WARNING);
        }
        return warnings;
    }

    @Override
    public HttpsStatus httpsStatus() {
        HttpsControl c = control;
        HttpsSettings s = https();
        return c != null ? c.status()
                : new HttpsStatus(false, s.address(), s.port(), s.certificate(), null, "the engine is not running");
    }

    @Override
    public void setPassword(char[] password) {
        try {
            if (password == null || password.length < MIN_PASSWORD_LENGTH) {
                throw new PosternException("the administrator's password must have at least " + MIN_PASSWORD_LENGTH
                        + " characters");
            }
            for (char ch : password) {
                if (Character.isISOControl(ch)) {
                    throw new PosternException("the administrator's password must not contain control characters"
                            + " (a line break read from a file, for example)");
                }
            }
            settings.put(PASSWORD, PasswordHash.hash(password));
            Files.deleteIfExists(dataDir.resolve(INITIAL_PASSWORD_FILE));
        } catch (IOException e) {
            throw new PosternException("the password was set, but the initial password file could not be deleted: "
                    + e.getMessage(), e);
        } finally {
            PasswordHash.wipe(password);
        }
    }

    @Override
    public boolean initialPasswordPending() {
        return Files.exists(dataDir.resolve(INITIAL_PASSWORD_FILE));
    }

    @Override
    public List<ClientCertificate> clientCertificates() {
        return stored().stream().map(AdminService::describe).toList();
    }

    private List<X509Certificate> stored() {
        Optional<String> pem = settings.get(CLIENT_CERTIFICATES);
        return pem.isEmpty() || pem.get().isBlank() ? List.of()
                : CertificateReader.read(pem.get().getBytes(StandardCharsets.US_ASCII));
    }

    private static ClientCertificate describe(X509Certificate c) {
        return new ClientCertificate(X509.readable(c.getSubjectX500Principal()), X509.fingerprint(c, "SHA-256"),
                c.getNotAfter().toInstant());
    }

    @Override
    public synchronized ClientCertificate addClientCertificate(byte[] certificate) {
        List<X509Certificate> read = CertificateReader.read(certificate);
        if (read.isEmpty()) {
            throw new PosternException("the file holds no certificate");
        }
        X509Certificate cert = read.get(0);
        ClientCertificate added = describe(cert);
        List<X509Certificate> all = new ArrayList<>(stored());
        if (all.stream().noneMatch(c -> X509.fingerprint(c, "SHA-256").equals(added.sha256Fingerprint()))) {
            all.add(cert);
            settings.put(CLIENT_CERTIFICATES, Pem.encode(all));
        }
        return added;
    }

    @Override
    public synchronized void removeClientCertificate(String sha256Fingerprint) {
        String fp = org.postern.engine.trust.CaListService.normalizeFingerprint(sha256Fingerprint);
        List<X509Certificate> all = new ArrayList<>(stored());
        if (!all.removeIf(c -> X509.fingerprint(c, "SHA-256").equals(fp))) {
            throw new PosternException("no client certificate with SHA-256 fingerprint " + fp);
        }
        if (all.isEmpty()) {
            settings.remove(CLIENT_CERTIFICATES);
        } else {
            settings.put(CLIENT_CERTIFICATES, Pem.encode(all));
        }
    }
}

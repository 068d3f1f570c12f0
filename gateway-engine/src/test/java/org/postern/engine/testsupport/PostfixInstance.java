package org.postern.engine.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A private, throw-away Postfix instance on a loopback address, for interop tests.
 *
 * <p>Each instance has its own configuration, queue and data directories under a fresh temporary
 * directory, runs without chroot, listens on exactly one loopback address and port, and logs to a
 * file of its own ({@link #log()}). Two roles:
 * <ul>
 * <li>{@link #relay(String, int)}: a sending MTA. It accepts mail from 127.0.0.0/8 on its port and
 * relays everything to one {@code [host]:port} with the chosen {@code smtp_tls_security_level}.
 * Inject with {@link #submit}, then follow the queue id with {@link #awaitDelivery}.</li>
 * <li>{@link #receiver(String, int)}: a receiving MTA. It accepts mail for any domain and delivers
 * every message into one Maildir ({@link #awaitMaildir}), optionally offering STARTTLS.</li>
 * </ul>
 *
 * <p>Needs root (Postfix's master runs as root) and the Debian package {@code postfix}. Postfix
 * insists that {@code inet_interfaces} names an address configured on an interface: an address
 * other than 127.0.0.1 that is missing is added to {@code lo} as a /32 and left there (harmless,
 * and removing it could pull it from under a concurrent test run using the same address).
 *
 * <p>Each instance gets its own {@code myhostname} (default {@code role-127-0-0-x.test}), so
 * that Received headers and logs tell the instances apart.
 *
 * <p>A receiver may have further SMTP listeners ({@link Builder#listener}), each on its own address
 * with its own greeting name and STARTTLS certificate: one instance then stands in for many
 * receiving hosts, which starts much faster than one instance per host.
 */
public final class PostfixInstance implements AutoCloseable {

    /** The Postfix SMTP client's {@code smtp_tls_security_level}. */
    public enum ClientTls {
        NONE, MAY, ENCRYPT, VERIFY;

        String postfix() {
            return name().toLowerCase();
        }
    }

    /** What the Postfix SMTP server offers: no STARTTLS at all, STARTTLS offered, STARTTLS required. */
    public enum ServerTls {
        OFF("none"), MAY("may"), ENCRYPT("encrypt");

        private final String level;

        ServerTls(String level) {
            this.level = level;
        }
    }

    /**
     * One delivery attempt for one recipient, parsed from a log line such as
     * {@code 4C1A2: to=<a@b>, relay=127.0.0.41[127.0.0.41]:2525, ..., dsn=2.0.0, status=sent (250 ...)}.
     */
    public record Delivery(String queueId, String recipient, String relay, String dsn, String status,
            String detail, String line) {

        public boolean sent() {
            return status.equals("sent");
        }
    }

    /** A further SMTP listener of a receiver: its address, greeting name and STARTTLS setting. */
    public record Listener(String address, int port, String hostname, ServerTls tls, Path certificate, Path key) {
    }

    private static final Path[] BINARY_DIRS = {Path.of("/usr/sbin"), Path.of("/usr/bin"), Path.of("/sbin")};
    private static final Pattern QUEUED = Pattern.compile("queued as ([0-9A-Za-z]+)");
    private static final Pattern DELIVERY = Pattern.compile(
            ": ([0-9A-Za-z]+): to=<([^>]*)>,(?: orig_to=<[^>]*>,)? relay=([^,]+), .*?dsn=([^,]+), "
                    + "status=(\\w+) \\((.*)\\)$");
    private static final String[] QUEUES = {"maildrop", "incoming", "active", "deferred", "hold"};

    private final String role;
    private final String address;
    private final int port;
    private final String hostname;
    private final Path dir;
    private final Path config;
    private final Path queue;
    private final Path logFile;
    private final Path mailbox;
    private final boolean keepDirectory;
    private final Path postfix;
    private final List<Listener> listeners;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private final Thread shutdownHook;
    private long masterPid;

    private PostfixInstance(Builder b, Path postfix) throws IOException {
        this.role = b.role;
        this.address = b.address;
        this.port = b.port != 0 ? b.port : freePort(b.address);
        this.hostname = b.hostname != null ? b.hostname : b.role + "-" + b.address.replace('.', '-') + ".test";
        this.keepDirectory = b.keepDirectory;
        this.postfix = postfix;
        this.listeners = List.copyOf(b.listeners);
        this.dir = Files.createTempDirectory("postern-postfix-" + b.role + "-");
        // Postfix daemons run as the postfix user and must traverse every parent of the queue.
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));
        this.config = Files.createDirectory(dir.resolve("conf"));
        this.queue = Files.createDirectory(dir.resolve("queue"));
        Path data = Files.createDirectory(dir.resolve("data"));
        chownPostfix(data);
        this.logFile = dir.resolve("maillog");
        this.mailbox = b.role.equals("receiver") ? dir.resolve("mail/Maildir") : null;
        if (mailbox != null) {
            Files.createDirectories(mailbox.getParent());
            chownPostfix(mailbox.getParent());
        }
        this.shutdownHook = new Thread(this::stopQuietly, "postfix-" + role + "-stop");

        Map<String, String> main = new LinkedHashMap<>();
        main.put("compatibility_level", "3.6");
        main.put("queue_directory", queue.toString());
        main.put("data_directory", data.toString());
        main.put("myhostname", hostname);
        main.put("mydomain", hostname);
        main.put("myorigin", "$myhostname");
        main.put("mydestination", "");
        main.put("local_recipient_maps", "");
        main.put("alias_maps", "");
        main.put("alias_database", "");
        List<String> interfaces = new ArrayList<>(List.of(address));
        listeners.forEach(l -> interfaces.add(l.address()));
        main.put("inet_interfaces", String.join(", ", interfaces.stream().distinct().toList()));
        main.put("inet_protocols", "ipv4");
        main.put("mynetworks", "127.0.0.0/8");
        main.put("maillog_file", logFile.toString());
        main.put("maillog_file_prefixes", dir.toString());
        main.put("smtpd_peername_lookup", "no");
        main.put("smtp_host_lookup", "native");
        main.put("smtp_bind_address", address);
        main.put("queue_run_delay", "10s");
        main.put("minimal_backoff_time", "10s");
        main.put("maximal_backoff_time", "60s");
        main.put("smtp_connect_timeout", "10s");
        main.put("smtpd_tls_security_level", b.serverTls.level);
        main.put("smtpd_tls_loglevel", "1");
        main.put("smtpd_tls_received_header", "yes");
        if (b.serverTls != ServerTls.OFF) {
            Path cert = Files.copy(b.certificate, config.resolve("server-cert.pem"), StandardCopyOption.REPLACE_EXISTING);
            Path key = Files.copy(b.key, config.resolve("server-key.pem"), StandardCopyOption.REPLACE_EXISTING);
            Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
            main.put("smtpd_tls_cert_file", cert.toString());
            main.put("smtpd_tls_key_file", key.toString());
        }
        main.put("smtp_tls_security_level", b.clientTls.postfix());
        main.put("smtp_tls_loglevel", "1");
        if (b.clientCaFile != null) {
            main.put("smtp_tls_CAfile",
                    Files.copy(b.clientCaFile, config.resolve("client-ca.pem"), StandardCopyOption.REPLACE_EXISTING)
                            .toString());
        }
        if (b.clientCertMatch != null) {
            main.put("smtp_tls_verify_cert_match", b.clientCertMatch);
        }
        if (b.relayHost != null) {
            main.put("relayhost", "[" + b.relayHost + "]:" + b.relayPort);
        }
        if (mailbox != null) {
            // Every recipient of every domain lands in one Maildir (the trailing slash means Maildir).
            main.put("virtual_mailbox_domains", "static:all");
            main.put("virtual_mailbox_base", mailbox.getParent().toString());
            main.put("virtual_mailbox_maps", "static:" + mailbox.getFileName() + "/");
            main.put("virtual_uid_maps", "static:" + postfixId("uid"));
            main.put("virtual_gid_maps", "static:" + postfixId("gid"));
        }
        main.putAll(b.extra);
        StringBuilder mainCf = new StringBuilder("# private test instance (" + role + ")\n");
        main.forEach((k, v) -> mainCf.append(k).append(" = ").append(v).append('\n'));
        Files.writeString(config.resolve("main.cf"), mainCf);
        StringBuilder extra = new StringBuilder();
        for (int i = 0; i < listeners.size(); i++) {
            Listener l = listeners.get(i);
            extra.append(l.address()).append(':').append(l.port()).append(" inet n - n - - smtpd -o myhostname=")
                    .append(l.hostname()).append(" -o smtpd_tls_security_level=").append(l.tls().level);
            if (l.tls() != ServerTls.OFF) {
                Path cert = Files.copy(l.certificate(), config.resolve("listener-" + i + "-cert.pem"),
                        StandardCopyOption.REPLACE_EXISTING);
                Path key = Files.copy(l.key(), config.resolve("listener-" + i + "-key.pem"),
                        StandardCopyOption.REPLACE_EXISTING);
                Files.setPosixFilePermissions(key, PosixFilePermissions.fromString("rw-------"));
                extra.append(" -o smtpd_tls_cert_file=").append(cert).append(" -o smtpd_tls_key_file=").append(key);
            }
            extra.append('\n');
        }
        Files.writeString(config.resolve("master.cf"), masterCf(address + ":" + port) + extra);
    }

    /** A sending MTA: accepts mail on {@code address:port} and relays it to the {@link Builder#relayHost}. */
    public static Builder relay(String address, int port) {
        return new Builder("relay", address, port);
    }

    /** A receiving MTA: accepts mail for any domain on {@code address:port} into one Maildir. */
    public static Builder receiver(String address, int port) {
        return new Builder("receiver", address, port);
    }

    private static void checkListenAddress(String address, int port) {
        InetAddress ip;
        try {
            ip = InetAddress.getByName(address);
        } catch (IOException e) {
            throw new IllegalArgumentException("not an address: " + address, e);
        }
        if (!ip.isLoopbackAddress() || ip.getAddress().length != 4 || !ip.getHostAddress().equals(address)) {
            throw new IllegalArgumentException("an IPv4 loopback address (127.x.y.z) is required: " + address);
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
    }

    public static final class Builder {
        private final String role;
        private final String address;
        private final int port;
        private String hostname;
        private String relayHost;
        private int relayPort;
        private ClientTls clientTls = ClientTls.NONE;
        private Path clientCaFile;
        private String clientCertMatch;
        private ServerTls serverTls = ServerTls.OFF;
        private Path certificate;
        private Path key;
        private boolean keepDirectory;
        private final Map<String, String> extra = new LinkedHashMap<>();
        private final List<Listener> listeners = new ArrayList<>();

        private Builder(String role, String address, int port) {
            checkListenAddress(address, port);
            this.role = role;
            this.address = address;
            this.port = port;
        }

        /** {@code myhostname}; also the name the instance greets with. Default: derived from role and address. */
        public Builder hostname(String name) {
            this.hostname = name;
            return this;
        }

        /** Relays all mail to {@code [host]:port} (no MX lookup). */
        public Builder relayHost(String host, int port) {
            this.relayHost = host;
            this.relayPort = port;
            return this;
        }

        /** {@code smtp_tls_security_level} of the outbound client (default NONE). */
        public Builder clientTls(ClientTls level) {
            this.clientTls = level;
            return this;
        }

        /** {@code smtp_tls_CAfile}: the CAs the outbound client trusts (for VERIFY, and to log "Trusted"). */
        public Builder clientCaFile(Path pem) {
            this.clientCaFile = pem;
            return this;
        }

        /** {@code smtp_tls_verify_cert_match}: names (or strategies) the server certificate must match. */
        public Builder clientCertMatch(String match) {
            this.clientCertMatch = match;
            return this;
        }

        /** STARTTLS on the instance's SMTP server with the given PEM certificate (chain) and key. */
        public Builder serverTls(ServerTls level, Path certificatePem, Path keyPem) {
            if (level != ServerTls.OFF && (certificatePem == null || keyPem == null)) {
                throw new IllegalArgumentException("STARTTLS needs a certificate and a key");
            }
            this.serverTls = level;
            this.certificate = certificatePem;
            this.key = keyPem;
            return this;
        }

        /**
         * A further SMTP listener of a receiver on {@code address:port} (port 0: a free one), greeting as
         * {@code hostname}, with its own STARTTLS level and PEM certificate (chain) and key (null for OFF).
         */
        public Builder listener(String address, int port, String hostname, ServerTls level, Path certificatePem,
                                Path keyPem) {
            if (!role.equals("receiver")) {
                throw new IllegalStateException("only a receiver has further listeners");
            }
            checkListenAddress(address, port);
            if (level != ServerTls.OFF && (certificatePem == null || keyPem == null)) {
                throw new IllegalArgumentException("STARTTLS needs a certificate and a key");
            }
            if (hostname == null || !hostname.matches("[A-Za-z0-9.-]+")) {
                throw new IllegalArgumentException("a host name is required: " + hostname);
            }
            listeners.add(new Listener(address, port != 0 ? port : freePort(address), hostname, level, certificatePem,
                    keyPem));
            return this;
        }

        /** Any further main.cf parameter; overrides the fixture's own settings. */
        public Builder param(String name, String value) {
            extra.put(name, value);
            return this;
        }

        /** Keeps the instance's directory (configuration, queue, log, Maildir) after stop, for debugging. */
        public Builder keepDirectory(boolean keep) {
            this.keepDirectory = keep;
            return this;
        }

        public PostfixInstance start() {
            if (role.equals("relay") && relayHost == null) {
                throw new IllegalStateException("a relay needs relayHost(host, port)");
            }
            Path postfix = requirePostfix(BINARY_DIRS);
            requireRoot();
            ensureLocalAddress(address);
            listeners.forEach(l -> ensureLocalAddress(l.address()));
            PostfixInstance p;
            try {
                p = new PostfixInstance(this, postfix);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot prepare the Postfix instance", e);
            }
            try {
                p.startMaster();
            } catch (RuntimeException | Error e) {
                p.stopQuietly();
                throw e;
            }
            return p;
        }
    }

    // ---------------------------------------------------------------- accessors

    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    public String hostname() {
        return hostname;
    }

    /** The further listeners ({@link Builder#listener}), with their ports. */
    public List<Listener> listeners() {
        return listeners;
    }

    /** The instance's temporary directory (conf/, queue/, data/, maillog, mail/Maildir). */
    public Path directory() {
        return dir;
    }

    /** The configuration directory, for {@code postfix -c}, {@code postqueue -c}, {@code MAIL_CONFIG}. */
    public Path configDirectory() {
        return config;
    }

    public Path logFile() {
        return logFile;
    }

    /** The receiver's Maildir. */
    public Path maildir() {
        if (mailbox == null) {
            throw new IllegalStateException("only a receiver has a Maildir");
        }
        return mailbox;
    }

    // ---------------------------------------------------------------- mail in

    /**
     * Submits one message over plain SMTP to the instance's own port and returns its queue id.
     * {@code message} is header + body; line ends are normalised to CRLF and dots stuffed.
     */
    public String submit(String from, List<String> recipients, String message) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 5000);
            s.setSoTimeout(30_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
            OutputStream out = s.getOutputStream();
            expect(in, out, null, 220);
            expect(in, out, "EHLO submit.test", 250);
            expect(in, out, "MAIL FROM:<" + from + ">", 250);
            for (String r : recipients) {
                expect(in, out, "RCPT TO:<" + r + ">", 250);
            }
            expect(in, out, "DATA", 354);
            StringBuilder data = new StringBuilder();
            for (String line : message.split("\r?\n", -1)) {
                data.append(line.startsWith(".") ? "." : "").append(line).append("\r\n");
            }
            out.write(data.append(".\r\n").toString().getBytes(StandardCharsets.UTF_8));
            String reply = expect(in, out, null, 250);
            expect(in, out, "QUIT", 221);
            Matcher m = QUEUED.matcher(reply);
            if (!m.find()) {
                throw new IllegalStateException("no queue id in: " + reply);
            }
            return m.group(1);
        } catch (IOException e) {
            throw new UncheckedIOException("SMTP submission to " + address + ":" + port + " failed", e);
        }
    }

    public String submit(String from, String recipient, String message) {
        return submit(from, List.of(recipient), message);
    }

    private static String expect(BufferedReader in, OutputStream out, String command, int code) throws IOException {
        if (command != null) {
            out.write((command + "\r\n").getBytes(StandardCharsets.UTF_8));
            out.flush();
        }
        StringBuilder reply = new StringBuilder();
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                throw new IOException("connection closed after " + command);
            }
            reply.append(line).append('\n');
        } while (line.length() > 3 && line.charAt(3) == '-');
        if (!line.startsWith(Integer.toString(code))) {
            throw new IOException((command == null ? "greeting/data" : command) + " -> " + reply.toString().strip());
        }
        return reply.toString();
    }

    // ---------------------------------------------------------------- log and queue

    /** All lines of the instance's mail log so far. */
    public List<String> log() {
        try {
            return Files.exists(logFile) ? Files.readAllLines(logFile, StandardCharsets.UTF_8) : List.of();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Log lines that mention the queue id ({@code "ID: ..."}). */
    public List<String> log(String queueId) {
        String tag = ": " + queueId + ": ";
        return log().stream().filter(l -> l.contains(tag)).toList();
    }

    /** Every delivery attempt logged so far for the queue id (status sent, deferred, bounced, expired). */
    public List<Delivery> deliveries(String queueId) {
        List<Delivery> result = new ArrayList<>();
        for (String line : log(queueId)) {
            Matcher m = DELIVERY.matcher(line);
            if (m.find() && m.group(1).equals(queueId)) {
                result.add(new Delivery(m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), line));
            }
        }
        return result;
    }

    /** Waits for the first logged delivery attempt of the queue id (any status). */
    public Delivery awaitDelivery(String queueId, Duration timeout) {
        return awaitDelivery(queueId, d -> true, timeout);
    }

    /** Waits for a logged delivery attempt of the queue id that satisfies {@code accept}. */
    public Delivery awaitDelivery(String queueId, Predicate<Delivery> accept, Duration timeout) {
        Optional<Delivery> d = poll(timeout, () -> deliveries(queueId).stream().filter(accept).findFirst());
        return d.orElseThrow(() -> new AssertionError("no matching delivery of " + queueId + " within " + timeout
                + "; log:\n" + String.join("\n", log())));
    }

    /** Waits for a log line matching the pattern and returns it. */
    public String awaitLog(Pattern pattern, Duration timeout) {
        Optional<String> line = poll(timeout, () -> log().stream().filter(l -> pattern.matcher(l).find()).findFirst());
        return line.orElseThrow(() -> new AssertionError("no log line matching " + pattern + " within " + timeout
                + "; log:\n" + String.join("\n", log())));
    }

    /** Number of messages in the queue (maildrop, incoming, active, deferred, hold). */
    public int queueSize() {
        int n = 0;
        for (String q : QUEUES) {
            Path d = queue.resolve(q);
            if (Files.isDirectory(d)) {
                try (Stream<Path> files = Files.walk(d)) {
                    n += (int) files.filter(Files::isRegularFile).count();
                } catch (IOException | UncheckedIOException e) {
                    // a file moved between queues while walking: count again on the next poll
                    return Integer.MAX_VALUE;
                }
            }
        }
        return n;
    }

    /** Waits until the queue is empty (everything delivered, bounced or discarded). */
    public void awaitQueueEmpty(Duration timeout) {
        poll(timeout, () -> queueSize() == 0 ? Optional.of(true) : Optional.empty())
                .orElseThrow(() -> new AssertionError("queue not empty after " + timeout + " (" + queueSize()
                        + " messages); log:\n" + String.join("\n", log())));
    }

    /** Attempts delivery of all deferred mail now ({@code postqueue -f}). */
    public void flush() {
        run(Duration.ofSeconds(20), postfix.resolveSibling("postqueue").toString(), "-c", config.toString(), "-f");
    }

    // ---------------------------------------------------------------- Maildir

    /** The messages delivered into the receiver's Maildir so far, oldest first. */
    public List<String> maildirMessages() {
        Path fresh = maildir().resolve("new");
        if (!Files.isDirectory(fresh)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(fresh)) {
            List<Path> sorted = files.sorted(Comparator.comparing(PostfixInstance::modified)
                    .thenComparing(Path::getFileName)).toList();
            List<String> result = new ArrayList<>();
            for (Path f : sorted) {
                result.add(Files.readString(f, StandardCharsets.UTF_8));
            }
            return result;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the Maildir holds at least {@code count} messages and returns them. */
    public List<String> awaitMaildir(int count, Duration timeout) {
        return poll(timeout, () -> {
            List<String> m = maildirMessages();
            return m.size() >= count ? Optional.of(m) : Optional.empty();
        }).orElseThrow(() -> new AssertionError("Maildir holds " + maildirMessages().size() + " of " + count
                + " messages after " + timeout + "; log:\n" + String.join("\n", log())));
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    // ---------------------------------------------------------------- start and stop

    private void startMaster() {
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        Result r = run(Duration.ofSeconds(60), postfix.toString(), "-c", config.toString(), "start");
        if (r.exit != 0) {
            throw new IllegalStateException("postfix -c " + config + " start failed (exit " + r.exit + ")"
                    + (r.output.isBlank() ? "" : ": " + r.output.strip()) + diagnose()
                    + "\nlog:\n" + String.join("\n", log()));
        }
        Path pidFile = queue.resolve("pid/master.pid");
        masterPid = poll(Duration.ofSeconds(10), () -> readPid(pidFile))
                .orElseThrow(() -> new IllegalStateException("Postfix master wrote no " + pidFile));
        // Ready when the listener greets.
        poll(Duration.ofSeconds(15), () -> greets(address, port) ? Optional.of(true) : Optional.empty())
                .orElseThrow(() -> new IllegalStateException("Postfix on " + address + ":" + port
                        + " does not greet; log:\n" + String.join("\n", log())));
        for (Listener l : listeners) {
            poll(Duration.ofSeconds(15), () -> greets(l.address(), l.port()) ? Optional.of(true) : Optional.empty())
                    .orElseThrow(() -> new IllegalStateException("Postfix on " + l.address() + ":" + l.port()
                            + " does not greet; log:\n" + String.join("\n", log())));
        }
    }

    private static boolean greets(String address, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(address, port), 1000);
            s.setSoTimeout(5000);
            String line = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII))
                    .readLine();
            s.getOutputStream().write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
            return line != null && line.startsWith("220");
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Postfix commands report errors on standard error only when it is a terminal (otherwise only to
     * the log, which is not running yet when the configuration is broken): rerun the check under
     * {@code script}, which provides one.
     */
    private String diagnose() {
        try {
            Result r = run(Duration.ofSeconds(30), "script", "-qec", postfix + " -c " + config + " check", "/dev/null");
            return r.output.isBlank() ? "" : "\npostfix check: " + r.output.strip();
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** Stops Postfix, waits for its processes to exit (killing leftovers) and removes the directory. Idempotent. */
    public void stop() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        try {
            List<ProcessHandle> processes = new ArrayList<>();
            if (masterPid > 0) {
                ProcessHandle.of(masterPid).ifPresent(m -> {
                    processes.add(m);
                    m.descendants().forEach(processes::add);
                });
            }
            if (Files.exists(config.resolve("main.cf"))) {
                run(Duration.ofSeconds(30), postfix.toString(), "-c", config.toString(), "stop");
            }
            if (masterPid > 0 && !awaitExit(masterPid, Duration.ofSeconds(10))) {
                run(Duration.ofSeconds(30), postfix.toString(), "-c", config.toString(), "abort");
                awaitExit(masterPid, Duration.ofSeconds(5));
            }
            // Leftovers: whatever the master had started, and any process still working in our queue.
            for (ProcessHandle p : processes) {
                if (running(p.pid())) {
                    p.destroyForcibly();
                }
            }
            for (long pid : processesIn(dir)) {
                ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly);
            }
            for (ProcessHandle p : processes) {
                awaitExit(p.pid(), Duration.ofSeconds(5));
            }
        } finally {
            if (!keepDirectory) {
                deleteTree(dir);
            }
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException | IllegalArgumentException e) {
                // shutting down already, or never registered
            }
        }
    }

    private void stopQuietly() {
        try {
            stop();
        } catch (RuntimeException e) {
            System.err.println("stopping Postfix in " + dir + ": " + e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    /** The master's pid (0 before start). */
    public long masterPid() {
        return masterPid;
    }

    @Override
    public String toString() {
        return "Postfix " + role + " " + hostname + " on " + address + ":" + port + " in " + dir;
    }

    // ---------------------------------------------------------------- environment checks

    /** Finds the postfix binary or fails naming the Debian package that provides it. */
    static Path requirePostfix(Path... dirs) {
        for (Path d : dirs) {
            Path p = d.resolve("postfix");
            if (Files.isExecutable(p)) {
                return p;
            }
        }
        throw new IllegalStateException("Postfix is not installed (no postfix binary in " + List.of(dirs)
                + "). Install the Debian package 'postfix' (scripts/setup-debian test does: it preseeds "
                + "\"No configuration\" and keeps the system instance from starting).");
    }

    private static void requireRoot() {
        try {
            int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
            if (uid != 0) {
                throw new IllegalStateException("a private Postfix instance must be started as root (uid " + uid + ")");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void ensureLocalAddress(String address) {
        if (address.equals("127.0.0.1")) {
            return;
        }
        synchronized (PostfixInstance.class) {
            Result shown = run(Duration.ofSeconds(10), "ip", "-4", "-o", "addr", "show", "dev", "lo");
            if (shown.output.contains(" " + address + "/")) {
                return;
            }
            Result added = run(Duration.ofSeconds(10), "ip", "addr", "add", address + "/32", "dev", "lo");
            if (added.exit != 0 && !added.output.contains("File exists")) {
                throw new IllegalStateException("cannot add " + address + " to lo: " + added.output);
            }
        }
    }

    private static int freePort(String address) {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String postfixId(String which) {
        return run(Duration.ofSeconds(10), "id", which.equals("uid") ? "-u" : "-g", "postfix").output.strip();
    }

    private static void chownPostfix(Path p) throws IOException {
        UserPrincipalLookupService users = p.getFileSystem().getUserPrincipalLookupService();
        UserPrincipal user = users.lookupPrincipalByName("postfix");
        GroupPrincipal group = users.lookupPrincipalByGroupName("postfix");
        PosixFileAttributeView view = Files.getFileAttributeView(p, PosixFileAttributeView.class);
        view.setOwner(user);
        view.setGroup(group);
    }

    // ---------------------------------------------------------------- processes

    private record Result(int exit, String output) {
    }

    private static Result run(Duration timeout, String... command) {
        try {
            Path out = Files.createTempFile("postfix-cmd", ".out");
            try {
                // Output to a file, not a pipe: the daemon postfix start leaves behind must not hold our pipe open.
                Process p = new ProcessBuilder(command).redirectErrorStream(true)
                        .redirectOutput(out.toFile()).redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()))
                        .start();
                if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout);
                }
                return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            String s = Files.readString(pidFile).strip();
            return s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Alive and not a zombie (a master whose parent is gone may linger as a zombie until reaped). */
    private static boolean running(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            int close = stat.lastIndexOf(')');
            char state = stat.charAt(close + 2);
            return state != 'Z' && state != 'X';
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean awaitExit(long pid, Duration timeout) {
        return poll(timeout, () -> running(pid) ? Optional.empty() : Optional.of(true)).isPresent();
    }

    /** Processes whose working directory lies in {@code dir}: Postfix daemons chdir to the queue directory. */
    private static List<Long> processesIn(Path dir) {
        List<Long> pids = new ArrayList<>();
        try (DirectoryStream<Path> proc = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
            for (Path p : proc) {
                try {
                    if (Files.readSymbolicLink(p.resolve("cwd")).startsWith(dir) && running(Long.parseLong(
                            p.getFileName().toString()))) {
                        pids.add(Long.parseLong(p.getFileName().toString()));
                    }
                } catch (IOException | RuntimeException e) {
                    // gone, or a kernel thread
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return pids;
    }

    private static <T> Optional<T> poll(Duration timeout, java.util.function.Supplier<Optional<T>> probe) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Optional<T> v = probe.get();
            if (v.isPresent() || System.nanoTime() > deadline) {
                return v;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Optional.empty();
            }
        }
    }

    private static void deleteTree(Path root) {
        if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot remove " + root + ": " + e);
        }
    }

    // ---------------------------------------------------------------- master.cf

    private static String masterCf(String listen) {
        // The Debian master.cf, chroot off everywhere, the SMTP listener on one address:port.
        return """
                # service type  private unpriv  chroot  wakeup  maxproc command + args
                %s inet  n       -       n       -       -       smtpd
                pickup    unix  n       -       n       60      1       pickup
                cleanup   unix  n       -       n       -       0       cleanup
                qmgr      unix  n       -       n       300     1       qmgr
                tlsmgr    unix  -       -       n       1000?   1       tlsmgr
                rewrite   unix  -       -       n       -       -       trivial-rewrite
                bounce    unix  -       -       n       -       0       bounce
                defer     unix  -       -       n       -       0       bounce
                trace     unix  -       -       n       -       0       bounce
                verify    unix  -       -       n       -       1       verify
                flush     unix  n       -       n       1000?   0       flush
                proxymap  unix  -       -       n       -       -       proxymap
                proxywrite unix -       -       n       -       1       proxymap
                smtp      unix  -       -       n       -       -       smtp
                relay     unix  -       -       n       -       -       smtp
                showq     unix  n       -       n       -       -       showq
                error     unix  -       -       n       -       -       error
                retry     unix  -       -       n       -       -       error
                discard   unix  -       -       n       -       -       discard
                local     unix  -       n       n       -       -       local
                virtual   unix  -       n       n       -       -       virtual
                lmtp      unix  -       -       n       -       -       lmtp
                anvil     unix  -       -       n       -       1       anvil
                scache    unix  -       -       n       -       1       scache
                postlog   unix-dgram n  -       n       -       1       postlogd
                """.formatted(listen);
    }
}

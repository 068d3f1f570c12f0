package org.postern.bench;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * SMTP load generator: N messages of S bytes over C parallel sessions against host:port.
 *
 * <p>Each session connects, reads the greeting, sends EHLO, optionally STARTTLS (a full handshake on
 * every connection) and EHLO again, then sends M messages (MAIL, RCPT, DATA) and QUIT. Latency of a
 * message is measured from sending MAIL FROM to the 250 reply after the final dot. Reports
 * messages/second, p50/p99/max latency, errors and, given a PID, that process's peak RSS (VmHWM).
 *
 * <p>The last line of the report is machine-readable: {@code RESULT key=value ...}.
 */
public final class SmtpLoad {

    private static final String USAGE = """
            usage: SmtpLoad [options]
              --host H              server address (default 127.0.0.1)
              --port P              server port (default 25)
              --messages N          messages to send (default 10000)
              --size S              message size in bytes, header included (default 5120)
              --sessions C          parallel sessions (default 20)
              --per-connection M    messages per connection (default 1: every message pays a connection
                                    and, with --starttls, a TLS handshake)
              --starttls            upgrade every connection with STARTTLS (server certificate not checked)
              --resume              allow TLS session resumption across connections (default: a full
                                    handshake on every connection)
              --groups LIST         TLS key-exchange groups offered, comma-separated (default x25519:
                                    one key share, as OpenSSL clients send; the JDK default would
                                    compute an x25519 and a secp256r1 share on every handshake)
              --warmup W            send W messages first, not counted (default 0)
              --from ADDR           envelope sender (default bench@bench.test)
              --to ADDR             envelope recipient (default sink@bench.test)
              --helo NAME           EHLO name (default bench.test)
              --timeout-ms T        connect and read timeout (default 30000)
              --pid PID             report this process's peak RSS (VmHWM) at the end
              --label TEXT          label for the RESULT line (default: host:port and mode)
              --result-file FILE    also append the RESULT line to FILE
            """;

    private final String host;
    private final int port;
    private final int sessions;
    private final int perConnection;
    private final boolean starttls;
    private final boolean resume;
    private final String from;
    private final String to;
    private final String helo;
    private final int timeoutMs;
    private final byte[] body;
    private final int size;
    private final SSLContext sharedContext;
    private final String[] groups;

    private SmtpLoad(Args a) {
        host = a.get("--host", "127.0.0.1");
        port = a.integer("--port", 25);
        sessions = a.integer("--sessions", 20);
        perConnection = a.integer("--per-connection", 1);
        starttls = a.flag("--starttls");
        resume = a.flag("--resume");
        from = a.get("--from", "bench@bench.test");
        to = a.get("--to", "sink@bench.test");
        helo = a.get("--helo", "bench.test");
        timeoutMs = a.integer("--timeout-ms", 30_000);
        size = a.integer("--size", 5120);
        body = body(size);
        sharedContext = resume ? trustAllContext() : null;
        groups = a.get("--groups", "x25519").split(",");
        if (sessions < 1 || perConnection < 1 || size < 300) {
            throw new IllegalArgumentException("--sessions and --per-connection must be >= 1, --size >= 300");
        }
    }

    public static void main(String[] argv) throws Exception {
        SmtpLoad load;
        int messages;
        int warmup;
        String pid;
        String label;
        String resultFile;
        try {
            Args a = new Args(argv);
            if (a.flag("--help") || a.flag("-h")) {
                System.out.print(USAGE);
                return;
            }
            load = new SmtpLoad(a);
            messages = a.integer("--messages", 10_000);
            warmup = a.integer("--warmup", 0);
            pid = a.get("--pid", null);
            label = a.get("--label", load.host + ":" + load.port + " " + (load.starttls ? "starttls" : "plain"));
            resultFile = a.get("--result-file", null);
            a.rejectUnknown();
        } catch (IllegalArgumentException e) {
            System.err.println("SmtpLoad: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        String mode = load.starttls ? "starttls" : "plain";

        if (warmup > 0) {
            Run w = load.run(warmup);
            System.out.printf(Locale.ROOT, "warm-up: %d messages, %d errors%n", w.sent.get(), w.errors.get());
        }
        Run r = load.run(messages);

        long[] lat = Arrays.copyOf(r.latencies, r.latencyCount.get());
        Arrays.sort(lat);
        double seconds = r.elapsedNanos / 1e9;
        double rate = r.sent.get() / seconds;
        long hwm = pid == null ? -1 : peakRssKb(pid);
        int connections = r.connections.get();
        double handshakeMs = r.handshakes.get() == 0 ? 0 : r.handshakeNanos.get() / 1e6 / r.handshakes.get();

        System.out.printf(Locale.ROOT, "target       %s:%d (%s%s)%n", load.host, load.port, mode,
                load.starttls && load.resume ? ", resumption allowed" : "");
        System.out.printf(Locale.ROOT, "load         %d messages x %d bytes, %d sessions, %d per connection%n",
                messages, load.size, load.sessions, load.perConnection);
        System.out.printf(Locale.ROOT, "sent         %d in %.2f s over %d connections%n", r.sent.get(), seconds,
                connections);
        System.out.printf(Locale.ROOT, "throughput   %.1f messages/s%n", rate);
        System.out.printf(Locale.ROOT, "latency      p50 %.2f ms  p99 %.2f ms  max %.2f ms (MAIL FROM to 250 after DATA)%n",
                ms(percentile(lat, 50)), ms(percentile(lat, 99)), ms(lat.length == 0 ? 0 : lat[lat.length - 1]));
        if (load.starttls) {
            System.out.printf(Locale.ROOT, "handshake    %.2f ms mean (STARTTLS to handshake done, %d handshakes)%n",
                    handshakeMs, r.handshakes.get());
        }
        System.out.printf(Locale.ROOT, "errors       %d%n", r.errors.get());
        r.errorKinds.entrySet().stream().sorted(Map.Entry.<String, AtomicInteger>comparingByValue(
                Comparator.comparingInt(AtomicInteger::get)).reversed()).limit(5)
                .forEach(e -> System.out.printf(Locale.ROOT, "  %6d x %s%n", e.getValue().get(), e.getKey()));
        if (pid != null) {
            System.out.printf(Locale.ROOT, "peak RSS     %s (VmHWM of pid %s)%n",
                    hwm < 0 ? "unknown" : String.format(Locale.ROOT, "%.1f MB", hwm / 1024.0), pid);
        }
        String result = String.format(Locale.ROOT,
                "RESULT label=%s mode=%s messages=%d sent=%d errors=%d seconds=%.3f msgs_per_s=%.1f "
                        + "p50_ms=%.2f p99_ms=%.2f max_ms=%.2f handshake_ms=%.2f connections=%d peak_rss_kb=%d "
                        + "start_ms=%d end_ms=%d",
                label.replace(' ', '_'), mode, messages, r.sent.get(), r.errors.get(), seconds, rate,
                ms(percentile(lat, 50)), ms(percentile(lat, 99)), ms(lat.length == 0 ? 0 : lat[lat.length - 1]),
                handshakeMs, connections, hwm, r.startMillis, r.startMillis + r.elapsedNanos / 1_000_000);
        System.out.println(result);
        if (resultFile != null) {
            Files.writeString(Path.of(resultFile), result + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /** Counters of one run. */
    private static final class Run {
        final AtomicInteger remaining;
        final AtomicInteger sent = new AtomicInteger();
        final AtomicInteger errors = new AtomicInteger();
        final AtomicInteger connections = new AtomicInteger();
        final AtomicInteger handshakes = new AtomicInteger();
        final AtomicLong handshakeNanos = new AtomicLong();
        final long[] latencies;
        final AtomicInteger latencyCount = new AtomicInteger();
        final Map<String, AtomicInteger> errorKinds = new ConcurrentHashMap<>();
        long elapsedNanos;
        /** Wall-clock start of the run (epoch ms), for timing what happens after it elsewhere. */
        long startMillis;

        Run(int messages) {
            remaining = new AtomicInteger(messages);
            latencies = new long[messages];
        }

        /** Claims one message of the run; false when all are taken. */
        boolean claim() {
            return remaining.getAndDecrement() > 0;
        }

        void fail(int messages, Exception e) {
            errors.addAndGet(messages);
            String kind = e.getClass().getSimpleName() + ": " + e.getMessage();
            errorKinds.computeIfAbsent(kind.length() > 160 ? kind.substring(0, 160) : kind,
                    k -> new AtomicInteger()).incrementAndGet();
        }
    }

    private Run run(int messages) throws InterruptedException {
        Run r = new Run(messages);
        r.startMillis = System.currentTimeMillis();
        long start = System.nanoTime();
        // One virtual thread per session; each session runs connections back to back until all
        // messages are claimed.
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < sessions; i++) {
                pool.submit(() -> session(r));
            }
        }
        r.elapsedNanos = System.nanoTime() - start;
        return r;
    }

    private void session(Run r) {
        while (r.claim()) {
            connection(r);
        }
    }

    /**
     * One connection; its first message is already claimed. Failures count every claimed message
     * that was not acknowledged as an error.
     */
    private void connection(Run r) {
        int pending = 1;
        Socket plain = new Socket();
        try {
            plain.setTcpNoDelay(true);
            plain.connect(new InetSocketAddress(host, port), timeoutMs);
            plain.setSoTimeout(timeoutMs);
            r.connections.incrementAndGet();
            Smtp smtp = new Smtp(plain);
            smtp.expect(null, 220);
            String ehlo = smtp.expect("EHLO " + helo, 250);
            if (starttls) {
                if (!ehlo.toUpperCase(Locale.ROOT).contains("STARTTLS")) {
                    throw new IOException("STARTTLS not offered");
                }
                long t0 = System.nanoTime();
                smtp.expect("STARTTLS", 220);
                SSLContext ctx = sharedContext != null ? sharedContext : trustAllContext();
                SSLSocket tls = (SSLSocket) ctx.getSocketFactory().createSocket(plain, host, port, true);
                tls.setUseClientMode(true);
                SSLParameters params = tls.getSSLParameters();
                params.setNamedGroups(groups);
                tls.setSSLParameters(params);
                tls.startHandshake();
                r.handshakeNanos.addAndGet(System.nanoTime() - t0);
                r.handshakes.incrementAndGet();
                smtp = new Smtp(tls);
                smtp.expect("EHLO " + helo, 250);
            }
            int done = 0;
            while (true) {
                long t0 = System.nanoTime();
                smtp.expect("MAIL FROM:<" + from + ">", 250);
                smtp.expect("RCPT TO:<" + to + ">", 250);
                smtp.expect("DATA", 354);
                smtp.message(header(), body);
                smtp.expect(null, 250);
                long t = System.nanoTime() - t0;
                r.latencies[r.latencyCount.getAndIncrement()] = t;
                r.sent.incrementAndGet();
                pending--;
                done++;
                if (done >= perConnection || !r.claim()) {
                    break;
                }
                pending++;
            }
            try {
                smtp.expect("QUIT", 221);
            } catch (IOException e) {
                // the messages are accepted; a server that drops the line at QUIT costs nothing here
            }
        } catch (Exception e) {
            if (pending > 0) {
                r.fail(pending, e);
            }
        } finally {
            try {
                plain.close();
            } catch (IOException e) {
                // nothing to do
            }
        }
    }

    private static final AtomicLong SEQUENCE = new AtomicLong();

    private byte[] header() {
        return ("From: <" + from + ">\r\nTo: <" + to + ">\r\nSubject: load test\r\nMessage-ID: <"
                + SEQUENCE.incrementAndGet() + "." + System.nanoTime() + "@bench.test>\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** Body lines of 76 characters so that header + body is about {@code size} bytes. */
    private static byte[] body(int size) {
        int target = Math.max(0, size - 110);
        StringBuilder b = new StringBuilder(target + 80);
        String line = "The quick brown fox jumps over the lazy dog; pack my box with five dozen jugs";
        while (b.length() + line.length() + 2 <= target) {
            b.append(line, 0, 76).append("\r\n");
        }
        int rest = target - b.length();
        if (rest >= 3) {
            b.append("x".repeat(rest - 2)).append("\r\n");
        }
        return b.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /**
     * A client context that accepts any server certificate. Acceptable here: the harness measures
     * throughput of the TLS handshake and transfer, not certificate checking; never copy this into
     * the engine. Without --resume every connection gets a fresh context, so no session is cached
     * and every connection pays a full handshake.
     */
    private static SSLContext trustAllContext() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new TrustAll()}, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** Minimal SMTP conversation over one socket: a command, then its (possibly multi-line) reply. */
    private static final class Smtp {
        private final InputStream in;
        private final OutputStream out;
        private final StringBuilder line = new StringBuilder();

        Smtp(Socket s) throws IOException {
            in = new BufferedInputStream(s.getInputStream(), 8192);
            out = new BufferedOutputStream(s.getOutputStream(), 16384);
        }

        String expect(String command, int code) throws IOException {
            if (command != null) {
                out.write(command.getBytes(StandardCharsets.US_ASCII));
                out.write('\r');
                out.write('\n');
                out.flush();
            }
            StringBuilder reply = new StringBuilder();
            String l;
            do {
                l = readLine();
                reply.append(l).append('\n');
            } while (l.length() > 3 && l.charAt(3) == '-');
            if (l.length() < 3 || !l.startsWith(Integer.toString(code))) {
                String what = command == null ? "reply" : command.split(" ")[0];
                throw new IOException(what + " -> " + l);
            }
            return reply.toString();
        }

        void message(byte[] header, byte[] body) throws IOException {
            out.write(header);
            out.write(body);
            out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
        }

        private String readLine() throws IOException {
            line.setLength(0);
            int c;
            while ((c = in.read()) != -1) {
                if (c == '\n') {
                    int n = line.length();
                    if (n > 0 && line.charAt(n - 1) == '\r') {
                        line.setLength(n - 1);
                    }
                    return line.toString();
                }
                line.append((char) c);
            }
            throw new IOException("connection closed by server");
        }
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        int i = (int) Math.ceil(p / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))];
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** VmHWM (peak resident set) of a process in kB, or -1. */
    static long peakRssKb(String pid) {
        try {
            for (String l : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (l.startsWith("VmHWM:")) {
                    return Long.parseLong(l.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone or not ours
        }
        return -1;
    }

    /** --name value options and --flags. */
    private static final class Args {
        private final Map<String, String> values = new ConcurrentHashMap<>();
        private final java.util.Set<String> used = ConcurrentHashMap.newKeySet();
        private static final java.util.Set<String> FLAGS = java.util.Set.of("--starttls", "--resume", "--help", "-h");

        Args(String[] argv) {
            for (int i = 0; i < argv.length; i++) {
                String k = argv[i];
                if (FLAGS.contains(k)) {
                    values.put(k, "true");
                } else if (k.startsWith("--") && i + 1 < argv.length) {
                    values.put(k, argv[++i]);
                } else {
                    throw new IllegalArgumentException("unexpected argument: " + k);
                }
            }
        }

        String get(String name, String def) {
            used.add(name);
            return values.getOrDefault(name, def);
        }

        int integer(String name, int def) {
            String v = get(name, null);
            try {
                return v == null ? def : Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(name + " needs a number: " + v);
            }
        }

        boolean flag(String name) {
            used.add(name);
            return values.containsKey(name);
        }

        void rejectUnknown() {
            for (String k : values.keySet()) {
                if (!used.contains(k)) {
                    throw new IllegalArgumentException("unknown option " + k);
                }
            }
        }
    }
}

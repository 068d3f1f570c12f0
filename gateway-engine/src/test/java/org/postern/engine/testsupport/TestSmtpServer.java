package org.postern.engine.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;

/**
 * A misbehaving-on-demand SMTP receiver for outbound tests: it can leave STARTTLS out, refuse it,
 * break the handshake, present any certificate, reject EHLO, answer with a huge reply, or never
 * answer. Received messages are kept in memory.
 */
public final class TestSmtpServer implements AutoCloseable {

    /** How the server behaves. */
    public enum Mode { NORMAL, NO_STARTTLS, STARTTLS_REFUSED, HANDSHAKE_FAILS, EHLO_REJECTED, HUGE_EHLO, SILENT,
        /** Sends a forged reply in the same write as its 220 to STARTTLS (CVE-2021-38371 class). */
        INJECT_AFTER_220,
        /** Takes 300 ms before accepting each message's data (to observe concurrency). */
        SLOW_DATA,
        /** Holds each message 3 s after its final dot before answering 250 (a delivery in flight). */
        HOLD_DATA }

    /** One received message. */
    public record Received(String sender, List<String> recipients, String data, boolean tls, String sni) {
    }

    private final ServerSocket server;
    private final Mode mode;
    private final SSLContext tls;
    private final List<Received> received = new CopyOnWriteArrayList<>();
    private final java.util.concurrent.atomic.AtomicInteger sessions = new java.util.concurrent.atomic.AtomicInteger();
    private final java.util.concurrent.atomic.AtomicInteger maxSessions = new java.util.concurrent.atomic.AtomicInteger();
    private final Thread acceptor;
    private final java.util.concurrent.atomic.AtomicInteger dataEnded = new java.util.concurrent.atomic.AtomicInteger();

    public TestSmtpServer(String address, Mode mode, KeyPair keys, List<X509Certificate> chain) throws Exception {
        this(address, 0, mode, keys, chain);
    }

    public TestSmtpServer(String address, int port, Mode mode, KeyPair keys, List<X509Certificate> chain) throws Exception {
        this(address, port, mode, keys == null ? null : context(keys, chain));
    }

    /** A server with a TLS context of the caller's making (e.g. one presenting a certificate JSSE would not choose). */
    public TestSmtpServer(String address, int port, Mode mode, SSLContext tls) throws Exception {
        this.mode = mode;
        this.tls = tls;
        this.server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new java.net.InetSocketAddress(InetAddress.ofLiteral(address), port), 50);
        this.acceptor = Thread.ofPlatform().daemon().start(this::acceptLoop);
    }

    private static SSLContext context(KeyPair keys, List<X509Certificate> chain) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        ks.load(null, null);
        ks.setKeyEntry("k", keys.getPrivate(), "pw".toCharArray(), chain.toArray(X509Certificate[]::new));
        KeyManagerFactory kmf = KeyManagerFactory.getInstance("PKIX");
        kmf.init(ks, "pw".toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    public int port() {
        return server.getLocalPort();
    }

    public List<Received> received() {
        return received;
    }

    /** How many messages' data (up to the final dot) this server has read, answered or not. */
    public int dataEnded() {
        return dataEnded.get();
    }

    /** The most connections this server had open at one time. */
    public int maxConcurrentSessions() {
        return maxSessions.get();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Thread.ofVirtual().start(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        maxSessions.accumulateAndGet(sessions.incrementAndGet(), Math::max);
        try (Socket s0 = socket) {
            Socket s = s0;
            if (mode == Mode.SILENT) {
                Thread.sleep(30_000);
                return;
            }
            var in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            OutputStream out = s.getOutputStream();
            write(out, "220 test.example ESMTP test");
            boolean tlsActive = false;
            String sni = null;
            String from = null;
            List<String> rcpts = new CopyOnWriteArrayList<>();
            String line;
            while ((line = in.readLine()) != null) {
                String verb = line.length() >= 4 ? line.substring(0, 4).toUpperCase() : line.toUpperCase();
                switch (verb) {
                    case "EHLO" -> {
                        if (mode == Mode.EHLO_REJECTED) {
                            write(out, "502 5.5.2 EHLO not implemented");
                        } else if (mode == Mode.HUGE_EHLO) {
                            StringBuilder sb = new StringBuilder();
                            for (int i = 0; i < 100_000; i++) {
                                sb.append("250-X").append("A".repeat(90)).append("\r\n");
                            }
                            out.write(sb.toString().getBytes(StandardCharsets.US_ASCII));
                            write(out, "250 OK");
                        } else {
                            boolean offer = !tlsActive && tls != null && mode != Mode.NO_STARTTLS;
                            write(out, "250-test.example\r\n250-PIPELINING\r\n250-8BITMIME\r\n" + (offer ? "250-STARTTLS\r\n" : "")
                                    + "250 SMTPUTF8");
                        }
                    }
                    case "HELO" -> write(out, "250 test.example");
                    case "STAR" -> {
                        if (mode == Mode.STARTTLS_REFUSED) {
                            write(out, "454 4.7.0 TLS not available due to temporary reason");
                        } else if (mode == Mode.HANDSHAKE_FAILS) {
                            write(out, "220 2.0.0 Ready to start TLS");
                            out.write("this is not a TLS ServerHello\r\n".getBytes(StandardCharsets.US_ASCII));
                            out.flush();
                            return;
                        } else {
                            write(out, mode == Mode.INJECT_AFTER_220
                                    ? "220 2.0.0 Ready to start TLS\r\n250-injected.example\r\n250 AUTH PLAIN"
                                    : "220 2.0.0 Ready to start TLS");
                            SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(s, null, s.getPort(), true);
                            ssl.setUseClientMode(false);
                            ssl.startHandshake();
                            var names = ((javax.net.ssl.ExtendedSSLSession) ssl.getSession()).getRequestedServerNames();
                            sni = names.isEmpty() ? null : ((javax.net.ssl.SNIHostName) names.getFirst()).getAsciiName();
                            s = ssl;
                            in = new BufferedReader(new InputStreamReader(ssl.getInputStream(), StandardCharsets.ISO_8859_1));
                            out = ssl.getOutputStream();
                            tlsActive = true;
                            from = null;
                            rcpts.clear();
                        }
                    }
                    case "MAIL" -> {
                        from = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        write(out, "250 2.1.0 Ok");
                    }
                    case "RCPT" -> {
                        String r = line.substring(line.indexOf('<') + 1, line.indexOf('>'));
                        if (r.startsWith("unknown")) {
                            write(out, "550 5.1.1 <" + r + ">: Recipient address rejected: User unknown");
                        } else if (r.startsWith("busy")) {
                            write(out, "450 4.2.0 <" + r + ">: mailbox busy");
                        } else {
                            rcpts.add(r);
                            write(out, "250 2.1.5 Ok");
                        }
                    }
                    case "DATA" -> {
                        write(out, "354 go ahead");
                        StringBuilder data = new StringBuilder();
                        String l;
                        while ((l = in.readLine()) != null && !l.equals(".")) {
                            data.append(l.startsWith(".") ? l.substring(1) : l).append("\r\n");
                        }
                        dataEnded.incrementAndGet();
                        if (mode == Mode.SLOW_DATA) {
                            Thread.sleep(300);
                        }
                        if (mode == Mode.HOLD_DATA) {
                            Thread.sleep(3000);
                        }
                        received.add(new Received(from, List.copyOf(rcpts), data.toString(), tlsActive, sni));
                        write(out, "250 2.0.0 Ok: queued as TEST" + received.size());
                    }
                    case "RSET" -> write(out, "250 2.0.0 Ok");
                    case "QUIT" -> {
                        write(out, "221 2.0.0 Bye");
                        return;
                    }
                    default -> write(out, "502 5.5.2 Error: command not recognized");
                }
            }
        } catch (Exception e) {
            // the client went away or the handshake failed
        } finally {
            sessions.decrementAndGet();
        }
    }

    private static void write(OutputStream out, String reply) throws IOException {
        out.write((reply + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        server.close();
        try {
            acceptor.join(2000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

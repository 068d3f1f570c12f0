package org.postern.engine.smtp.client;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * The client side of one SMTP connection: bounded reply parsing, EHLO capabilities, and a
 * STARTTLS upgrade that discards anything the server sent after its 220 (CVE-2021-38371 class)
 * and forgets the pre-TLS capabilities (DANE-3a).
 */
public final class SmtpConnection implements AutoCloseable {

    /** Limits on what a server may send in one reply (a 10 MB EHLO reply is an error, not a hang). */
    static final int MAX_REPLY_LINES = 200;
    static final int MAX_LINE = 2048;

    private Socket socket;
    private InputStream in;
    private OutputStream out;
    private final byte[] buf = new byte[8192];
    private int pos;
    private int limit;
    private Set<String> capabilities = Set.of();
    private boolean esmtp;
    private SSLSession tls;
    /** Replies the server owes: the greeting, then one per command sent (more than one when pipelining). */
    private int repliesDue = 1;

    private SmtpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = new BufferedOutputStream(socket.getOutputStream(), 16 * 1024);
    }

    public static SmtpConnection open(InetSocketAddress address, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        Socket s = new Socket();
        try {
            s.connect(address, (int) connectTimeout.toMillis());
            s.setSoTimeout((int) readTimeout.toMillis());
            s.setTcpNoDelay(true);
            return new SmtpConnection(s);
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    public void setTimeout(Duration timeout) throws IOException {
        socket.setSoTimeout((int) timeout.toMillis());
    }

    private int read() throws IOException {
        if (pos >= limit) {
            int n = in.read(buf, 0, buf.length);
            if (n <= 0) {
                return -1;
            }
            pos = 0;
            limit = n;
        }
        return buf[pos++] & 0xff;
    }

    private String readLine() throws IOException {
        StringBuilder sb = new StringBuilder();
        while (true) {
            int b = read();
            if (b < 0) {
                throw new IOException("the server closed the connection");
            }
            if (b == '\n') {
                int n = sb.length();
                if (n > 0 && sb.charAt(n - 1) == '\r') {
                    sb.setLength(n - 1);
                }
                return sb.toString();
            }
            if (sb.length() >= MAX_LINE) {
                throw new SmtpProtocolException("reply line longer than " + MAX_LINE + " characters");
            }
            sb.append((char) b);
        }
    }

    /**
     * Reads the next reply the server owes. When no further reply is due, any byte already
     * received is a protocol error: a server (or a man in the middle) that sends ahead, e.g. a
     * forged EHLO reply in the greeting's packet, would otherwise put every later reply one
     * step behind.
     */
    public Reply readReply() throws IOException {
        Reply r = readNextReply();
        if (repliesDue == 0) {
            ensureNothingUnsolicited();
        }
        return r;
    }

    /** Fails when the server has sent bytes that no command asked for. */
    private void ensureNothingUnsolicited() throws IOException {
        if (pos < limit || in.available() > 0) {
            int n = Math.max(limit - pos, 0) + Math.max(in.available(), 0);
            throw new SmtpProtocolException("the server sent " + n + " byte(s) before a reply was due");
        }
    }

    private Reply readNextReply() throws IOException {
        if (repliesDue <= 0) {
            throw new IllegalStateException("no reply is due");
        }
        Reply r = parseReply();
        repliesDue--;
        return r;
    }

    private Reply parseReply() throws IOException {
        List<String> lines = new ArrayList<>();
        int code = -1;
        while (true) {
            String line = readLine();
            if (!replyCode(line) || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')) {
                throw new SmtpProtocolException("malformed reply line: " + abbreviate(line));
            }
            int c = Integer.parseInt(line.substring(0, 3));
            if (code >= 0 && c != code) {
                throw new SmtpProtocolException("reply code changed inside a multi-line reply");
            }
            code = c;
            lines.add(line.length() > 4 ? line.substring(4) : "");
            if (lines.size() > MAX_REPLY_LINES) {
                throw new SmtpProtocolException("reply longer than " + MAX_REPLY_LINES + " lines");
            }
            if (line.length() == 3 || line.charAt(3) == ' ') {
                return new Reply(code, lines);
            }
        }
    }

    /** RFC 5321 §4.2: Reply-code = %x32-35 %x30-35 %x30-39 (1yz and codes like 000 or 999 are not SMTP). */
    private static boolean replyCode(String line) {
        return line.length() >= 3 && line.charAt(0) >= '2' && line.charAt(0) <= '5'
                && line.charAt(1) >= '0' && line.charAt(1) <= '5' && line.charAt(2) >= '0' && line.charAt(2) <= '9';
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Sends one command; its reply becomes due. Bytes received beforehand are a protocol error. */
    public void send(String command) throws IOException {
        if (repliesDue == 0) {
            ensureNothingUnsolicited();
        }
        repliesDue++;
        out.write(command.getBytes(StandardCharsets.UTF_8));
        out.write('\r');
        out.write('\n');
        out.flush();
    }

    public Reply command(String command) throws IOException {
        send(command);
        return readReply();
    }

    /** EHLO, falling back to HELO when EHLO is rejected (the remote does not speak ESMTP, DLV-6). */
    public Reply hello(String name) throws IOException {
        Reply r = command("EHLO " + name);
        if (r.positive()) {
            esmtp = true;
            Set<String> caps = new TreeSet<>(String.CASE_INSENSITIVE_ORDER);
            for (int i = 1; i < r.lines().size(); i++) {
                String l = r.lines().get(i).strip();
                int sp = l.indexOf(' ');
                caps.add((sp < 0 ? l : l.substring(0, sp)).toUpperCase(Locale.ROOT));
            }
            capabilities = caps;
            return r;
        }
        esmtp = false;
        capabilities = Set.of();
        return command("HELO " + name);
    }

    public boolean esmtp() {
        return esmtp;
    }

    public boolean supports(String capability) {
        return capabilities.contains(capability);
    }

    /**
     * Issues STARTTLS; on 220 runs the handshake with SNI {@code serverName} (none when null) and
     * returns null. Otherwise returns the refusal. Bytes received after the 220 are discarded and
     * the capabilities are cleared: the caller must say EHLO again.
     */
    public Reply startTls(SSLContext context, String serverName) throws IOException {
        send("STARTTLS");
        Reply r = readNextReply();
        if (r.code() != 220) {
            if (repliesDue == 0) {
                ensureNothingUnsolicited();
            }
            return r;
        }
        pos = 0;
        limit = 0; // anything the server sent after 220 is not trusted (CVE-2021-38371 class)
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        SSLSocket ssl = (SSLSocket) context.getSocketFactory().createSocket(socket,
                serverName != null ? serverName : remote.getHostString(), remote.getPort(), true);
        SSLParameters params = ssl.getSSLParameters(); // protocols and suites: the context's policy (TLS-1)
        if (serverName != null) {
            params.setServerNames(List.of(new SNIHostName(serverName)));
        }
        ssl.setSSLParameters(params);
        ssl.setUseClientMode(true);
        ssl.startHandshake();
        socket = ssl;
        in = ssl.getInputStream();
        out = new BufferedOutputStream(ssl.getOutputStream(), 16 * 1024);
        tls = ssl.getSession();
        capabilities = Set.of();
        esmtp = false;
        return null;
    }

    public SSLSession tls() {
        return tls;
    }

    /** Writes the message with dot-stuffing and the final CRLF.CRLF, then reads the reply. */
    public Reply data(InputStream message) throws IOException {
        boolean lineStart = true;
        int prev = -1;
        byte[] chunk = new byte[16 * 1024];
        int n;
        while ((n = message.read(chunk)) > 0) {
            for (int i = 0; i < n; i++) {
                byte b = chunk[i];
                if (lineStart && b == '.') {
                    out.write('.');
                }
                out.write(b);
                lineStart = b == '\n';
                prev = b;
            }
        }
        if (prev != '\n') {
            out.write('\r');
            out.write('\n');
        }
        out.flush();
        // a reply waiting before the final dot answers nothing we sent: the body was not read
        if (repliesDue == 0) {
            ensureNothingUnsolicited();
        }
        repliesDue++;
        out.write(".\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return readReply();
    }

    public void quit() {
        try {
            send("QUIT");
            readReply();
        } catch (IOException e) {
            // closing anyway
        }
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing more to do
        }
    }
}

package org.postern.engine.smtp.server;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailEvent.Type;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.TlsOutcome;
import org.postern.engine.log.MailLog;
import org.postern.engine.mail.ReceivedHeader;
import org.postern.engine.queue.Envelope;

/** One SMTP server conversation on one connection (runs on its own virtual thread). */
final class SmtpSession {

    private final String id;
    private final ListenerSpec listener;
    private final MailFlowPolicy policy;
    private final String senderGroup;
    private final SmtpServer.Services services;
    private final SmtpSettings settings;
    private final String hostname;
    private final String clientIp;
    private final String clientName;

    private Socket socket;
    private SmtpInput input;
    private OutputStream output;
    private boolean closed;

    private String heloName;
    private boolean extended;
    private SSLSession tls;
    private String peerSubject;
    private String sender;
    private boolean smtpUtf8;
    private long declaredSize;
    private boolean storageWarningLogged;
    private final List<String> recipients = new ArrayList<>();
    private int acceptedMessages;
    private int acceptedRecipients;
    private boolean tlsRequiredRefusal;
    private int errors;
    private int junkCommands;
    private int recipientOvershoot;
    private int relayDenied;
    private String firstRelayDenied;
    private volatile String disconnectReason;
    private final long sessionDeadline;
    private String limitReason = "timeout exceeded";
    private boolean inData;

    SmtpSession(String id, Socket socket, ListenerSpec listener, String senderGroup, MailFlowPolicy policy,
                SmtpServer.Services services, SmtpSettings settings, String hostname, String clientName) throws IOException {
        this.id = id;
        this.socket = socket;
        this.listener = listener;
        this.senderGroup = senderGroup;
        this.policy = policy;
        this.services = services;
        this.settings = settings;
        this.hostname = hostname;
        this.clientIp = ((InetSocketAddress) socket.getRemoteSocketAddress()).getAddress().getHostAddress();
        this.clientName = clientName;
        this.sessionDeadline = System.nanoTime() + settings.sessionDeadline().toNanos();
        this.input = new SmtpInput(socket.getInputStream());
        this.output = new BufferedOutputStream(socket.getOutputStream(), 8192);
    }

    // --- the conversation ---------------------------------------------------------------------

    void run() {
        try {
            log(MailEvent.of(Type.CONNECTED, "connection from " + clientIp + " on listener " + listener.name()
                    + ": sender group " + (senderGroup == null ? "(default)" : senderGroup) + ", policy " + policy.name()
                    + ", TLS " + policy.tls().cliName()));
            if (policy.action() == PolicyAction.REJECT) {
                reply("554 5.7.1 " + hostname + " Access denied");
                flush();
                log(MailEvent.of(Type.REFUSED, "connection refused by policy " + policy.name()));
                return;
            }
            reply("220 " + hostname + " ESMTP Postern");
            while (!closed) {
                if (errors >= settings.hardErrorLimit()) {
                    // Postfix smtpd_hard_error_limit: checked before the next command is read
                    write("421 4.7.0 " + hostname + " Error: too many errors");
                    disconnectReason = "too many errors (" + errors + ") after " + stateName();
                    break;
                }
                if (!input.hasBuffered()) {
                    flush();
                }
                if (!beginWaiting()) {
                    write(stoppingReply());
                    disconnectReason = "the listener is stopping";
                    break;
                }
                awaitCommand();
                String line = null;
                String badLine = null;
                boolean stopped;
                try {
                    line = input.readLine(settings.maxCommandLine());
                } catch (SmtpInput.LineTooLongException e) {
                    badLine = "500 5.5.2 Error: line too long";
                } catch (SmtpInput.MalformedLineException e) {
                    // never decoded with replacement characters: an address must not change on its way in
                    badLine = "501 5.5.2 Error: command is not valid UTF-8 (RFC 6531 section 3.3)";
                } finally {
                    // from here on only this thread writes; on any exit from the read
                    stopped = !endWaiting();
                }
                if (stopped) {
                    break; // stop() has answered 421 and closed the connection
                }
                if (badLine != null) {
                    reply(badLine);
                    continue;
                }
                if (line == null) {
                    break;
                }
                try {
                    dispatch(line);
                } catch (RuntimeException e) {
                    internalError(line, e);
                }
            }
        } catch (SocketTimeoutException e) {
            tryReply("421 4.4.2 " + hostname + " Error: " + limitReason);
            disconnectReason = limitReason + " in " + stateName();
        } catch (SSLException e) {
            log(MailEvent.of(Type.TLS_FAILED, "TLS failure: " + e.getMessage()).resultType("validation-failure"));
        } catch (SpoolFailure e) {
            // a storage failure the command did not answer itself: the conversation's state is unknown
            log(MailEvent.of(Type.MESSAGE_REJECTED, "cannot store the message: " + e.getMessage()).sender(sender));
            tryReply("421 4.3.0 " + hostname + " Error: queue file write error, closing connection");
        } catch (IOException e) {
            // the client went away
        } finally {
            finish();
        }
    }

    private void dispatch(String line) throws IOException {
        if (line.indexOf('\0') >= 0) {
            reply("500 5.5.2 Error: NUL character in command");
            return;
        }
        int sp = line.indexOf(' ');
        String verb = sp < 0 ? line : line.substring(0, sp);
        String args = sp < 0 ? "" : line.substring(sp + 1);
        SmtpCommand command = CommandRegistry.find(verb);
        if (command == null) {
            reply("500 5.5.2 Error: command not recognized");
            return;
        }
        command.execute(this, args);
    }

    /**
     * A bug or an unexpected failure inside a command: the client is told (never a silent close)
     * and the cause logged. The protocol state after such a failure is unknown, so the session ends.
     */
    private void internalError(String line, RuntimeException e) {
        int sp = line.indexOf(' ');
        String verb = Replies.printable(sp < 0 ? line : line.substring(0, sp));
        log(MailEvent.of(Type.WARNING, "internal error in " + verb + ": " + e.getClass().getName()
                + (e.getMessage() == null ? "" : ": " + e.getMessage())).sender(sender));
        tryReply("421 4.3.0 " + hostname + " Error: internal error, closing connection");
        close();
    }

    private void finish() {
        try {
            flush();
        } catch (IOException e) {
            // gone
        }
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
        if (tlsRequiredRefusal && acceptedRecipients == 0) {
            // LIS-8
            log(MailEvent.of(Type.STARTTLS_REQUIRED, "TLS required: the client was told \"Must issue a STARTTLS"
                    + " command first\" and the connection closed with no recipient accepted").resultType("starttls-not-supported"));
        }
        if (relayDenied > 1) {
            log(MailEvent.of(Type.REFUSED, "relay access denied for " + relayDenied + " recipient(s) in this session,"
                    + " first <" + Replies.printable(firstRelayDenied) + ">").sender(sender));
        }
        log(MailEvent.of(Type.DISCONNECTED, (disconnectReason == null ? "disconnected: " : "disconnected, "
                + disconnectReason + ": ") + acceptedMessages + " message(s), " + acceptedRecipients + " recipient(s) accepted"));
    }

    // --- stopping (SmtpServer.close) -----------------------------------------------------------

    private final Object stopLock = new Object();
    private boolean waitingForCommand;
    private boolean stopping;

    private String stoppingReply() {
        return "421 4.3.2 " + hostname + " Service shutting down";
    }

    private boolean beginWaiting() {
        synchronized (stopLock) {
            waitingForCommand = !stopping;
            return !stopping;
        }
    }

    private boolean endWaiting() {
        synchronized (stopLock) {
            waitingForCommand = false;
            return !stopping;
        }
    }

    /**
     * The listener is stopping. A session waiting for a command is answered 421 4.3.2 and closed
     * here (its thread only reads, so the reply cannot interleave with another); a session in the
     * middle of a command finishes it and then answers 421 4.3.2 itself.
     */
    void stop() {
        synchronized (stopLock) {
            stopping = true;
            if (waitingForCommand) {
                disconnectReason = "the listener is stopping";
                try {
                    write(stoppingReply());
                    output.flush();
                } catch (IOException e) {
                    // the client is gone
                }
                abort();
            }
        }
    }

    /** Cuts the connection (the shutdown grace is over); the session thread ends on its next read or write. */
    void abort() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    /** Accepted while the listener was stopping: 421 4.3.2 instead of a greeting. */
    void refuseStopping() {
        tryReply(stoppingReply());
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private String stateName() {
        return inData ? "DATA" : sender == null ? (heloName == null ? "CONNECT" : "HELO") : recipients.isEmpty() ? "MAIL" : "RCPT";
    }

    // --- time limits --------------------------------------------------------------------------

    /**
     * Arms the read timeout for the nearest of {@code deadline} (System.nanoTime) and the session
     * deadline; throws at once when it has passed. {@link #limitReason} names the limit, for the
     * 421 reply when the read then times out.
     */
    private void arm(long deadline, String reason) throws IOException {
        if (sessionDeadline - deadline < 0) {
            deadline = sessionDeadline;
            reason = "session time limit exceeded";
        }
        limitReason = reason;
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException(reason);
        }
        socket.setSoTimeout((int) Math.max(1, Math.min(Integer.MAX_VALUE, (remaining + 999_999) / 1_000_000)));
    }

    /**
     * The next command line must arrive whole within the command timeout (RFC 5321 §4.5.3.2.7): a
     * client dribbling one byte at a time does not reset it.
     */
    private void awaitCommand() {
        long deadline = System.nanoTime() + settings.commandTimeout().toNanos();
        input.guard(() -> arm(deadline, "timeout exceeded"));
    }

    /**
     * DATA: each read waits at most the data timeout (RFC 5321 §4.5.3.2.6), and after the grace
     * period the client must have sent at least {@code minDataRate} octets per second since DATA
     * began (a slowloris client that sends a byte every few seconds is closed).
     */
    void beginData() {
        inData = true;
        long start = System.nanoTime();
        long startBytes = input.received();
        long rate = settings.minDataRate();
        long grace = settings.dataRateGrace().toNanos();
        input.guard(() -> {
            long now = System.nanoTime();
            long deadline = now + settings.dataTimeout().toNanos();
            String reason = "timeout exceeded";
            if (rate > 0) {
                long bytes = input.received() - startBytes;
                // the rate holds until the time these bytes would have taken at the minimum rate
                long slowest = start + Math.max(grace, (long) (bytes * 1e9 / rate));
                if (slowest - deadline < 0) {
                    deadline = slowest;
                    reason = "data rate too low";
                }
            }
            arm(deadline, reason);
        });
    }

    void endData() {
        inData = false;
    }

    // --- replies ------------------------------------------------------------------------------

    /**
     * Sends a reply. Every 4xx and 5xx reply counts as an error of the client (Postfix counts the
     * same way); once more than the soft limit were made, each error reply is delayed, which slows
     * down address harvesting and floods without hurting a client that makes a few mistakes.
     */
    void reply(String text) throws IOException {
        char c = text.isEmpty() ? ' ' : text.charAt(0);
        if ((c == '4' || c == '5') && !text.startsWith("421")) {
            countError();
            if (errors > settings.softErrorLimit() && !settings.errorSleep().isZero()) {
                flush();
                try {
                    Thread.sleep(settings.errorSleep());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted");
                }
            }
        }
        write(text);
    }

    /**
     * A 4xx reply that is not the client's error: "too many recipients" (RFC 5321 §4.5.3.1.10 asks
     * the client to send the rest in another transaction), up to {@link #RECIPIENT_OVERSHOOT_LIMIT}
     * per session as Postfix's smtpd_recipient_overshoot_limit; beyond that it counts as usual.
     */
    void recipientOvershoot(String text) throws IOException {
        if (++recipientOvershoot > RECIPIENT_OVERSHOOT_LIMIT) {
            reply(text);
        } else {
            write(text);
        }
    }

    static final int RECIPIENT_OVERSHOOT_LIMIT = 1000;

    private void write(String text) throws IOException {
        output.write(Replies.requireAscii(text).getBytes(StandardCharsets.US_ASCII));
        output.write('\r');
        output.write('\n');
    }

    private void countError() {
        errors++;
    }

    /**
     * NOOP, RSET and VRFY: harmless alone, but a client that sends only these is wasting a slot
     * (Postfix smtpd_junk_command_limit). Beyond the limit, each one counts as an error.
     */
    void junkCommand() {
        junkCommands++;
        if (junkCommands > settings.junkCommandLimit()) {
            countError();
        }
    }

    /** A recipient refused as a relay attempt: the first is logged at once, the total once per session. */
    void relayDenied(String address) {
        relayDenied++;
        if (relayDenied == 1) {
            firstRelayDenied = address;
            log(MailEvent.of(Type.REFUSED, "relay access denied for <" + Replies.printable(address) + ">").sender(sender)
                    .recipient(address));
        }
    }

    private void tryReply(String text) {
        try {
            reply(text);
            flush();
        } catch (IOException e) {
            // the client is gone
        }
    }

    void flush() throws IOException {
        output.flush();
    }

    void close() {
        closed = true;
    }

    // --- state used by commands ---------------------------------------------------------------

    SmtpInput input() { return input; }
    ListenerSpec listener() { return listener; }
    MailFlowPolicy policy() { return policy; }
    String hostname() { return hostname; }
    boolean tlsActive() { return tls != null; }
    boolean tlsAvailable() { return services.tls().get() != null; }
    boolean greeted() { return heloName != null; }
    boolean extended() { return extended; }
    String sender() { return sender; }
    boolean smtpUtf8() { return smtpUtf8; }
    List<String> recipients() { return recipients; }

    void hello(String name, boolean ehlo) {
        heloName = name;
        extended = ehlo;
    }

    void markTlsRequiredRefusal() {
        tlsRequiredRefusal = true;
    }

    void resetTransaction() {
        sender = null;
        smtpUtf8 = false;
        declaredSize = 0;
        recipients.clear();
    }

    void beginTransaction(String from, boolean utf8, long size) {
        sender = from;
        smtpUtf8 = utf8;
        declaredSize = size;
    }

    /** The SIZE the client declared for the message of this transaction (0: none). */
    long declaredSize() {
        return declaredSize;
    }

    /**
     * RFC 5321 §4.5.3.1.10, RFC 1870, RFC 3463: whether the queue's file system has room for a
     * message of {@code size} octets plus the free-space margin. When it has not, the caller answers
     * {@link #INSUFFICIENT_STORAGE}, so mail is refused before any data is taken. An unknown amount
     * of free space does not refuse mail: a write that then fails is answered 451.
     */
    boolean roomFor(long size) {
        long free;
        try {
            free = services.store().usableSpace();
        } catch (IOException e) {
            return true;
        }
        long needed = size + settings.minFreeSpace();
        if (free >= needed) {
            return true;
        }
        if (!storageWarningLogged) {
            storageWarningLogged = true;
            log(MailEvent.of(Type.WARNING, "the queue's file system has " + free + " bytes free, " + needed
                    + " needed (message size " + size + " + margin " + settings.minFreeSpace() + "): mail refused with 452 4.3.1"));
        }
        return false;
    }

    static final String INSUFFICIENT_STORAGE = "452 4.3.1 Insufficient system storage";

    void addRecipient(String rcpt) {
        recipients.add(rcpt);
    }

    /**
     * LIS-6: after "220 Ready to start TLS" every byte the client sent in clear is discarded, the
     * handshake runs, and all SMTP state is forgotten. STARTTLS is not offered again.
     */
    void startTls() throws IOException {
        flush();
        SSLContext ctx = services.tls().get();
        InetSocketAddress remote = (InetSocketAddress) socket.getRemoteSocketAddress();
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(socket, remote.getHostString(), remote.getPort(), true);
        ssl.setUseClientMode(false);
        ssl.setWantClientAuth(true);
        socket.setSoTimeout((int) settings.handshakeTimeout().toMillis());
        int dropped = input.switchTo(ssl.getInputStream());
        if (dropped > 0) {
            log(MailEvent.of(Type.WARNING, "discarded " + dropped + " byte(s) the client sent in clear after STARTTLS"
                    + " (possible command injection, CVE-2011-0411 class)"));
        }
        // the read timeout alone restarts with every byte: a client dribbling its handshake would
        // hold the session, so the whole handshake must end within the handshake timeout
        Socket plain = socket;
        // set once, by whichever comes first: the end of the handshake or the deadline
        java.util.concurrent.atomic.AtomicBoolean settled = new java.util.concurrent.atomic.AtomicBoolean();
        Thread deadline = Thread.ofVirtual().name("smtp-tls-deadline").start(() -> {
            try {
                Thread.sleep(settings.handshakeTimeout());
                if (settled.compareAndSet(false, true)) {
                    plain.close();
                }
            } catch (InterruptedException | IOException e) {
                // the handshake ended in time, or the socket is closed already
            }
        });
        try {
            ssl.startHandshake();
            if (!settled.compareAndSet(false, true)) {
                // the deadline closed the socket as the handshake ended
                throw new java.net.SocketException("socket closed at the handshake deadline");
            }
        } catch (SocketTimeoutException e) {
            // no plaintext reply may follow "220 Ready to start TLS": just close
            log(MailEvent.of(Type.TLS_FAILED, "TLS handshake timed out").resultType("validation-failure"));
            close();
            throw new IOException("handshake timed out", e);
        } catch (IOException e) {
            log(MailEvent.of(Type.TLS_FAILED, settled.get() ? "TLS handshake timed out (not complete within "
                    + settings.handshakeTimeout().toMillis() + " ms)"
                    : "TLS handshake failed: " + org.postern.engine.tls.TlsFailures.describe(e))
                    .resultType("validation-failure"));
            close();
            throw new IOException(settled.get() ? "handshake timed out" : "handshake failed", e);
        } finally {
            deadline.interrupt();
        }
        socket = ssl;
        output = new BufferedOutputStream(ssl.getOutputStream(), 8192);
        tls = ssl.getSession();
        peerSubject = peerSubject(tls);
        heloName = null;
        extended = false;
        resetTransaction();
        log(MailEvent.of(Type.TLS_ESTABLISHED, "TLS established: " + tls.getProtocol() + " " + tls.getCipherSuite()
                + (peerSubject == null ? ", no client certificate" : ", client certificate " + peerSubject)));
    }

    private static String peerSubject(SSLSession session) {
        try {
            Certificate[] chain = session.getPeerCertificates();
            return chain.length > 0 && chain[0] instanceof X509Certificate x
                    ? x.getSubjectX500Principal().getName() : null;
        } catch (SSLPeerUnverifiedException e) {
            return null;
        }
    }

    /**
     * The spool file being written, with the trace header already in it. Its content stream never
     * throws: the first write failure is kept ({@link #failure()}) and later writes are dropped, so
     * DATA reads the client's data to its end and can answer 451 in step with the client.
     */
    final class Receipt implements AutoCloseable {
        private final MessageStore.Draft draft;
        private final long headerBytes;
        private final OutputStream content;
        private IOException failure;

        private Receipt(MessageStore.Draft draft, long headerBytes) {
            this.draft = draft;
            this.headerBytes = headerBytes;
            OutputStream target = draft.content();
            this.content = new OutputStream() {
                @Override
                public void write(int b) {
                    write(new byte[] {(byte) b}, 0, 1);
                }

                @Override
                public void write(byte[] b, int off, int len) {
                    if (failure != null) {
                        return;
                    }
                    try {
                        target.write(b, off, len);
                    } catch (IOException e) {
                        failure = e;
                    }
                }
            };
        }

        OutputStream content() {
            return content;
        }

        private void write(byte[] bytes) {
            try {
                content.write(bytes);
            } catch (IOException e) {
                failure = e; // not reached: the content stream keeps failures instead of throwing
            }
        }

        /** The first spool write failure, or null. */
        IOException failure() {
            return failure;
        }

        long headerBytes() {
            return headerBytes;
        }

        @Override
        public void close() {
            draft.close();
        }
    }

    /** Starts the spool file; a failure of the spool is a {@link SpoolFailure}, never taken for the client's. */
    Receipt beginMessage() throws SpoolFailure {
        MessageStore.Draft draft;
        try {
            draft = services.store().begin(new Envelope(sender, recipients, Instant.now(), listener.name(), clientIp));
        } catch (IOException e) {
            throw new SpoolFailure(e);
        }
        String received = ReceivedHeader.build(heloName, clientName, clientIp, hostname, protocolKeyword(),
                tls == null ? null : tls.getProtocol(), tls == null ? null : tls.getCipherSuite(), draft.id(),
                recipients.size() == 1 ? recipients.getFirst() : null, Instant.now());
        byte[] header = received.getBytes(StandardCharsets.UTF_8);
        Receipt receipt = new Receipt(draft, header.length);
        receipt.write(header);
        return receipt;
    }

    /**
     * The spool could not store the message: 451 4.3.0 (RFC 3463 "other or undefined mail system
     * status", temporary: the client keeps the message and retries), the cause logged, the
     * transaction reset. The caller throws the draft away, so nothing half-written stays.
     */
    void storageFailed(IOException cause) throws IOException {
        reply("451 4.3.0 Error: queue file write error");
        log(MailEvent.of(Type.MESSAGE_REJECTED, "cannot store the message: " + describe(cause)).sender(sender)
                .recipient(String.join(",", recipients)));
        resetTransaction();
    }

    private static String describe(Throwable e) {
        Throwable root = e instanceof SpoolFailure && e.getCause() != null ? e.getCause() : e;
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }

    /** RFC 3848 / RFC 6531 protocol keyword for the Received header (LIS-9). */
    String protocolKeyword() {
        String base = !extended ? "SMTP" : smtpUtf8 ? "UTF8SMTP" : "ESMTP";
        return tls != null ? base + "S" : base;
    }

    void acceptMessage(Receipt receipt) throws IOException {
        if (receipt.failure() != null) {
            storageFailed(receipt.failure());
            return;
        }
        String queueId;
        try {
            queueId = receipt.draft.commit();
        } catch (IOException e) {
            storageFailed(e);
            return;
        } catch (RuntimeException e) {
            storageFailed(new IOException(e.toString(), e));
            return;
        }
        acceptedMessages++;
        acceptedRecipients += recipients.size();
        // "without delivering mail": a client that delivers starts its error and junk counts afresh
        errors = 0;
        junkCommands = 0;
        recipientOvershoot = 0;
        reply("250 2.0.0 Ok: queued as " + queueId);
        log(MailEvent.of(Type.MESSAGE_ACCEPTED, "accepted with " + protocolKeyword() + " for " + recipients.size()
                + " recipient(s)").messageId(queueId).sender(sender).recipient(String.join(",", recipients)));
        resetTransaction();
    }

    void rejectMessage(String reply, String reason) throws IOException {
        reply(reply);
        log(MailEvent.of(Type.MESSAGE_REJECTED, "message rejected: " + reason).sender(sender)
                .recipient(String.join(",", recipients)));
        resetTransaction();
    }

    void clientVanishedInData() {
        log(MailEvent.of(Type.MESSAGE_REJECTED, "client disconnected during DATA; nothing was queued").sender(sender));
        resetTransaction();
        close();
    }

    private void log(MailEvent.Builder e) {
        MailLog log = services.log();
        e.connection(id).listener(listener.name()).remote(clientIp);
        if (tls != null) {
            e.tls(policy.tls() == InboundTls.REQUIRED ? TlsOutcome.REQUIRED : TlsOutcome.OPPORTUNISTIC).protocol(tls.getProtocol()).cipher(tls.getCipherSuite()).peerSubject(peerSubject);
        } else {
            e.tls(TlsOutcome.NONE);
        }
        log.log(e);
    }
}

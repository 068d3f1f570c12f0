package org.postern.engine.log;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import org.postern.engine.api.MailEvent;
import org.postern.engine.config.SecureFiles;

/**
 * LOG-2: the rotating text mail log, one line per event, in the spirit of Postfix's maillog:
 * {@code mail.log} rotates to {@code mail.log.1} … {@code mail.log.N} at a size limit.
 */
public final class TextLog {

    private final Path file;
    private final long maxBytes;
    private final int keep;
    private BufferedWriter out;
    private long size;

    public TextLog(Path directory, long maxBytes, int keep) {
        this.file = directory.resolve("mail.log");
        this.maxBytes = maxBytes;
        this.keep = keep;
        try {
            SecureFiles.restrictTreeToOwner(directory); // mail addresses and hosts: owner-only, like the keys
            open();
        } catch (IOException e) {
            throw new IllegalStateException("cannot open the mail log " + file + ": " + e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        out = new BufferedWriter(java.nio.channels.Channels.newWriter(SecureFiles.openOwnerOnlyForAppend(file), StandardCharsets.UTF_8));
        size = Files.size(file);
    }

    synchronized void write(List<MailEvent> events) {
        try {
            for (MailEvent e : events) {
                String line = format(e) + "\n";
                out.write(line);
                size += line.getBytes(StandardCharsets.UTF_8).length;
            }
            out.flush();
            if (size >= maxBytes) {
                rotate();
            }
        } catch (IOException e) {
            // the SQLite store still holds the events; nothing else to do here
        }
    }

    private void rotate() throws IOException {
        out.close();
        for (int i = keep - 1; i >= 1; i--) {
            Path from = file.resolveSibling("mail.log." + i);
            if (Files.exists(from)) {
                Files.move(from, file.resolveSibling("mail.log." + (i + 1)), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        Files.move(file, file.resolveSibling("mail.log.1"), StandardCopyOption.REPLACE_EXISTING);
        open();
    }

    /** {@code 2026-11-28T10:00:00Z MESSAGE_ACCEPTED conn=… id=… from=<…> to=<…> tls=… text} */
    public static String format(MailEvent e) {
        StringBuilder sb = new StringBuilder();
        sb.append(e.time()).append(' ').append(e.type());
        field(sb, "conn", e.connection());
        field(sb, "id", e.messageId());
        field(sb, "listener", e.listener());
        field(sb, "client", e.remote());
        field(sb, "from", e.sender() == null ? null : "<" + e.sender() + ">");
        field(sb, "to", e.recipient() == null ? null : "<" + e.recipient() + ">");
        field(sb, "domain", e.domain());
        field(sb, "tls", e.tls() == null ? null : e.tls().name().toLowerCase());
        field(sb, "proto", e.protocol());
        field(sb, "cipher", e.cipher());
        field(sb, "peer", e.peerSubject() == null ? null : "\"" + e.peerSubject() + "\"");
        field(sb, "result", e.resultType());
        sb.append(": ").append(e.text().replace('\n', ' ').replace('\r', ' '));
        return sb.toString();
    }

    private static void field(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append('=').append(value.replace('\n', ' ').replace('\r', ' '));
        }
    }

    synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}

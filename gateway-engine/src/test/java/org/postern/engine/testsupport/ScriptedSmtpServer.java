package org.postern.engine.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A raw-socket SMTP peer that plays a fixed script to one client: each step waits for one
 * command line (or none), then writes its bytes verbatim in a single write, so several replies
 * can share one TCP segment. When the script ends the connection is closed. What the client
 * sent is recorded line by line.
 */
public final class ScriptedSmtpServer implements AutoCloseable {

    /**
     * Wait for one line starting with {@code expect} (null: wait for nothing; ".": skip a message
     * body up to its final dot), then send {@code reply}.
     */
    public record Step(String expect, String reply) {
    }

    private final ServerSocket server;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Thread thread;

    public ScriptedSmtpServer(String address, List<Step> script) throws IOException {
        server = new ServerSocket();
        server.bind(new InetSocketAddress(InetAddress.ofLiteral(address), 0), 5);
        thread = Thread.ofPlatform().daemon().start(() -> play(script));
    }

    public InetSocketAddress address() {
        return (InetSocketAddress) server.getLocalSocketAddress();
    }

    /** The lines the client sent, in order. */
    public List<String> received() {
        return received;
    }

    private void play(List<Step> script) {
        try (Socket s = server.accept()) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            for (Step step : script) {
                if (step.expect() != null) {
                    String line = readLine(in);
                    while (step.expect().equals(".") && line != null && !line.equals(".")) {
                        line = readLine(in); // the message body, up to its final dot
                    }
                    if (line == null || !line.toUpperCase().startsWith(step.expect().toUpperCase())) {
                        return;
                    }
                }
                out.write(step.reply().getBytes(StandardCharsets.US_ASCII));
                out.flush();
            }
            // drain whatever else the client says, then close
            s.setSoTimeout(1000);
            while (readLine(in) != null) {
                // keep recording
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    private String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            if (b == '\n') {
                String l = line.toString(StandardCharsets.ISO_8859_1);
                l = l.endsWith("\r") ? l.substring(0, l.length() - 1) : l;
                received.add(l);
                return l;
            }
            line.write(b);
        }
        return null;
    }

    @Override
    public void close() throws Exception {
        server.close();
        thread.join(5000);
    }
}

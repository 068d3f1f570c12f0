package org.postern.console.testsupport;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.ListenerSpec;

/** Plain SMTP over loopback for the tests, and free loopback ports for their listeners. */
public final class Smtp {

    private Smtp() {
    }

    /** A loopback port nobody listens on right now. */
    public static int freePort() {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", 0));
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Moves every configured listener to a free port, so tests never collide with a real gateway. */
    public static void moveListenersToFreePorts(GatewayApi gateway) {
        java.util.Set<Integer> taken = new java.util.HashSet<>();
        for (ListenerSpec s : gateway.listeners().list()) {
            int port = freePort();
            while (!taken.add(port)) {
                port = freePort(); // the system may hand out a port it just handed out: two listeners cannot share it
            }
            gateway.listeners().update(s.name(), new ListenerSpec(s.name(), s.kind(), s.address(), port,
                    s.defaultDomain(), s.acceptedDomains(), s.maxConnections(), s.acceptQueue(), s.certificate(),
                    s.senderGroups(), s.policies(), s.defaultPolicy()));
        }
    }

    /** Connects, reads the greeting, sends each command and reads its reply; returns every line read. */
    public static List<String> session(int port, String... commands) {
        List<String> lines = new ArrayList<>();
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(10_000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            OutputStream out = socket.getOutputStream();
            readReply(in, lines);
            for (String command : commands) {
                out.write((command + "\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                readReply(in, lines);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    private static void readReply(BufferedReader in, List<String> lines) throws IOException {
        String line;
        do {
            line = in.readLine();
            if (line == null) {
                return;
            }
            lines.add(line);
        } while (line.length() > 3 && line.charAt(3) == '-');
    }
}

package org.postern.engine.testsupport;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;

/**
 * {@code postern run} in its own JVM, as an administrator starts it, with one listener on the
 * given loopback address: JVM-wide TLS settings are then exactly what the engine sets, whatever
 * other tests did in the test JVM before.
 */
public final class EngineProcess implements AutoCloseable {

    private final Process process;
    private final Path output;
    public final String address;
    public final int port;

    private EngineProcess(Process process, Path output, String address, int port) {
        this.process = process;
        this.output = output;
        this.address = address;
        this.port = port;
    }

    /** Configures {@code dataDir} with one listener (TLS {@code tls}, the demo certificate) and runs the engine on it. */
    public static EngineProcess start(Path dataDir, String address, InboundTls tls) throws IOException, InterruptedException {
        return start(dataDir, address, tls, List.of());
    }

    /** As {@link #start(Path, String, InboundTls)}, with extra options for the engine's JVM. */
    public static EngineProcess start(Path dataDir, String address, InboundTls tls, List<String> jvmOptions)
            throws IOException, InterruptedException {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(address))) {
            port = s.getLocalPort();
        }
        try (EmbeddedGateway g = EmbeddedGateway.open(dataDir)) {
            g.listeners().list().forEach(l -> g.listeners().delete(l.name()));
            g.listeners().create(new ListenerSpec("Tls", ListenerKind.PRIVATE, address, port, "example.test",
                    List.of("example.test"), 100, 50, null, List.of(),
                    List.of(new MailFlowPolicy("ACCEPTED", PolicyAction.ACCEPT, tls, 64 * 1024, 5)), "ACCEPTED"));
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = dataDir.resolve("engine.out");
        List<String> command = new java.util.ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED"));
        command.addAll(jvmOptions);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), "org.postern.engine.cli.PosternCli",
                "--data-dir", dataDir.toString(), "run"));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        EngineProcess engine = new EngineProcess(p, output, address, port);
        engine.awaitListening();
        return engine;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("the engine exited: " + Files.readString(output));
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(address, port), 500);
                return;
            } catch (IOException e) {
                Thread.sleep(100);
            }
        }
        close();
        throw new IllegalStateException("the engine did not listen on " + address + ":" + port + ": " + Files.readString(output));
    }

    /** The engine's process id. */
    public long pid() {
        return process.pid();
    }

    /** What the engine printed so far. */
    public String output() throws IOException {
        return Files.readString(output);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(5, TimeUnit.SECONDS);
        }
    }
}

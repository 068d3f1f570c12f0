package org.postern.engine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A server run in the foreground as a child process (e.g. {@code nsd -d}, {@code unbound -d}),
 * its output in a file, ready once its TCP port accepts connections. Stopping it (or the JVM
 * exiting) ends it.
 */
final class ForegroundDaemon implements AutoCloseable {

    private final String name;
    private final Process process;
    private final Path output;
    private final Thread shutdownHook;

    private ForegroundDaemon(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
        this.shutdownHook = new Thread(process::destroyForcibly, name + "-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /**
     * Starts {@code command}, writing its output to {@code output}, and waits until
     * {@code ready} accepts TCP connections; fails with the output when the process exits first or
     * the port does not open within {@code timeout}.
     */
    static ForegroundDaemon start(String name, List<String> command, Path output, InetSocketAddress ready,
                                  Duration timeout) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile())).start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + " (" + command.getFirst() + ")", e);
        }
        ForegroundDaemon d = new ForegroundDaemon(name, p, output);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!accepts(ready)) {
            if (!p.isAlive() || System.nanoTime() > deadline) {
                String why = p.isAlive() ? "does not listen on " + ready + " after " + timeout
                        : "exited with " + p.exitValue();
                d.close();
                throw new IllegalStateException(name + " " + why + "; output:\n" + d.output());
            }
            sleep(20);
        }
        return d;
    }

    private static boolean accepts(InetSocketAddress address) {
        try (Socket s = new Socket()) {
            s.connect(address, 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** What the server wrote so far. */
    String output() {
        try {
            return Files.exists(output) ? Files.readString(output, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            return "(cannot read " + output + ": " + e + ")";
        }
    }

    boolean alive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // the JVM is shutting down already
        }
        if (process.isAlive()) {
            throw new IllegalStateException(name + " (pid " + process.pid() + ") does not stop");
        }
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}

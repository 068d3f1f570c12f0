package org.postern.engine.pki;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Runs an external tool (openssl, keytool) and captures its output; fails the test on timeout. */
public final class Tool {

    public record Result(int exit, String output) {
    }

    private Tool() {
    }

    public static Result run(Path dir, String... command) {
        return run(dir, null, command);
    }

    public static Result run(Path dir, byte[] stdin, String... command) {
        return run(dir, Duration.ofSeconds(60), stdin, command);
    }

    /**
     * Runs {@code command}; output is read and input written on threads of their own, so the
     * timeout holds even when the tool never ends or never closes its output.
     */
    public static Result run(Path dir, Duration timeout, byte[] stdin, String... command) {
        try {
            Process p = new ProcessBuilder(List.of(command)).directory(dir.toFile()).redirectErrorStream(true).start();
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> {
                try {
                    return p.getInputStream().readAllBytes();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }, Executors.newVirtualThreadPerTaskExecutor());
            Thread.ofVirtual().start(() -> {
                try (var in = p.getOutputStream()) {
                    if (stdin != null) {
                        in.write(stdin);
                    }
                } catch (IOException e) {
                    // the tool does not read its input
                }
            });
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " timed out after " + timeout.toMillis() + " ms");
            }
            byte[] output;
            try {
                output = out.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                throw new AssertionError(String.join(" ", command) + " ended but its output stayed open (a child holds it)");
            } catch (ExecutionException e) {
                throw new AssertionError("cannot read the output of " + command[0] + ": " + e.getCause(), e.getCause());
            }
            return new Result(p.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AssertionError("cannot run " + command[0] + " (is it installed?): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    public static String keytool() {
        return Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    }
}

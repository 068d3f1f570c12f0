package org.postern.engine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs programs that resolve through glibc ({@code /etc/resolv.conf}, which names no port) against
 * a resolver of the test's own, without touching the machine's resolver configuration: each
 * command runs in a private mount namespace ({@code unshare -m}) in which a resolv.conf naming the
 * resolver, with {@code options trust-ad} (else glibc clears the AD bit), is bind-mounted over
 * {@code /etc/resolv.conf}. Needs root and util-linux's {@code unshare}; the resolver must listen
 * on port 53.
 */
public final class PrivateResolvConf {

    /** Exit status and combined output of one command. */
    public record Result(int exit, String output) {
    }

    private final Path resolvConf;

    public PrivateResolvConf(Path dir, InetSocketAddress resolver) {
        if (resolver.getPort() != 53) {
            throw new IllegalArgumentException("resolv.conf takes no port: the resolver must listen on port 53, not "
                    + resolver.getPort());
        }
        try {
            Files.createDirectories(dir);
            resolvConf = dir.resolve("resolv.conf");
            Files.writeString(resolvConf, "nameserver " + resolver.getAddress().getHostAddress()
                    + "\noptions trust-ad\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The resolv.conf the commands see. */
    public Path resolvConf() {
        return resolvConf;
    }

    /** Runs {@code command} with the private resolv.conf and the extra environment; fails on timeout. */
    public Result run(Map<String, String> environment, Duration timeout, String... command) {
        List<String> argv = new ArrayList<>(List.of("unshare", "-m", "--", "sh", "-c",
                "mount --bind \"$0\" /etc/resolv.conf && exec \"$@\"", resolvConf.toString()));
        argv.addAll(List.of(command));
        Path out = null;
        try {
            out = Files.createTempFile(resolvConf.getParent(), "cmd", ".out");
            ProcessBuilder pb = new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(out.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(environment);
            Process p = pb.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                p.waitFor(5, TimeUnit.SECONDS);
                throw new IllegalStateException(String.join(" ", command) + " timed out after " + timeout
                        + "; output:\n" + Files.readString(out, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command[0], e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } finally {
            if (out != null) {
                try {
                    Files.deleteIfExists(out);
                } catch (IOException e) {
                    // a temporary file in the test's directory
                }
            }
        }
    }
}

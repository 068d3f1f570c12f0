package org.postern.engine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private Unbound: a validating recursive resolver on one loopback address and port that
 * resolves everything through one authoritative server (a stub zone for the root, e.g. an
 * {@link NsdInstance}) and validates against one trust anchor (e.g.
 * {@link SignedZones#rootTrustAnchorFile()}). Answers it validated carry AD; bogus ones are
 * SERVFAIL. Runs as root in the foreground without chroot. Needs the Debian package {@code unbound}.
 */
public final class UnboundInstance implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/unbound");

    private final InetSocketAddress address;
    private final ForegroundDaemon daemon;

    private UnboundInstance(InetSocketAddress address, ForegroundDaemon daemon) {
        this.address = address;
        this.daemon = daemon;
    }

    /**
     * Starts Unbound on {@code address:port}, sending every query to {@code authority} and validating
     * with the DS or DNSKEY records in {@code trustAnchorFile}. Names under {@code test.} (RFC 6761)
     * are resolved, not blocked.
     */
    public static UnboundInstance start(Path dir, String address, int port, InetSocketAddress authority,
                                        Path trustAnchorFile) {
        try {
            Files.createDirectories(dir);
            String conf = """
                    server:
                      interface: %s
                      port: %d
                      do-ip6: no
                      username: ""
                      chroot: ""
                      directory: "%s"
                      pidfile: "%s"
                      use-syslog: no
                      logfile: ""
                      verbosity: 1
                      val-log-level: 2
                      num-threads: 1
                      access-control: 127.0.0.0/8 allow
                      do-not-query-localhost: no
                      trust-anchor-signaling: no
                      root-key-sentinel: no
                      trust-anchor-file: "%s"
                      local-zone: "test." nodefault
                    stub-zone:
                      name: "."
                      stub-addr: %s@%d
                    remote-control:
                      control-enable: no
                    """.formatted(address, port, dir, dir.resolve("unbound.pid"), trustAnchorFile.toAbsolutePath(),
                    authority.getAddress().getHostAddress(), authority.getPort());
            Path confFile = dir.resolve("unbound.conf");
            Files.writeString(confFile, conf);
            InetSocketAddress listen = new InetSocketAddress(address, port);
            ForegroundDaemon d = ForegroundDaemon.start("unbound",
                    List.of(BINARY.toString(), "-d", "-c", confFile.toString()), dir.resolve("unbound.out"), listen,
                    Duration.ofSeconds(15));
            return new UnboundInstance(listen, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    /** {@code host:port}, as DNS settings take it. */
    public String hostPort() {
        return address.getAddress().getHostAddress() + ":" + address.getPort();
    }

    /** Unbound's log (validation failures show here, val-log-level 2). */
    public String output() {
        return daemon.output();
    }

    @Override
    public void close() {
        daemon.close();
    }
}

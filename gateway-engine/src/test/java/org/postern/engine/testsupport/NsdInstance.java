package org.postern.engine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A private NSD (authoritative DNS server) serving {@link SignedZones} on one loopback address and
 * port, as root without chroot or privilege drop, in the foreground; its configuration, state and
 * log live in the given directory. Needs the Debian package {@code nsd}.
 */
public final class NsdInstance implements AutoCloseable {

    public static final Path BINARY = Path.of("/usr/sbin/nsd");

    private final InetSocketAddress address;
    private final ForegroundDaemon daemon;

    private NsdInstance(InetSocketAddress address, ForegroundDaemon daemon) {
        this.address = address;
        this.daemon = daemon;
    }

    /** Starts NSD on {@code address:port} serving every zone of {@code zones}; returns once it answers on TCP. */
    public static NsdInstance start(Path dir, String address, int port, SignedZones zones) {
        try {
            Files.createDirectories(dir);
            StringBuilder conf = new StringBuilder();
            conf.append("server:\n")
                    .append("  ip-address: ").append(address).append('\n')
                    .append("  port: ").append(port).append('\n')
                    .append("  ip4-only: yes\n")
                    .append("  username: \"\"\n")
                    .append("  chroot: \"\"\n")
                    .append("  database: \"\"\n")
                    .append("  zonesdir: \"").append(dir).append("\"\n")
                    .append("  zonelistfile: \"").append(dir.resolve("zone.list")).append("\"\n")
                    .append("  xfrdfile: \"").append(dir.resolve("xfrd.state")).append("\"\n")
                    .append("  pidfile: \"").append(dir.resolve("nsd.pid")).append("\"\n")
                    .append("  logfile: \"").append(dir.resolve("nsd.log")).append("\"\n")
                    .append("  server-count: 1\n")
                    .append("  verbosity: 1\n")
                    .append("remote-control:\n  control-enable: no\n");
            for (SignedZones.ZoneFile z : zones.zones()) {
                conf.append("zone:\n  name: \"").append(z.name()).append("\"\n  zonefile: \"")
                        .append(z.file().toAbsolutePath()).append("\"\n");
            }
            Path confFile = dir.resolve("nsd.conf");
            Files.writeString(confFile, conf);
            InetSocketAddress listen = new InetSocketAddress(address, port);
            ForegroundDaemon d = ForegroundDaemon.start("nsd", List.of(BINARY.toString(), "-d", "-c", confFile.toString()),
                    dir.resolve("nsd.out"), listen, Duration.ofSeconds(15));
            return new NsdInstance(listen, d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public InetSocketAddress address() {
        return address;
    }

    /** NSD's output (zone load errors show here). */
    public String output() {
        return daemon.output();
    }

    @Override
    public void close() {
        daemon.close();
    }
}

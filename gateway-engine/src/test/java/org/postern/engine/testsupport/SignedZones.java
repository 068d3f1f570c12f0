package org.postern.engine.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.postern.engine.pki.Tool;

/**
 * A DNSSEC hierarchy of its own, signed with ldns ({@code ldns-keygen}, {@code ldns-signzone}),
 * for authoritative servers such as {@link NsdInstance}: a root zone, the TLD {@code test.}
 * delegated from it with a DS record, and zones below {@code test.}, each one of
 * <ul>
 * <li>{@link Security#SIGNED}: signed, DS in {@code test.} — a secure zone;</li>
 * <li>{@link Security#UNSIGNED}: delegated without DS — an insecure zone;</li>
 * <li>{@link Security#BOGUS}: signed with its DS in {@code test.}, but the RRSIGs over the RRsets
 * named with {@link ZoneBuilder#corrupt} are corrupted — answers from them are bogus.</li>
 * </ul>
 * One nameserver address serves every zone ({@code ns.<zone>} glue). Keys are ECDSA P-256
 * (algorithm 13), one combined signing key per zone; signatures are valid from an hour ago for
 * 30 days. A validating resolver takes {@link #rootTrustAnchorFile()} as its trust anchor.
 */
public final class SignedZones {

    /** How a zone below {@code test.} is published. */
    public enum Security { SIGNED, UNSIGNED, BOGUS }

    /** One zone file as served. */
    public record ZoneFile(String name, Security security, Path file) {
    }

    private static final String ALGORITHM = "ECDSAP256SHA256";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT)
            .withZone(ZoneOffset.UTC);

    private final List<ZoneFile> zones;
    private final Path rootAnchor;
    private final String rootDs;

    private SignedZones(List<ZoneFile> zones, Path rootAnchor, String rootDs) {
        this.zones = List.copyOf(zones);
        this.rootAnchor = rootAnchor;
        this.rootDs = rootDs;
    }

    public static Builder builder(String nameserverAddress) {
        return new Builder(nameserverAddress);
    }

    /** The zone files, root first, to be served. */
    public List<ZoneFile> zones() {
        return zones;
    }

    /** A file with the root's DS record, e.g. for Unbound's {@code trust-anchor-file}. */
    public Path rootTrustAnchorFile() {
        return rootAnchor;
    }

    /** The root's DS record in master-file syntax ({@code ". 300 IN DS …"}). */
    public String rootDs() {
        return rootDs;
    }

    public static final class Builder {
        private final String nameserver;
        private final Map<String, ZoneBuilder> children = new LinkedHashMap<>();

        private Builder(String nameserverAddress) {
            this.nameserver = nameserverAddress;
        }

        /** A zone directly below {@code test.}, e.g. {@code dane.test}. */
        public ZoneBuilder zone(String name, Security security) {
            String n = absolute(name);
            if (!n.endsWith(".test.") || n.substring(0, n.length() - ".test.".length()).contains(".")) {
                throw new IllegalArgumentException("a zone directly below test. is expected: " + name);
            }
            if (children.containsKey(n)) {
                throw new IllegalArgumentException("zone " + n + " defined twice");
            }
            ZoneBuilder z = new ZoneBuilder(n, security);
            children.put(n, z);
            return z;
        }

        /** Writes, signs (and corrupts) every zone under {@code dir}. */
        public SignedZones build(Path dir) {
            try {
                Files.createDirectories(dir);
                List<ZoneFile> files = new ArrayList<>();
                StringBuilder tld = new StringBuilder(header("test.", nameserver));
                for (ZoneBuilder z : children.values()) {
                    String label = z.name.substring(0, z.name.length() - ".test.".length());
                    tld.append(label).append(" NS ns.").append(label).append('\n');
                    tld.append("ns.").append(label).append(" A ").append(nameserver).append('\n');
                    StringBuilder text = new StringBuilder(header(z.name, nameserver));
                    z.records.forEach(r -> text.append(r).append('\n'));
                    Path unsigned = write(dir, z.name, text);
                    if (z.security == Security.UNSIGNED) {
                        files.add(new ZoneFile(z.name, z.security, unsigned));
                        continue;
                    }
                    Signed s = sign(dir, z.name, unsigned);
                    tld.append(s.ds).append('\n');
                    if (z.security == Security.BOGUS) {
                        corrupt(s.file, z.name, z.corrupt);
                    }
                    files.add(new ZoneFile(z.name, z.security, s.file));
                }
                Signed test = sign(dir, "test.", write(dir, "test.", tld));
                StringBuilder root = new StringBuilder(header(".", nameserver));
                root.append("test. NS ns.test.\nns.test. A ").append(nameserver).append('\n').append(test.ds).append('\n');
                Signed signedRoot = sign(dir, ".", write(dir, ".", root));
                files.add(0, new ZoneFile("test.", Security.SIGNED, test.file));
                files.add(0, new ZoneFile(".", Security.SIGNED, signedRoot.file));
                Path anchor = dir.resolve("root.ds");
                Files.writeString(anchor, signedRoot.ds + "\n");
                return new SignedZones(files, anchor, signedRoot.ds);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The records of one zone below {@code test.}; SOA, NS and the nameserver's glue are added. */
    public static final class ZoneBuilder {
        private final String name;
        private final Security security;
        private final List<String> records = new ArrayList<>();
        private final Set<String> corrupt = new LinkedHashSet<>();

        private ZoneBuilder(String name, Security security) {
            this.name = name;
            this.security = security;
        }

        /** A record: owner relative to the zone ({@code @} for the apex), type and data in master-file syntax. */
        public ZoneBuilder record(String owner, String type, String data) {
            records.add(owner + " " + type + " " + data);
            return this;
        }

        /** A mail domain {@code owner.zone} whose single MX is itself, at {@code address}. */
        public ZoneBuilder mailHost(String owner, String address) {
            return record(owner, "MX", "10 " + owner).record(owner, "A", address);
        }

        /** TLSA for {@code _port._tcp.owner}, e.g. {@code tlsa("mx", 25, "3 1 1 ab12…")}. */
        public ZoneBuilder tlsa(String owner, int port, String data) {
            return record("_" + port + "._tcp." + owner, "TLSA", data);
        }

        /** A BOGUS zone's RRSIGs over {@code type} at {@code owner} (relative) are corrupted. */
        public ZoneBuilder corrupt(String owner, String type) {
            if (security != Security.BOGUS) {
                throw new IllegalStateException("only a BOGUS zone has corrupted signatures: " + name);
            }
            corrupt.add(absoluteIn(owner, name).toLowerCase(Locale.ROOT) + " " + type.toUpperCase(Locale.ROOT));
            return this;
        }

        /** The absolute name of {@code owner} in this zone. */
        public String name(String owner) {
            return absoluteIn(owner, name);
        }
    }

    private record Signed(Path file, String ds) {
    }

    private static String header(String zone, String nameserver) {
        String ns = zone.equals(".") ? "ns." : "ns." + zone;
        return "$ORIGIN " + zone + "\n$TTL 300\n"
                + "@ SOA " + ns + " hostmaster." + (zone.equals(".") ? "" : zone) + " 1 3600 600 86400 300\n"
                + "@ NS " + ns + "\n"
                + ns + " A " + nameserver + "\n";
    }

    private static Path write(Path dir, String zone, CharSequence text) throws IOException {
        Path f = dir.resolve(fileName(zone) + ".zone");
        Files.writeString(f, text, StandardCharsets.US_ASCII);
        return f;
    }

    private static String fileName(String zone) {
        return zone.equals(".") ? "root" : zone.substring(0, zone.length() - 1);
    }

    private static Signed sign(Path dir, String zone, Path unsigned) throws IOException {
        Tool.Result key = Tool.run(dir, "ldns-keygen", "-a", ALGORITHM, "-k", "-r", "/dev/urandom", zone);
        if (key.exit() != 0) {
            throw new IllegalStateException("ldns-keygen for " + zone + " failed: " + key.output());
        }
        String base = key.output().strip();
        Instant now = Instant.now();
        Path signed = dir.resolve(fileName(zone) + ".zone.signed");
        Tool.Result s = Tool.run(dir, "ldns-signzone", "-i", STAMP.format(now.minus(Duration.ofHours(1))),
                "-e", STAMP.format(now.plus(Duration.ofDays(30))), "-o", zone, "-f", signed.toString(),
                unsigned.toString(), base);
        if (s.exit() != 0) {
            throw new IllegalStateException("ldns-signzone for " + zone + " failed: " + s.output());
        }
        String ds = Files.readString(dir.resolve(base + ".ds")).strip();
        return new Signed(signed, ds);
    }

    /** Flips bits in the signature of every RRSIG covering one of {@code targets} ("owner TYPE"). */
    private static void corrupt(Path signed, String zone, Set<String> targets) throws IOException {
        List<String> out = new ArrayList<>();
        Set<String> done = new LinkedHashSet<>();
        for (String line : Files.readAllLines(signed, StandardCharsets.US_ASCII)) {
            String[] f = line.trim().split("\\s+");
            // owner ttl class RRSIG covered alg labels ttl expire incept tag signer signature
            if (f.length >= 13 && f[3].equals("RRSIG")) {
                String target = f[0].toLowerCase(Locale.ROOT) + " " + f[4].toUpperCase(Locale.ROOT);
                if (targets.contains(target)) {
                    byte[] sig = Base64.getDecoder().decode(f[12]);
                    sig[sig.length / 2] ^= 0x5a;
                    f[12] = Base64.getEncoder().encodeToString(sig);
                    line = String.join("\t", f);
                    done.add(target);
                }
            }
            out.add(line);
        }
        if (!done.equals(targets)) {
            Set<String> missing = new LinkedHashSet<>(targets);
            missing.removeAll(done);
            throw new IllegalStateException("no RRSIG to corrupt in " + zone + " for " + missing);
        }
        Files.write(signed, out, StandardCharsets.US_ASCII);
    }

    private static String absolute(String name) {
        return name.endsWith(".") ? name : name + ".";
    }

    private static String absoluteIn(String owner, String zone) {
        if (owner.equals("@")) {
            return zone;
        }
        return owner.endsWith(".") ? owner : owner + "." + zone;
    }
}

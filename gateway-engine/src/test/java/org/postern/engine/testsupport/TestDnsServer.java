package org.postern.engine.testsupport;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.DSRecord;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Header;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.NSRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Opcode;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/**
 * An in-process DNS server for tests: serves zones over UDP and TCP on 127.0.0.1.
 *
 * <p>It answers like a recursive resolver that happens to hold every zone it serves: a query is
 * answered from the deepest served zone containing the name (DS from the parent side of a cut),
 * CNAMEs are chased across served zones, delegations to served children are followed, and a
 * delegation to a zone it does not serve is returned as a referral. Negative answers carry the
 * SOA; NXDOMAIN versus NODATA (empty non-terminals included) follows RFC 4035 §3.1.3.
 *
 * <p>Zones may be signed (RFC 4033–4035): a KSK (flags 257) signs the DNSKEY RRset, a ZSK (256)
 * signs every other authoritative RRset, with ECDSA P-256/SHA-256 (algorithm 13); an NSEC chain
 * gives authenticated denial; the parent holds the child's DS (SHA-256) unless told not to.
 * RRSIGs and NSECs are sent only when the query sets DO. A bogus zone is signed and has its DS in
 * the parent, but every RRSIG except the DNSKEY RRset's is corrupted.
 *
 * <p>{@link Builder#actAsValidatingResolver} makes the server set AD on answers from zones with a
 * secure chain from the root (as a validating resolver would, when the query has DO or AD) and
 * answer SERVFAIL with extended DNS error 6 (DNSSEC Bogus) for data from bogus zones, unless the
 * query sets CD.
 *
 * <p>Not supported: wildcards, DNAME, NSEC3, zone transfers, updates.
 *
 * <pre>{@code
 * try (TestDnsServer dns = TestDnsServer.builder()
 *         .zone(".", true)
 *         .zone("test.", true)
 *         .zone("example.test.", true, "@ MX 10 mx1", "mx1 A 127.0.0.1",
 *               "_25._tcp.mx1 TLSA 3 1 1 8d02…")
 *         .zone("plain.test.", false, "@ MX 10 mail", "mail A 127.0.0.1")
 *         .bogusZone("bad.test.", "@ MX 10 mail", "mail A 127.0.0.1")
 *         .start()) {
 *     DnsResolver r = new DnsjavaResolver(DnsSettings.of(Mode.VALIDATE, dns.hostPort())
 *             .withTrustAnchors(List.of(dns.rootTrustAnchor())));
 *     ...
 * }
 * }</pre>
 * Each zone gets an SOA, an NS {@code ns.<origin>} with address 127.0.0.1 unless its records
 * give them; a served zone is delegated from its closest served ancestor (NS, glue, DS).
 */
public final class TestDnsServer implements AutoCloseable {

    /** One query as received. */
    public record Query(boolean tcp, String name, int type, boolean dnssecOk, boolean ad, boolean cd) {
    }

    /** A zone to serve; records in master-file syntax relative to the origin. */
    public record ZoneSpec(String origin, boolean signed, boolean bogus, boolean dsInParent, List<String> records) {
        public ZoneSpec {
            records = List.copyOf(records);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<ZoneSpec> zones = new ArrayList<>();
        private final Set<String> servfail = new HashSet<>();
        private final Set<String> silent = new HashSet<>();
        private int port;
        private int maxUdpPayload = 1232;
        private boolean validating;
        private long ttl = 300;

        /** Port on 127.0.0.1; 0 (default) for an ephemeral port. */
        public Builder port(int p) {
            this.port = p;
            return this;
        }

        /** Largest UDP answer, whatever the client's EDNS size (at least 512); default 1232. */
        public Builder maxUdpPayload(int bytes) {
            this.maxUdpPayload = Math.max(512, bytes);
            return this;
        }

        /** Default TTL of the zone records. */
        public Builder ttl(long seconds) {
            this.ttl = seconds;
            return this;
        }

        /** Set AD / answer SERVFAIL for bogus data, as a validating resolver would. */
        public Builder actAsValidatingResolver(boolean on) {
            this.validating = on;
            return this;
        }

        /** Serves {@code origin}; {@code records} like {@code "@ MX 10 mx1"} or {@code "mx1 A 192.0.2.1"}. */
        public Builder zone(String origin, boolean signed, String... records) {
            return zone(new ZoneSpec(origin, signed, false, true, List.of(records)));
        }

        /** A signed zone whose DS is in the parent but whose RRSIGs do not verify. */
        public Builder bogusZone(String origin, String... records) {
            return zone(new ZoneSpec(origin, true, true, true, List.of(records)));
        }

        public Builder zone(ZoneSpec spec) {
            zones.add(spec);
            return this;
        }

        /** Answer SERVFAIL for this name and every name below it. */
        public Builder servfail(String name) {
            servfail.add(absolute(name));
            return this;
        }

        /** Never answer queries for this name or names below it (client timeouts). */
        public Builder silent(String name) {
            silent.add(absolute(name));
            return this;
        }

        public TestDnsServer start() {
            try {
                return new TestDnsServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    // ------------------------------------------------------------------ zones

    private static final int ALG = DNSSEC.Algorithm.ECDSAP256SHA256;

    private static final class Served {
        final Name origin;
        final ZoneSpec spec;
        final List<Record> records = new ArrayList<>();
        Zone zone;
        DNSKEYRecord ksk;
        DNSKEYRecord zsk;
        KeyPair kskPair;
        KeyPair zskPair;
        Served parent;
        /** Owner names of the NSEC chain (authoritative names and delegation points), canonical order. */
        final TreeSet<Name> owners = new TreeSet<>();
        final Set<Name> cuts = new HashSet<>();
        boolean secureChain;
        boolean bogusChain;

        Served(ZoneSpec spec) throws TextParseException {
            this.spec = spec;
            this.origin = Name.fromString(absolute(spec.origin()));
        }

        boolean signed() {
            return spec.signed();
        }
    }

    private final Map<Name, Served> zones = new LinkedHashMap<>();
    private final Set<Name> servfail = new HashSet<>();
    private final Set<Name> silent = new HashSet<>();
    private final int maxUdpPayload;
    private final boolean validating;
    private final DatagramSocket udp;
    private final ServerSocket tcp;
    private final Set<Socket> connections = Collections.newSetFromMap(new java.util.concurrent.ConcurrentHashMap<>());
    private final ConcurrentLinkedQueue<Query> queries = new ConcurrentLinkedQueue<>();
    private final AtomicInteger udpCount = new AtomicInteger();
    private final AtomicInteger tcpCount = new AtomicInteger();
    private volatile boolean closed;

    private TestDnsServer(Builder b) throws IOException {
        this.maxUdpPayload = b.maxUdpPayload;
        this.validating = b.validating;
        for (String s : b.servfail) {
            servfail.add(Name.fromString(s));
        }
        for (String s : b.silent) {
            silent.add(Name.fromString(s));
        }
        buildZones(b);

        DatagramSocket u = null;
        ServerSocket t = null;
        IOException last = null;
        for (int attempt = 0; attempt < 20 && t == null; attempt++) {
            try {
                u = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), b.port));
                t = new ServerSocket();
                t.setReuseAddress(true);
                t.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), u.getLocalPort()), 50);
            } catch (IOException e) {
                last = e;
                if (u != null) {
                    u.close();
                }
                if (t != null) {
                    t.close();
                }
                u = null;
                t = null;
                if (b.port != 0) {
                    break;
                }
            }
        }
        if (t == null) {
            throw last;
        }
        this.udp = u;
        this.tcp = t;
        Thread.ofPlatform().daemon().name("test-dns-udp-" + port()).start(this::udpLoop);
        Thread.ofPlatform().daemon().name("test-dns-tcp-" + port()).start(this::tcpLoop);
    }

    private void buildZones(Builder b) throws IOException {
        for (ZoneSpec spec : b.zones) {
            Served z = new Served(spec);
            if (zones.put(z.origin, z) != null) {
                throw new IllegalArgumentException("zone given twice: " + z.origin);
            }
            StringBuilder text = new StringBuilder("$TTL ").append(b.ttl).append('\n');
            for (String r : spec.records()) {
                text.append(r).append('\n');
            }
            try (Master m = new Master(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                    z.origin, b.ttl)) {
                Record r;
                while ((r = m.nextRecord()) != null) {
                    if (!r.getName().subdomain(z.origin)) {
                        throw new IllegalArgumentException(r.getName() + " is outside zone " + z.origin);
                    }
                    z.records.add(r);
                }
            }
            Name ns = Name.concatenate(Name.fromConstantString("ns"), z.origin);
            if (z.records.stream().noneMatch(r -> r.getType() == Type.SOA)) {
                z.records.add(new SOARecord(z.origin, DClass.IN, b.ttl, ns,
                        Name.concatenate(Name.fromConstantString("hostmaster"), z.origin),
                        1, 3600, 600, 86400, b.ttl));
            }
            if (z.records.stream().noneMatch(r -> r.getType() == Type.NS && r.getName().equals(z.origin))) {
                z.records.add(new NSRecord(z.origin, DClass.IN, b.ttl, ns));
                if (z.records.stream().noneMatch(r -> r.getName().equals(ns))) {
                    z.records.add(Record.fromString(ns, Type.A, DClass.IN, b.ttl, "127.0.0.1", Name.root));
                }
            }
            if (spec.signed()) {
                z.kskPair = newKeyPair();
                z.zskPair = newKeyPair();
                try {
                    z.ksk = new DNSKEYRecord(z.origin, DClass.IN, b.ttl, 257, 3, ALG, z.kskPair.getPublic());
                    z.zsk = new DNSKEYRecord(z.origin, DClass.IN, b.ttl, 256, 3, ALG, z.zskPair.getPublic());
                } catch (DNSSEC.DNSSECException e) {
                    throw new IllegalStateException(e);
                }
                z.records.add(z.ksk);
                z.records.add(z.zsk);
            }
        }
        // delegations from each zone's closest served ancestor
        for (Served child : zones.values()) {
            child.parent = closestAncestor(child.origin);
            if (child.parent == null) {
                continue;
            }
            List<Record> p = child.parent.records;
            for (Record r : child.records) {
                if (r.getType() == Type.NS && r.getName().equals(child.origin)) {
                    p.add(r);
                    Name target = ((NSRecord) r).getTarget();
                    if (target.subdomain(child.origin)) {
                        for (Record g : child.records) {
                            if (g.getName().equals(target) && (g.getType() == Type.A || g.getType() == Type.AAAA)) {
                                p.add(g); // glue, occluded in the parent
                            }
                        }
                    }
                }
            }
            if (child.signed() && child.spec.dsInParent()) {
                p.add(new DSRecord(child.origin, DClass.IN, b.ttl, DNSSEC.Digest.SHA256, child.ksk));
            }
        }
        for (Served z : zones.values()) {
            finish(z);
        }
        List<Served> topDown = new ArrayList<>(zones.values());
        topDown.sort(java.util.Comparator.comparingInt(z -> z.origin.labels()));
        for (Served z : topDown) {
            z.secureChain = z.signed() && !z.spec.bogus() && (z.parent == null
                    ? z.origin.equals(Name.root)
                    : z.parent.secureChain && z.spec.dsInParent());
            z.bogusChain = z.signed() && z.spec.bogus() && (z.parent == null
                    ? z.origin.equals(Name.root)
                    : z.parent.secureChain && z.spec.dsInParent());
        }
    }

    private Served closestAncestor(Name name) {
        for (int labels = name.labels() - 1; labels >= 1; labels--) {
            Served s = zones.get(new Name(name, name.labels() - labels));
            if (s != null) {
                return s;
            }
        }
        return null;
    }

    /** Finds cuts and the NSEC chain, signs, and builds the dnsjava Zone. */
    private static void finish(Served z) throws IOException {
        TreeMap<Name, TreeMap<Integer, List<Record>>> byName = new TreeMap<>();
        for (Record r : z.records) {
            byName.computeIfAbsent(r.getName(), n -> new TreeMap<>())
                    .computeIfAbsent(r.getType(), t -> new ArrayList<>()).add(r);
        }
        for (Map.Entry<Name, TreeMap<Integer, List<Record>>> e : byName.entrySet()) {
            if (!e.getKey().equals(z.origin) && e.getValue().containsKey(Type.NS)) {
                z.cuts.add(e.getKey());
            }
        }
        for (Name n : byName.keySet()) {
            if (!occluded(z, n)) {
                z.owners.add(n);
            }
        }
        List<Record> all = new ArrayList<>(z.records);
        if (z.signed()) {
            SOARecord soa = (SOARecord) byName.get(z.origin).get(Type.SOA).get(0);
            long nsecTtl = Math.min(soa.getTTL(), soa.getMinimum());
            List<Name> chain = new ArrayList<>(z.owners);
            for (int i = 0; i < chain.size(); i++) {
                Name owner = chain.get(i);
                Name next = chain.get((i + 1) % chain.size());
                TreeSet<Integer> types = new TreeSet<>();
                for (int t : byName.get(owner).keySet()) {
                    if (!z.cuts.contains(owner) || t == Type.NS || t == Type.DS) {
                        types.add(t);
                    }
                }
                types.add(Type.NSEC);
                types.add(Type.RRSIG);
                NSECRecord nsec = new NSECRecord(owner, DClass.IN, nsecTtl, next,
                        types.stream().mapToInt(Integer::intValue).toArray());
                all.add(nsec);
                byName.get(owner).put(Type.NSEC, List.of(nsec));
            }
            Instant now = Instant.now();
            Instant inception = now.minus(Duration.ofHours(1));
            Instant expiration = now.plus(Duration.ofDays(30));
            for (Name owner : z.owners) {
                for (Map.Entry<Integer, List<Record>> e : byName.get(owner).entrySet()) {
                    int type = e.getKey();
                    if (z.cuts.contains(owner) && type != Type.DS && type != Type.NSEC) {
                        continue; // delegation NS (and glue) are not signed by the parent
                    }
                    RRset set = new RRset();
                    e.getValue().forEach(set::addRR);
                    boolean keySet = type == Type.DNSKEY;
                    RRSIGRecord sig;
                    try {
                        sig = DNSSEC.sign(set, keySet ? z.ksk : z.zsk,
                                (keySet ? z.kskPair : z.zskPair).getPrivate(), inception, expiration);
                    } catch (DNSSEC.DNSSECException ex) {
                        throw new IllegalStateException("cannot sign " + owner + "/" + Type.string(type), ex);
                    }
                    if (z.spec.bogus() && !keySet) {
                        sig = corrupt(sig);
                    }
                    all.add(sig); // after the data: Zone files RRSIGs with the RRset they cover
                }
            }
        }
        z.zone = new Zone(z.origin, all.toArray(new Record[0]));
    }

    private static boolean occluded(Served z, Name n) {
        for (Name cut : z.cuts) {
            if (!n.equals(cut) && n.subdomain(cut)) {
                return true;
            }
        }
        return false;
    }

    private static RRSIGRecord corrupt(RRSIGRecord s) {
        byte[] sig = s.getSignature().clone();
        sig[sig.length / 2] ^= 0x5a;
        return new RRSIGRecord(s.getName(), s.getDClass(), s.getTTL(), s.getTypeCovered(), s.getAlgorithm(),
                s.getOrigTTL(), s.getExpire(), s.getTimeSigned(), s.getFootprint(), s.getSigner(), sig);
    }

    private static KeyPair newKeyPair() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp256r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String absolute(String name) {
        String n = name.trim();
        return n.endsWith(".") ? n : n + ".";
    }

    // ------------------------------------------------------------------ accessors

    public int port() {
        return udp.getLocalPort();
    }

    public InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port());
    }

    /** {@code 127.0.0.1:port}, as {@code DnsSettings.parseServer} takes it. */
    public String hostPort() {
        return InetAddress.getLoopbackAddress().getHostAddress() + ":" + port();
    }

    /** The root zone's DS record (master-file line): the trust anchor of this server's hierarchy. */
    public String rootTrustAnchor() {
        return trustAnchor(".");
    }

    /** DS record (master-file line) of the KSK of a signed zone served here. */
    public String trustAnchor(String zone) {
        Served z = signedZone(zone);
        return new DSRecord(z.origin, DClass.IN, z.ksk.getTTL(), DNSSEC.Digest.SHA256, z.ksk).toString();
    }

    /** The KSK of a signed zone as a DNSKEY trust anchor (master-file line). */
    public String dnskeyTrustAnchor(String zone) {
        return signedZone(zone).ksk.toString();
    }

    private Served signedZone(String zone) {
        Served z;
        try {
            z = zones.get(Name.fromString(absolute(zone)));
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
        if (z == null || !z.signed()) {
            throw new IllegalArgumentException("no signed zone " + zone);
        }
        return z;
    }

    /** The served zone, as dnsjava's Zone (with DNSSEC records when signed). */
    public Zone zone(String origin) {
        try {
            Served z = zones.get(Name.fromString(absolute(origin)));
            return z == null ? null : z.zone;
        } catch (TextParseException e) {
            throw new IllegalArgumentException(e);
        }
    }

    public List<Query> queries() {
        return List.copyOf(queries);
    }

    public int udpQueries() {
        return udpCount.get();
    }

    public int tcpQueries() {
        return tcpCount.get();
    }

    public void clearQueries() {
        queries.clear();
        udpCount.set(0);
        tcpCount.set(0);
    }

    @Override
    public void close() {
        closed = true;
        udp.close();
        try {
            tcp.close();
        } catch (IOException e) {
            // closing anyway
        }
        for (Socket s : connections) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    // ------------------------------------------------------------------ transport

    private void udpLoop() {
        byte[] buf = new byte[65535];
        while (!closed) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                udp.receive(p);
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            byte[] data = Arrays.copyOf(p.getData(), p.getLength());
            InetSocketAddress from = (InetSocketAddress) p.getSocketAddress();
            Thread.ofVirtual().start(() -> {
                byte[] out = handle(data, false);
                if (out != null) {
                    try {
                        udp.send(new DatagramPacket(out, out.length, from));
                    } catch (IOException e) {
                        // client gone
                    }
                }
            });
        }
    }

    private void tcpLoop() {
        while (!closed) {
            Socket s;
            try {
                s = tcp.accept();
            } catch (IOException e) {
                if (closed) {
                    return;
                }
                continue;
            }
            connections.add(s);
            Thread.ofVirtual().start(() -> serveTcp(s));
        }
    }

    private void serveTcp(Socket s) {
        try (s) {
            s.setSoTimeout(10_000);
            DataInputStream in = new DataInputStream(s.getInputStream());
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            while (!closed) {
                int len;
                try {
                    len = in.readUnsignedShort();
                } catch (EOFException e) {
                    return;
                }
                byte[] data = in.readNBytes(len);
                if (data.length < len) {
                    return;
                }
                byte[] answer = handle(data, true);
                if (answer != null) {
                    out.writeShort(answer.length);
                    out.write(answer);
                    out.flush();
                }
            }
        } catch (SocketException e) {
            // closed
        } catch (IOException e) {
            // client gone
        } finally {
            connections.remove(s);
        }
    }

    /** Wire query in, wire answer out (null: no answer). */
    private byte[] handle(byte[] data, boolean overTcp) {
        Message query;
        try {
            query = new Message(data);
        } catch (IOException e) {
            if (data.length < Header.LENGTH) {
                return null;
            }
            Message err = new Message(((data[0] & 0xff) << 8) | (data[1] & 0xff));
            err.getHeader().setFlag(Flags.QR);
            err.getHeader().setRcode(Rcode.FORMERR);
            return err.toWire(512);
        }
        Record q = query.getQuestion();
        OPTRecord qopt = query.getOPT();
        boolean dnssecOk = qopt != null && (qopt.getFlags() & ExtendedFlags.DO) != 0;
        if (q != null) {
            queries.add(new Query(overTcp, q.getName().toString(), q.getType(), dnssecOk,
                    query.getHeader().getFlag(Flags.AD), query.getHeader().getFlag(Flags.CD)));
            (overTcp ? tcpCount : udpCount).incrementAndGet();
            if (under(q.getName(), silent)) {
                return null;
            }
        }
        Message resp = respond(query, q, dnssecOk);
        int max = 65535;
        if (!overTcp) {
            max = qopt == null ? 512 : Math.max(512, Math.min(qopt.getPayloadSize(), maxUdpPayload));
        }
        return resp.toWire(max);
    }

    private static boolean under(Name n, Set<Name> roots) {
        for (Name r : roots) {
            if (n.subdomain(r)) {
                return true;
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ answers

    private Message respond(Message query, Record q, boolean dnssecOk) {
        Message resp = new Message(query.getHeader().getID());
        Header h = resp.getHeader();
        h.setFlag(Flags.QR);
        h.setOpcode(query.getHeader().getOpcode());
        if (query.getHeader().getFlag(Flags.RD)) {
            h.setFlag(Flags.RD);
        }
        h.setFlag(Flags.RA);
        boolean cd = query.getHeader().getFlag(Flags.CD);
        if (cd) {
            h.setFlag(Flags.CD);
        }
        OPTRecord qopt = query.getOPT();
        if (q == null) {
            h.setRcode(Rcode.FORMERR);
            return resp;
        }
        resp.addRecord(q, Section.QUESTION);
        if (query.getHeader().getOpcode() != Opcode.QUERY || q.getType() == Type.ANY
                || q.getType() == Type.AXFR || q.getType() == Type.IXFR) {
            h.setRcode(Rcode.NOTIMP);
            addOpt(resp, qopt, dnssecOk, null);
            return resp;
        }
        if (under(q.getName(), servfail)) {
            h.setRcode(Rcode.SERVFAIL);
            addOpt(resp, qopt, dnssecOk, null);
            return resp;
        }
        Set<Served> involved = new LinkedHashSet<>();
        answer(resp, q.getName(), q.getType(), dnssecOk, involved, 0);
        ExtendedErrorCodeOption ede = null;
        if (validating && !cd && involved.stream().anyMatch(z -> z.bogusChain)) {
            Served bad = involved.stream().filter(z -> z.bogusChain).findFirst().orElseThrow();
            resp = new Message(query.getHeader().getID());
            resp.getHeader().setFlag(Flags.QR);
            resp.getHeader().setFlag(Flags.RA);
            if (query.getHeader().getFlag(Flags.RD)) {
                resp.getHeader().setFlag(Flags.RD);
            }
            resp.getHeader().setRcode(Rcode.SERVFAIL);
            resp.addRecord(q, Section.QUESTION);
            ede = new ExtendedErrorCodeOption(ExtendedErrorCodeOption.DNSSEC_BOGUS,
                    "signature of " + bad.origin + " data does not verify");
        } else if (validating && !cd && !involved.isEmpty()
                && (dnssecOk || query.getHeader().getFlag(Flags.AD))
                && involved.stream().allMatch(z -> z.secureChain)) {
            resp.getHeader().setFlag(Flags.AD);
        }
        addOpt(resp, qopt, dnssecOk, ede);
        return resp;
    }

    private void addOpt(Message resp, OPTRecord qopt, boolean dnssecOk, ExtendedErrorCodeOption ede) {
        if (qopt == null) {
            return;
        }
        int flags = dnssecOk ? ExtendedFlags.DO : 0;
        OPTRecord opt = ede == null
                ? new OPTRecord(maxUdpPayload, 0, 0, flags)
                : new OPTRecord(maxUdpPayload, 0, 0, flags, ede);
        resp.addRecord(opt, Section.ADDITIONAL);
    }

    /** The zone to answer from: the deepest served zone holding the name; DS from the parent side. */
    private Served zoneFor(Name qname, int qtype) {
        for (int labels = qname.labels(); labels >= 1; labels--) {
            Name n = labels == qname.labels() ? qname : new Name(qname, qname.labels() - labels);
            Served s = zones.get(n);
            if (s == null) {
                continue;
            }
            if (qtype == Type.DS && n.equals(qname) && s.parent != null) {
                return s.parent;
            }
            return s;
        }
        return null;
    }

    private void answer(Message resp, Name qname, int qtype, boolean dnssec, Set<Served> involved, int depth) {
        Served z = zoneFor(qname, qtype);
        if (z == null) {
            if (depth == 0) {
                resp.getHeader().setRcode(Rcode.REFUSED);
            }
            return;
        }
        involved.add(z);
        boolean sign = dnssec && z.signed();
        Zone zone = z.zone;

        Name cut = cutAbove(z, qname);
        if (cut != null && !(cut.equals(qname) && qtype == Type.DS)) {
            // referral to a zone not served here
            add(resp, zone.findExactMatch(cut, Type.NS), Section.AUTHORITY, false);
            if (sign) {
                RRset ds = zone.findExactMatch(cut, Type.DS);
                add(resp, ds != null ? ds : zone.findExactMatch(cut, Type.NSEC), Section.AUTHORITY, true);
            }
            for (Record r : zone.findExactMatch(cut, Type.NS).rrs()) {
                Name target = ((NSRecord) r).getTarget();
                add(resp, zone.findExactMatch(target, Type.A), Section.ADDITIONAL, false);
                add(resp, zone.findExactMatch(target, Type.AAAA), Section.ADDITIONAL, false);
            }
            return;
        }
        if (depth == 0) {
            resp.getHeader().setFlag(Flags.AA);
        }
        RRset set = zone.findExactMatch(qname, qtype);
        if (set != null) {
            add(resp, set, Section.ANSWER, sign);
            if (qtype == Type.MX) {
                for (Record r : set.rrs()) {
                    additionalAddresses(resp, ((MXRecord) r).getTarget(), dnssec);
                }
            }
            return;
        }
        if (qtype != Type.CNAME) {
            RRset cname = zone.findExactMatch(qname, Type.CNAME);
            if (cname != null) {
                add(resp, cname, Section.ANSWER, sign);
                if (depth < 8) {
                    answer(resp, ((CNAMERecord) cname.first()).getTarget(), qtype, dnssec, involved, depth + 1);
                }
                return;
            }
        }
        RRset soa = negativeSoa(zone);
        resp.getHeader().setRcode(Rcode.NOERROR);
        boolean node = z.owners.contains(qname);
        Name after = z.owners.higher(qname);
        boolean emptyNonTerminal = !node && after != null && after.subdomain(qname);
        if (node || emptyNonTerminal) {
            add(resp, soa, Section.AUTHORITY, sign);
            if (sign) {
                add(resp, zone.findExactMatch(node ? qname : z.owners.lower(qname), Type.NSEC), Section.AUTHORITY, true);
            }
            return;
        }
        resp.getHeader().setRcode(Rcode.NXDOMAIN);
        add(resp, soa, Section.AUTHORITY, sign);
        if (sign) {
            Name covering = z.owners.lower(qname);
            add(resp, zone.findExactMatch(covering, Type.NSEC), Section.AUTHORITY, true);
            Name encloser = closestEncloser(z, qname);
            try {
                Name wildcard = Name.concatenate(Name.fromConstantString("*"), encloser);
                Name wcCovering = z.owners.lower(wildcard);
                if (!wcCovering.equals(covering)) {
                    add(resp, zone.findExactMatch(wcCovering, Type.NSEC), Section.AUTHORITY, true);
                }
            } catch (org.xbill.DNS.NameTooLongException e) {
                // no wildcard can exist there
            }
        }
    }

    private static Name cutAbove(Served z, Name qname) {
        for (int labels = z.origin.labels() + 1; labels <= qname.labels(); labels++) {
            Name n = labels == qname.labels() ? qname : new Name(qname, qname.labels() - labels);
            if (z.cuts.contains(n)) {
                return n;
            }
        }
        return null;
    }

    private static Name closestEncloser(Served z, Name qname) {
        for (int labels = qname.labels() - 1; labels > z.origin.labels(); labels--) {
            Name n = new Name(qname, qname.labels() - labels);
            Name after = z.owners.ceiling(n);
            if (after != null && after.subdomain(n)) {
                return n; // exists, as a node or an empty non-terminal
            }
        }
        return z.origin;
    }

    /** The zone's SOA RRset, for negative answers (RFC 2308 §3). */
    private static RRset negativeSoa(Zone zone) {
        return zone.findExactMatch(zone.getOrigin(), Type.SOA);
    }

    private void additionalAddresses(Message resp, Name host, boolean dnssec) {
        Served z = zoneFor(host, Type.A);
        if (z == null || cutAbove(z, host) != null) {
            return;
        }
        boolean sign = dnssec && z.signed();
        add(resp, z.zone.findExactMatch(host, Type.A), Section.ADDITIONAL, sign);
        add(resp, z.zone.findExactMatch(host, Type.AAAA), Section.ADDITIONAL, sign);
    }

    private static void add(Message m, RRset set, int section, boolean withSigs) {
        if (set == null) {
            return;
        }
        for (Record r : set.rrs(false)) {
            if (!m.findRecord(r, section)) {
                m.addRecord(r, section);
            }
        }
        if (withSigs) {
            for (RRSIGRecord s : set.sigs()) {
                if (!m.findRecord(s, section)) {
                    m.addRecord(s, section);
                }
            }
        }
    }
}

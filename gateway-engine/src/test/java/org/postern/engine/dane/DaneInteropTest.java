package org.postern.engine.dane;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.EngineOptions;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.Pem;
import org.postern.engine.pki.TestCa;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.testsupport.DaneVerdict;
import org.postern.engine.testsupport.InteropTable;
import org.postern.engine.testsupport.NsdInstance;
import org.postern.engine.testsupport.OpenSslDane;
import org.postern.engine.testsupport.PostfixInstance;
import org.postern.engine.testsupport.PostfixInstance.ServerTls;
import org.postern.engine.testsupport.PosttlsFinger;
import org.postern.engine.testsupport.PrivateResolvConf;
import org.postern.engine.testsupport.SignedZones;
import org.postern.engine.testsupport.SignedZones.Security;
import org.postern.engine.testsupport.UnboundInstance;

/**
 * DANE interop (DANE-3..5, RFC 7672): a DNSSEC hierarchy of its own signed with ldns and served by
 * NSD, a validating Unbound with the test root as its only trust anchor, and a real Postfix receiver
 * with one SMTP listener (address, name, certificate) per case. For every host the verdicts of
 * {@code posttls-finger -l dane}, of {@code openssl s_client -dane_tlsa_rrdata} and of Postern
 * (trusting the resolver's AD bit, and validating in-process) are computed, printed as a table and
 * must agree, and equal what RFC 7672 prescribes for the case.
 *
 * <p>Needs root and the Debian packages nsd, unbound, postfix, ldnsutils, bind9-dnsutils, openssl and
 * util-linux; skipped (assumption) otherwise. Uses 127.0.3.1 (NSD), 127.0.3.2 (Unbound) and
 * 127.0.3.11 onwards (one per case), port 53 and 25.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class DaneInteropTest {

    static final String NSD_ADDRESS = "127.0.3.1";
    static final String UNBOUND_ADDRESS = "127.0.3.2";
    static final String OTHER_NAME = "mx.elsewhere.example";

    /**
     * One mail domain with one MX host: what the host serves, what the zone publishes, and the verdict
     * RFC 7672 prescribes. Usually the domain is its own MX host; with {@code alias} the MX host is
     * {@code mx.<domain>}, a CNAME for {@code real.<domain>} which holds the address, and the TLSA
     * RRset sits at the expanded name or, with {@link Alias#TLSA_AT_ORIGINAL}, at the original name.
     */
    record Case(String label, String host, String address, Server server, List<String> tlsa, DaneVerdict expected,
                Alias alias) {

        /** The MX host's name (the TLSA base domain unless the MX host is an alias). */
        String mxHost() {
            return alias == Alias.NONE ? host : "mx." + host;
        }

        /** The name that holds the address and answers SMTP. */
        String serverName() {
            return alias == Alias.NONE ? host : "real." + host;
        }
    }

    /** Whether the MX host is a CNAME, and where its TLSA records are published. */
    enum Alias { NONE, TLSA_AT_EXPANDED, TLSA_AT_ORIGINAL }

    /** A receiver's certificate chain and key, or none for a receiver without STARTTLS. */
    record Server(List<X509Certificate> chain, KeyPair key) {
        static final Server NO_STARTTLS = new Server(List.of(), null);
    }

    @TempDir
    static Path work;
    static final List<Case> CASES = new ArrayList<>();
    static PostfixInstance receivers;
    static NsdInstance nsd;
    static UnboundInstance unbound;
    static PosttlsFinger posttlsFinger;
    static OpenSslDane openssl;
    static Path rootAnchor;
    static CompletableFuture<EmbeddedGateway> gateway;

    @BeforeAll
    static void startPeers() throws Exception {
        requireEnvironment();
        long t0 = System.nanoTime();
        defineCases();
        // Opening the engine takes a while: meanwhile the DNS and Postfix start.
        gateway = CompletableFuture.supplyAsync(() -> postern(work.resolve("postern")));
        long t1 = System.nanoTime();
        SignedZones.Builder zones = SignedZones.builder(NSD_ADDRESS);
        SignedZones.ZoneBuilder secure = zones.zone("dane.test", Security.SIGNED);
        SignedZones.ZoneBuilder insecure = zones.zone("insecure.test", Security.UNSIGNED);
        SignedZones.ZoneBuilder bogus = zones.zone("bogus.test", Security.BOGUS);
        for (Case c : CASES) {
            SignedZones.ZoneBuilder z = c.host.endsWith(".dane.test") ? secure
                    : c.host.endsWith(".insecure.test") ? insecure : bogus;
            String owner = c.host.substring(0, c.host.indexOf('.'));
            if (c.alias == Alias.NONE) {
                z.mailHost(owner, c.address);
                c.tlsa.forEach(t -> z.tlsa(owner, 25, t));
            } else {
                z.record(owner, "MX", "10 mx." + owner).record("mx." + owner, "CNAME", "real." + owner)
                        .record("real." + owner, "A", c.address);
                String tlsaOwner = (c.alias == Alias.TLSA_AT_ORIGINAL ? "mx." : "real.") + owner;
                c.tlsa.forEach(t -> z.tlsa(tlsaOwner, 25, t));
            }
        }
        bogus.corrupt("_25._tcp.tlsa", "TLSA").corrupt("addr", "A");
        SignedZones signed = zones.build(work.resolve("zones"));
        rootAnchor = signed.rootTrustAnchorFile();
        nsd = NsdInstance.start(work.resolve("nsd"), NSD_ADDRESS, 53, signed);
        unbound = UnboundInstance.start(work.resolve("unbound"), UNBOUND_ADDRESS, 53, nsd.address(),
                signed.rootTrustAnchorFile());
        PrivateResolvConf resolv = new PrivateResolvConf(work.resolve("resolv"), unbound.address());
        posttlsFinger = new PosttlsFinger(work.resolve("posttls-finger"), resolv);
        openssl = new OpenSslDane(Files.createDirectories(work.resolve("openssl")), unbound.address());
        long t2 = System.nanoTime();
        startReceivers();
        long t3 = System.nanoTime();
        System.out.printf("DANE interop setup: certificates %d ms, zones+NSD+Unbound %d ms, Postfix with %d listeners %d ms%n",
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, CASES.size(), (t3 - t2) / 1_000_000);
    }

    static void requireEnvironment() throws IOException {
        int uid = (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid", LinkOption.NOFOLLOW_LINKS);
        assumeTrue(uid == 0, "DANE interop needs root (private Postfix, NSD and Unbound on port 53, "
                + "mount namespaces); running as uid " + uid);
        Map<String, String> tools = new LinkedHashMap<>();
        tools.put("/usr/sbin/nsd", "nsd");
        tools.put("/usr/sbin/unbound", "unbound");
        tools.put("/usr/sbin/postfix", "postfix");
        tools.put("/usr/sbin/posttls-finger", "postfix");
        tools.put("/usr/bin/ldns-signzone", "ldnsutils");
        tools.put("/usr/bin/ldns-keygen", "ldnsutils");
        tools.put("/usr/bin/dig", "bind9-dnsutils");
        tools.put("/usr/bin/openssl", "openssl");
        tools.put("/usr/bin/unshare", "util-linux");
        List<String> missing = new ArrayList<>();
        tools.forEach((binary, pkg) -> {
            if (!Files.isExecutable(Path.of(binary))) {
                missing.add(binary + " (Debian package " + pkg + ")");
            }
        });
        assumeTrue(missing.isEmpty(), "DANE interop skipped, missing: " + String.join(", ", missing));
    }

    static void defineCases() {
        TestCa ca = new TestCa();
        Instant now = Instant.now();
        Server ee = caIssued(ca, "ee.dane.test", now, false);
        Server ta = caIssued(ca, "ta.dane.test", now, false);
        Server taRoot = withRoot(ca, caIssued(ca, "taroot.dane.test", now, false));
        Server eeOtherName = caIssued(ca, OTHER_NAME, now, false);
        Server taOtherName = caIssued(ca, OTHER_NAME, now, false);
        Server self = selfSigned("self.dane.test");
        Server eeExpired = caIssued(ca, "eeexpired.dane.test", now, true);
        Server taExpired = caIssued(ca, "taexpired.dane.test", now, true);
        Server mismatch = caIssued(ca, "mismatch.dane.test", now, false);
        Server unusable = caIssued(ca, "unusable.dane.test", now, false);
        Server fullKey = selfSigned("fullkey.dane.test");
        Server cnameExpanded = caIssued(ca, "real.cname.dane.test", now, false);
        Server cnameOriginal = caIssued(ca, "real.cnameorig.dane.test", now, false);
        Server agility = caIssued(ca, "agility.dane.test", now, false);
        Server weakDigest = caIssued(ca, "weakdigest.dane.test", now, false);
        Server noTlsa = selfSigned("notlsa.dane.test");
        Server insecure = selfSigned("host.insecure.test");
        Server tlsaBogus = caIssued(ca, "tlsa.bogus.test", now, false);
        Server addrBogus = caIssued(ca, "addr.bogus.test", now, false);
        String intermediate = tlsa(2, 0, 1, ca.intermediate);

        add("DANE-EE 3 1 1", "ee.dane.test", ee, List.of(tlsa(3, 1, 1, leaf(ee))), DaneVerdict.AUTHENTICATED);
        add("DANE-TA 2 0 1, intermediate", "ta.dane.test", ta, List.of(intermediate), DaneVerdict.AUTHENTICATED);
        add("DANE-TA 2 1 1, root in chain", "taroot.dane.test", taRoot, List.of(tlsa(2, 1, 1, ca.root)),
                DaneVerdict.AUTHENTICATED);
        add("DANE-EE 3 1 2, wrong name", "eename.dane.test", eeOtherName, List.of(tlsa(3, 1, 2, leaf(eeOtherName))),
                DaneVerdict.AUTHENTICATED);
        add("DANE-TA 2 0 1, wrong name", "taname.dane.test", taOtherName, List.of(intermediate), DaneVerdict.FAILED);
        add("DANE-EE 3 0 1, self-signed", "self.dane.test", self, List.of(tlsa(3, 0, 1, leaf(self))),
                DaneVerdict.AUTHENTICATED);
        add("DANE-EE 3 1 1, expired", "eeexpired.dane.test", eeExpired, List.of(tlsa(3, 1, 1, leaf(eeExpired))),
                DaneVerdict.AUTHENTICATED);
        add("DANE-TA 2 0 1, expired", "taexpired.dane.test", taExpired, List.of(intermediate), DaneVerdict.FAILED);
        add("DANE-EE, no STARTTLS", "nostarttls.dane.test", Server.NO_STARTTLS, List.of(tlsa(3, 1, 1, leaf(ee))),
                DaneVerdict.FAILED);
        add("TLSA mismatch", "mismatch.dane.test", mismatch, List.of(tlsa(3, 1, 1, leaf(ee))), DaneVerdict.FAILED);
        add("DANE-EE 3 1 0, full key", "fullkey.dane.test", fullKey, List.of(tlsa(3, 1, 0, leaf(fullKey))),
                DaneVerdict.AUTHENTICATED);
        // RFC 7671 §9: per usage and selector only the strongest digest present counts
        add("agility: 3 1 1 wrong, 3 1 2 right", "agility.dane.test", agility,
                List.of(tlsa(3, 1, 1, leaf(ee)), tlsa(3, 1, 2, leaf(agility))), DaneVerdict.AUTHENTICATED);
        add("agility: 3 1 1 right, 3 1 2 wrong", "weakdigest.dane.test", weakDigest,
                List.of(tlsa(3, 1, 1, leaf(weakDigest)), tlsa(3, 1, 2, leaf(ee))), DaneVerdict.FAILED);
        // RFC 7672 §2.2.2: an MX host that is a CNAME: TLSA at the expanded name first, else at the original name
        add("MX CNAME, TLSA at expanded name", "cname.dane.test", cnameExpanded,
                List.of(tlsa(3, 1, 1, leaf(cnameExpanded))), DaneVerdict.AUTHENTICATED, Alias.TLSA_AT_EXPANDED);
        add("MX CNAME, TLSA at original name", "cnameorig.dane.test", cnameOriginal,
                List.of(tlsa(3, 1, 1, leaf(cnameOriginal))), DaneVerdict.AUTHENTICATED, Alias.TLSA_AT_ORIGINAL);
        add("only PKIX-EE 1 1 1", "unusable.dane.test", unusable, List.of(tlsa(1, 1, 1, leaf(unusable))),
                DaneVerdict.UNUSABLE);
        add("secure, no TLSA", "notlsa.dane.test", noTlsa, List.of(), DaneVerdict.NOT_APPLICABLE);
        add("insecure zone, wrong TLSA", "host.insecure.test", insecure, List.of(tlsa(3, 1, 1, leaf(ee))),
                DaneVerdict.NOT_APPLICABLE);
        add("bogus TLSA", "tlsa.bogus.test", tlsaBogus, List.of(tlsa(3, 1, 1, leaf(tlsaBogus))),
                DaneVerdict.LOOKUP_FAILED);
        add("bogus address", "addr.bogus.test", addrBogus, List.of(tlsa(3, 1, 1, leaf(addrBogus))),
                DaneVerdict.LOOKUP_FAILED);
    }

    static void add(String label, String host, Server server, List<String> tlsa, DaneVerdict expected) {
        add(label, host, server, tlsa, expected, Alias.NONE);
    }

    static void add(String label, String host, Server server, List<String> tlsa, DaneVerdict expected, Alias alias) {
        CASES.add(new Case(label, host, "127.0.3." + (11 + CASES.size()), server, tlsa, expected, alias));
    }

    static Server caIssued(TestCa ca, String name, Instant now, boolean expired) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        Instant notAfter = expired ? now.minus(Duration.ofDays(2)) : now.plus(Duration.ofDays(30));
        X509Certificate cert = CertificateIssuer.sign(ca.intermediateKeys.getPrivate(), ca.intermediateKeys.getPublic(),
                ca.intermediateName, new X500Name("CN=" + name), k.getPublic(), List.of(name),
                notAfter.minus(Duration.ofDays(60)), notAfter, false);
        return new Server(List.of(cert, ca.intermediate), k);
    }

    static Server withRoot(TestCa ca, Server s) {
        return new Server(List.of(s.chain.get(0), s.chain.get(1), ca.root), s.key);
    }

    static Server selfSigned(String name) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        return new Server(List.of(CertificateIssuer.selfSigned(k, new X500Name("CN=" + name), List.of(name), 30)), k);
    }

    static X509Certificate leaf(Server s) {
        return s.chain.getFirst();
    }

    /** TLSA data computed here from first principles (RFC 6698 §2.1), independent of the engine. */
    static String tlsa(int usage, int selector, int matching, X509Certificate cert) {
        try {
            byte[] data = selector == 0 ? cert.getEncoded() : cert.getPublicKey().getEncoded();
            byte[] digest = switch (matching) {
                case 0 -> data;
                case 1 -> MessageDigest.getInstance("SHA-256").digest(data);
                case 2 -> MessageDigest.getInstance("SHA-512").digest(data);
                default -> throw new IllegalArgumentException("matching type " + matching);
            };
            return usage + " " + selector + " " + matching + " " + HexFormat.of().formatHex(digest);
        } catch (CertificateEncodingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** One Postfix instance, one SMTP listener per case on the case's address and port 25. */
    static void startReceivers() throws IOException {
        Case first = CASES.getFirst();
        PostfixInstance.Builder b = PostfixInstance.receiver(first.address, 25).hostname(first.host);
        Path dir = Files.createDirectories(work.resolve("certs"));
        for (Case c : CASES) {
            Path cert = null;
            Path key = null;
            if (c.server.key != null) {
                cert = Files.writeString(dir.resolve(c.host + ".crt"), Pem.encode(c.server.chain));
                key = Files.writeString(dir.resolve(c.host + ".key"), Pem.encode(c.server.key.getPrivate()));
            }
            ServerTls tls = c.server.key != null ? ServerTls.MAY : ServerTls.OFF;
            if (c == first) {
                b.serverTls(tls, cert, key);
            } else {
                b.listener(c.address, 25, c.serverName(), tls, cert, key);
            }
        }
        receivers = b.start();
    }

    @AfterAll
    static void stopPeers() {
        if (gateway != null) {
            gateway.thenAccept(EmbeddedGateway::close).exceptionally(e -> null).join();
        }
        if (receivers != null) {
            receivers.close();
        }
        if (unbound != null) {
            unbound.close();
        }
        if (nsd != null) {
            nsd.close();
        }
    }

    /** Postern's verdict on one host under one DNSSEC mode. */
    record PosternRun(DaneVerdict verdict, String detail) {
    }

    /** One host's verdicts. */
    record Row(Case c, PosttlsFinger.Result posttlsFinger, OpenSslDane.Result openssl, PosternRun trustAd,
               PosternRun validate) {

        boolean agree() {
            return posttlsFinger.verdict() == c.expected && openssl.verdict() == c.expected
                    && trustAd.verdict == c.expected && validate.verdict == c.expected;
        }
    }

    /** The reference tools' verdicts on one host. */
    record References(PosttlsFinger.Result posttlsFinger, OpenSslDane.Result openssl) {
    }

    @Test
    void posttlsFingerOpenSslAndPosternAgreeOnEveryHost() throws Exception {
        long start = System.nanoTime();
        // The reference tools are separate processes: run them for several hosts at once, Postern meanwhile.
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<References>> references = new ArrayList<>();
        for (Case c : CASES) {
            references.add(pool.submit(() -> new References(posttlsFinger.dane(c.host), openssl.check(c.mxHost(), 25))));
        }
        pool.shutdown();
        List<PosternRun[]> postern = new ArrayList<>();
        EmbeddedGateway g = gateway.get(60, TimeUnit.SECONDS); // closed after all tests
        long opened = System.nanoTime();
        List<PosternRun> viaAd = probeAll(g, "trust-ad");
        long a = System.nanoTime();
        List<PosternRun> inProcess = probeAll(g, "validate");
        for (int i = 0; i < CASES.size(); i++) {
            postern.add(new PosternRun[] {viaAd.get(i), inProcess.get(i)});
        }
        System.out.printf("DANE interop Postern: waited for the engine %d ms, probes trust-ad %d ms, validate %d ms%n",
                (opened - start) / 1_000_000, (a - opened) / 1_000_000, (System.nanoTime() - a) / 1_000_000);
        long posternDone = System.nanoTime();
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < CASES.size(); i++) {
            References r = references.get(i).get(60, TimeUnit.SECONDS);
            rows.add(new Row(CASES.get(i), r.posttlsFinger, r.openssl, postern.get(i)[0], postern.get(i)[1]));
        }
        System.out.printf("DANE interop checks: Postern probes (both modes) %d ms, all checks %d ms%n",
                (posternDone - start) / 1_000_000, (System.nanoTime() - start) / 1_000_000);
        String table = InteropTable.render(rows.stream().map(r -> List.of(r.c.host, String.join(", ", abbreviated(r.c.tlsa)),
                cell(r.posttlsFinger.verdict()), cell(r.openssl.verdict()) + (r.openssl.ranOpenSsl() ? "" : " (dig)"),
                cell(r.trustAd.verdict), cell(r.validate.verdict),
                r.c.expected.label() + (r.agree() ? "" : "  <-- DISAGREE"))).toList(),
                List.of("host", "TLSA", "posttls-finger", "openssl", "Postern (trust-ad)", "Postern (validate)",
                        "RFC 7672"));
        System.out.println("DANE interop (" + CASES.size() + " hosts):\n" + table);
        for (Row r : rows) {
            System.out.println(r.c.host + " (" + r.c.label + ")\n  posttls-finger: " + r.posttlsFinger.summary()
                    + "\n  openssl: " + r.openssl.detail() + "\n  Postern (trust-ad): " + r.trustAd.detail
                    + "\n  Postern (validate): " + r.validate.detail);
        }
        StringBuilder why = new StringBuilder();
        for (Row r : rows) {
            if (!r.agree()) {
                why.append("\n").append(r.c.host).append(" (").append(r.c.label).append("): expected ")
                        .append(r.c.expected).append("\n  posttls-finger ").append(r.posttlsFinger.verdict()).append(": ")
                        .append(r.posttlsFinger.summary()).append("\n  openssl ").append(r.openssl.verdict()).append(": ")
                        .append(r.openssl.detail()).append("\n  Postern (trust-ad) ").append(r.trustAd.verdict)
                        .append(": ").append(r.trustAd.detail).append("\n  Postern (validate) ")
                        .append(r.validate.verdict).append(": ").append(r.validate.detail);
            }
        }
        assertThat(why.toString()).as("hosts where the verdicts differ\n" + table).isEmpty();
    }

    /**
     * Postern's verdict on every host with DNS through the validating Unbound: {@code trust-ad}
     * trusts its AD bit (posttls-finger's model), {@code validate} validates in-process from the
     * test root's DS as the only trust anchor.
     */
    static List<PosternRun> probeAll(EmbeddedGateway g, String dnssec) {
        g.dns().set(new DnsApi.DnsConfig(List.of(unbound.hostPort()), dnssec,
                dnssec.equals("validate") ? rootAnchor.toString() : null));
        List<PosternRun> runs = new ArrayList<>();
        for (Case c : CASES) {
            long start = System.nanoTime();
            ProbeReport report = g.destinations().probe(c.host, null);
            long ms = (System.nanoTime() - start) / 1_000_000;
            runs.add(new PosternRun(PosternVerdict.of(report), PosternVerdict.describe(report) + " [" + ms + " ms]"));
        }
        return runs;
    }

    /** Postern as delivery runs it: each case's domain with DANE opportunistic and TLS preferred. */
    static EmbeddedGateway postern(Path dir) {
        EmbeddedGateway g = EmbeddedGateway.open(dir, EngineOptions.defaults().withClientTimeouts(
                new DeliveryAttempt.Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(10))));
        g.listeners().list().forEach(l -> g.listeners().delete(l.name()));
        for (Case c : CASES) {
            g.destinations().save(new DestinationEntry(c.host, OutboundTls.PREFERRED, DaneSetting.OPPORTUNISTIC, 5, null,
                    false));
        }
        return g;
    }

    static String cell(DaneVerdict v) {
        return v == null ? "no DANE verdict" : v.label();
    }

    static List<String> abbreviated(List<String> tlsa) {
        if (tlsa.isEmpty()) {
            return List.of("(none)");
        }
        return tlsa.stream().map(t -> t.length() > 18 ? t.substring(0, 18) + "…" : t).toList();
    }
}

package org.postern.engine.dns;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.random.RandomGenerator;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.ExtendedErrorCodeOption;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Flags;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Master;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.TSIG;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.dnssec.ValidatingResolver;

/**
 * {@link DnsResolver} on dnsjava (DANE-2, DLV-8).
 *
 * <p>Status mapping, per query:
 * <ul>
 *   <li>SECURE: AD set on the answer (by the in-process validator in
 *       {@link DnsSettings.Mode#VALIDATE}, by the configured resolver in
 *       {@link DnsSettings.Mode#TRUST_AD}).</li>
 *   <li>INSECURE: NOERROR or NXDOMAIN without AD.</li>
 *   <li>BOGUS: SERVFAIL carrying a DNSSEC extended DNS error (RFC 8914 codes 6–12). In VALIDATE
 *       mode the validator turns a validation failure into SERVFAIL + EDE; a SERVFAIL that the
 *       upstream server itself returned for the query is told apart (it is INDETERMINATE).
 *       A failure of the upstream on one of the validator's own DS/DNSKEY queries makes the
 *       chain unprovable and is reported by the validator, and so here, as BOGUS.</li>
 *   <li>INDETERMINATE: timeouts, network errors, SERVFAIL without a DNSSEC EDE, REFUSED and
 *       other error codes.</li>
 * </ul>
 * A lookup that follows a CNAME chain has the weakest status of its steps. NXDOMAIN and
 * NOERROR/NODATA are answers, not failures ({@link Lookup#nameExists()}).
 *
 * <p>Thread-safe; the validator's key cache is shared by all lookups of one instance.
 */
public final class DnsjavaResolver implements DnsResolver {

    /** IANA root zone KSK-2017 and KSK-2024 (https://data.iana.org/root-anchors/root-anchors.xml). */
    public static final List<String> IANA_ROOT_ANCHORS = List.of(
            ". IN DS 20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
            ". IN DS 38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16");

    private static final int MAX_CNAME_HOPS = 8;
    private static final int EDNS_PAYLOAD = 1232;

    private final DnsSettings settings;
    private final RandomGenerator random;
    private final Resolver resolver;
    private final RcodeTap tap;

    public DnsjavaResolver(DnsSettings settings) {
        this(settings, null);
    }

    /** @param random for shuffling equal MX preferences; null: the thread's ThreadLocalRandom */
    DnsjavaResolver(DnsSettings settings, RandomGenerator random) {
        this.settings = settings;
        this.random = random;
        List<Resolver> simple = new ArrayList<>();
        for (InetSocketAddress a : settings.servers()) {
            simple.add(new SimpleResolver(a));
        }
        ExtendedResolver ext = new ExtendedResolver(simple);
        ext.setRetries(settings.retries());
        ext.setTimeout(settings.timeout()); // after construction: the constructor sets 5 s
        ext.setIgnoreTruncation(false);     // TC -> the SimpleResolver retries over TCP
        if (settings.mode() == DnsSettings.Mode.VALIDATE) {
            tap = new RcodeTap(ext);
            ValidatingResolver v = new ValidatingResolver(tap);
            v.setEDNS(0, EDNS_PAYLOAD, ExtendedFlags.DO, List.of());
            try {
                v.loadTrustAnchors(anchorStream(settings));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot load DNSSEC trust anchors", e);
            }
            resolver = v;
        } else {
            tap = null;
            ext.setEDNS(0, EDNS_PAYLOAD, ExtendedFlags.DO, List.of());
            resolver = ext;
        }
    }

    public DnsSettings settings() {
        return settings;
    }

    // ------------------------------------------------------------------ public lookups

    @Override
    public MxResult mx(String domain) {
        Name qname;
        try {
            qname = toName(domain);
        } catch (TextParseException e) {
            Lookup<MxHost> bad = new Lookup<>(domain, domain, List.of(), false,
                    DnssecStatus.INDETERMINATE, "invalid domain name: " + e.getMessage());
            return new MxResult(domain, List.of(), false, bad);
        }
        String dom = text(qname);
        Answer a = resolve(qname, Type.MX);
        if (a.error() != null) {
            Lookup<MxHost> l = new Lookup<>(dom, text(a.canonical()), List.of(), a.nameExists(), a.status(), a.error());
            return new MxResult(dom, List.of(), false, l);
        }
        if (!a.nameExists()) {
            Lookup<MxHost> l = new Lookup<>(dom, text(a.canonical()), List.of(), false, a.status(), null);
            return new MxResult(dom, List.of(), false, l);
        }
        List<MXRecord> mxs = new ArrayList<>();
        for (Record r : a.records()) {
            mxs.add((MXRecord) r);
        }
        if (mxs.isEmpty()) {
            // RFC 5321 §5.1: no MX RRset -> the domain itself, preference 0
            MxHost implicit = new MxHost(0, dom, true);
            Lookup<MxHost> l = new Lookup<>(dom, text(a.canonical()), List.of(implicit), true, a.status(), null);
            return new MxResult(dom, List.of(implicit), false, l);
        }
        if (mxs.size() == 1 && mxs.get(0).getTarget().equals(Name.root)
                && mxs.get(0).getPriority() == 0) {
            Lookup<MxHost> l = new Lookup<>(dom, text(a.canonical()), List.of(), true, a.status(), null);
            return new MxResult(dom, List.of(), true, l);
        }
        // RFC 7505 §3: a null MX must be alone; a "." target among others is unusable, skip it
        TreeMap<Integer, List<MxHost>> byPref = new TreeMap<>();
        for (MXRecord mx : mxs) {
            if (mx.getTarget().equals(Name.root)) {
                continue;
            }
            byPref.computeIfAbsent(mx.getPriority(), p -> new ArrayList<>())
                    .add(new MxHost(mx.getPriority(), text(mx.getTarget()), false));
        }
        List<MxHost> hosts = new ArrayList<>();
        for (List<MxHost> same : byPref.values()) {
            Collections.shuffle(same, random != null ? random : ThreadLocalRandom.current());
            hosts.addAll(same);
        }
        Lookup<MxHost> l = new Lookup<>(dom, text(a.canonical()), hosts, true, a.status(), null);
        return new MxResult(dom, hosts, false, l);
    }

    @Override
    public Lookup<InetAddress> addresses(String host) {
        Name qname;
        try {
            qname = toName(host);
        } catch (TextParseException e) {
            return new Lookup<>(host, host, List.of(), false, DnssecStatus.INDETERMINATE,
                    "invalid host name: " + e.getMessage());
        }
        Answer v4 = resolve(qname, Type.A);
        Answer v6 = resolve(qname, Type.AAAA);
        List<InetAddress> addrs = new ArrayList<>();
        for (Record r : v4.records()) {
            addrs.add(((ARecord) r).getAddress());
        }
        for (Record r : v6.records()) {
            addrs.add(((AAAARecord) r).getAddress());
        }
        DnssecStatus status = weaker(v4.status(), v6.status());
        String error = null;
        if (v4.error() != null || v6.error() != null) {
            error = v4.error() != null && v6.error() != null
                    ? "A: " + v4.error() + "; AAAA: " + v6.error()
                    : v4.error() != null ? "A: " + v4.error() : "AAAA: " + v6.error();
        }
        Name canonical = v4.error() == null ? v4.canonical() : v6.canonical();
        boolean exists = v4.nameExists() || v6.nameExists();
        return new Lookup<>(text(qname), text(canonical), addrs, exists, status, error);
    }

    @Override
    public Lookup<TlsaData> tlsa(String host, int port) {
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port " + port);
        }
        Name qname;
        try {
            qname = toName("_" + port + "._tcp." + stripDot(host));
        } catch (TextParseException e) {
            return new Lookup<>(host, host, List.of(), false, DnssecStatus.INDETERMINATE,
                    "invalid host name: " + e.getMessage());
        }
        Answer a = resolve(qname, Type.TLSA);
        List<TlsaData> list = new ArrayList<>();
        for (Record r : a.records()) {
            if (!(r instanceof TLSARecord t)) {
                // a TLSA record with empty rdata (dnsjava reads it as an EmptyRecord): the RRset is
                // malformed, so the lookup fails and delivery defers (RFC 7672 §2.1.1)
                return new Lookup<>(text(qname), text(a.canonical()), List.of(), a.nameExists(), a.status(),
                        "malformed TLSA record (empty rdata) at " + text(r.getName()));
            }
            list.add(new TlsaData(t.getCertificateUsage(), t.getSelector(), t.getMatchingType(),
                    t.getCertificateAssociationData()));
        }
        return new Lookup<>(text(qname), text(a.canonical()), list, a.nameExists(), a.status(), a.error());
    }

    // ------------------------------------------------------------------ resolution

    /**
     * The answer to one question after following CNAMEs.
     *
     * @param records the RRs of the asked type at the canonical name
     */
    record Answer(Name qname, Name canonical, List<Record> records, boolean nameExists,
                  DnssecStatus status, String error) {
    }

    /** Raw result of one query: message and status, or error. */
    private record Raw(Message message, DnssecStatus status, String error) {
    }

    Answer resolve(Name qname, int type) {
        Name current = qname;
        DnssecStatus status = DnssecStatus.SECURE;
        Set<Name> seen = new HashSet<>();
        seen.add(qname);
        int hops = 0;
        while (true) {
            Raw raw = query(current, type);
            status = weaker(status, raw.status());
            if (raw.error() != null) {
                return new Answer(qname, current, List.of(), false, status, raw.error());
            }
            Message m = raw.message();
            List<Record> answer = m.getSection(Section.ANSWER);
            Name n = current;
            List<Record> found = new ArrayList<>();
            boolean moved = true;
            while (moved) {
                moved = false;
                for (Record r : answer) {
                    if (r.getName().equals(n) && r.getType() == type) {
                        found.add(r);
                    }
                }
                if (!found.isEmpty() || type == Type.CNAME) {
                    break;
                }
                for (Record r : answer) {
                    if (r.getName().equals(n) && r instanceof CNAMERecord c) {
                        if (!seen.add(c.getTarget()) || ++hops > MAX_CNAME_HOPS) {
                            return new Answer(qname, n, List.of(), true, weaker(status, DnssecStatus.INDETERMINATE),
                                    "CNAME loop or chain too long at " + n);
                        }
                        n = c.getTarget();
                        moved = true;
                        break;
                    }
                }
            }
            int rcode = m.getRcode();
            if (!found.isEmpty()) {
                return new Answer(qname, n, found, true, status, null);
            }
            if (rcode == Rcode.NXDOMAIN) {
                return new Answer(qname, n, List.of(), false, status, null);
            }
            if (n.equals(current) || hasSoa(m)) {
                return new Answer(qname, n, List.of(), true, status, null); // NODATA (maybe after CNAMEs)
            }
            // the server stopped at a CNAME without saying anything about its target: ask for it
            current = n;
        }
    }

    private static boolean hasSoa(Message m) {
        for (Record r : m.getSection(Section.AUTHORITY)) {
            if (r.getType() == Type.SOA) {
                return true;
            }
        }
        return false;
    }

    private Raw query(Name name, int type) {
        Message q = Message.newQuery(Record.newRecord(name, type, DClass.IN));
        boolean validate = tap != null;
        if (!validate) {
            q.getHeader().setFlag(Flags.AD); // RFC 6840 §5.7: ask for the AD bit
        }
        RcodeTap.Key key = validate ? tap.watch(q) : null;
        Message r;
        try {
            r = resolver.sendAsync(q).toCompletableFuture()
                    .get(settings.lookupTimeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return new Raw(null, DnssecStatus.INDETERMINATE, "timeout querying " + name + "/" + Type.string(type));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Raw(null, DnssecStatus.INDETERMINATE, "interrupted");
        } catch (ExecutionException e) {
            Throwable c = e.getCause() == null ? e : e.getCause();
            return new Raw(null, DnssecStatus.INDETERMINATE,
                    "lookup of " + name + "/" + Type.string(type) + " failed: " + describe(c));
        } finally {
            if (key != null) {
                tap.forget(key);
            }
        }
        Integer upstream = key == null ? null : key.rcode;
        int rcode = r.getRcode();
        if (rcode == Rcode.NOERROR || rcode == Rcode.NXDOMAIN) {
            boolean ad = r.getHeader().getFlag(Flags.AD);
            return new Raw(r, ad ? DnssecStatus.SECURE : DnssecStatus.INSECURE, null);
        }
        String what = name + "/" + Type.string(type);
        if (validate && upstream != null && upstream != Rcode.NOERROR && upstream != Rcode.NXDOMAIN) {
            return new Raw(null, DnssecStatus.INDETERMINATE, what + ": server answered " + Rcode.string(upstream));
        }
        if (rcode == Rcode.SERVFAIL) {
            ExtendedErrorCodeOption ede = dnssecEde(r);
            if (ede != null) {
                String reason = validationReason(r);
                if (reason == null) {
                    reason = ede.getText();
                }
                return new Raw(null, DnssecStatus.BOGUS, what + ": DNSSEC validation failed ("
                        + ExtendedErrorCodeOption.text(ede.getErrorCode()) + ")"
                        + (reason == null || reason.isBlank() ? "" : ": " + reason));
            }
            if (validate) {
                // a SERVFAIL from the validator whose upstream answered: validation failed
                String reason = validationReason(r);
                return new Raw(null, DnssecStatus.BOGUS, what + ": DNSSEC validation failed"
                        + (reason == null ? "" : ": " + reason));
            }
        }
        return new Raw(null, DnssecStatus.INDETERMINATE, what + ": server answered " + Rcode.string(rcode));
    }

    /** EDE codes that mean "signed but does not validate" (RFC 8914 §4.7–4.13). */
    private static final Set<Integer> BOGUS_EDE = Set.of(
            ExtendedErrorCodeOption.DNSSEC_BOGUS, ExtendedErrorCodeOption.SIGNATURE_EXPIRED,
            ExtendedErrorCodeOption.SIGNATURE_NOT_YET_VALID, ExtendedErrorCodeOption.DNSKEY_MISSING,
            ExtendedErrorCodeOption.RRSIGS_MISSING, ExtendedErrorCodeOption.NO_ZONE_KEY_BIT_SET,
            ExtendedErrorCodeOption.NSEC_MISSING);

    private static ExtendedErrorCodeOption dnssecEde(Message r) {
        OPTRecord opt = r.getOPT();
        if (opt == null) {
            return null;
        }
        for (EDNSOption o : opt.getOptions(EDNSOption.Code.EDNS_EXTENDED_ERROR)) {
            if (o instanceof ExtendedErrorCodeOption e && BOGUS_EDE.contains(e.getErrorCode())) {
                return e;
            }
        }
        return null;
    }

    /** The validator's reason text (a TXT record of class 65280 in the additional section). */
    private static String validationReason(Message r) {
        for (Record rec : r.getSection(Section.ADDITIONAL)) {
            if (rec instanceof TXTRecord t && rec.getDClass() == ValidatingResolver.VALIDATION_REASON_QCLASS) {
                return String.join("", t.getStrings());
            }
        }
        return null;
    }

    private static String describe(Throwable t) {
        String m = t.getMessage();
        return t.getClass().getSimpleName() + (m == null ? "" : ": " + m);
    }

    // ------------------------------------------------------------------ helpers

    /** The weaker of two statuses: BOGUS < INDETERMINATE < INSECURE < SECURE. */
    static DnssecStatus weaker(DnssecStatus a, DnssecStatus b) {
        return rank(a) <= rank(b) ? a : b;
    }

    private static int rank(DnssecStatus s) {
        return switch (s) {
            case BOGUS -> 0;
            case INDETERMINATE -> 1;
            case INSECURE -> 2;
            case SECURE -> 3;
        };
    }

    /**
     * The absolute name {@code s} (a final dot is optional). A name that does not come out absolute
     * (a label ending in an escaped dot, e.g. {@code tes\.} from a CNAME target in an answer) is refused.
     */
    private static Name toName(String s) throws TextParseException {
        String t = s.trim();
        if (t.isEmpty()) {
            throw new TextParseException("empty name");
        }
        Name n = Name.fromString(t.endsWith(".") && !escapedDotAtEnd(t) ? t : t + ".");
        if (!n.isAbsolute()) {
            throw new TextParseException("'" + t + "' is not a valid absolute name");
        }
        return n;
    }

    private static String stripDot(String s) {
        String t = s.trim();
        return t.endsWith(".") && t.length() > 1 && !escapedDotAtEnd(t) ? t.substring(0, t.length() - 1) : t;
    }

    /** True when the final dot of {@code t} belongs to its last label ({@code \.}, an odd run of backslashes). */
    private static boolean escapedDotAtEnd(String t) {
        int backslashes = 0;
        for (int i = t.length() - 2; i >= 0 && t.charAt(i) == '\\'; i--) {
            backslashes++;
        }
        return backslashes % 2 == 1;
    }

    /** Lower-case name without the final dot ("." for the root). */
    static String text(Name n) {
        return n.toString(true).toLowerCase(Locale.ROOT);
    }

    private static InputStream anchorStream(DnsSettings s) throws IOException {
        StringBuilder extra = new StringBuilder();
        for (String a : s.trustAnchors()) {
            extra.append(a).append('\n');
        }
        if (s.trustAnchorFile() != null) {
            extra.append(Files.readString(s.trustAnchorFile(), StandardCharsets.UTF_8)).append('\n');
        }
        boolean extraRoot = false;
        try (Master m = new Master(new ByteArrayInputStream(extra.toString().getBytes(StandardCharsets.UTF_8)),
                Name.root, 0)) {
            Record r;
            while ((r = m.nextRecord()) != null) {
                if (r.getName().equals(Name.root) && (r.getType() == Type.DS || r.getType() == Type.DNSKEY)) {
                    extraRoot = true;
                }
            }
        }
        StringBuilder all = new StringBuilder();
        if (!extraRoot) {
            for (String a : IANA_ROOT_ANCHORS) {
                all.append(a).append('\n');
            }
        }
        all.append(extra);
        return new ByteArrayInputStream(all.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Sits between the validator and the servers and notes the rcode the upstream returned for
     * the lookups' own questions, so that an upstream SERVFAIL is not taken for a validation
     * failure (the validator returns SERVFAIL for both).
     */
    private static final class RcodeTap implements Resolver {
        static final class Key {
            final int id;
            final Name name;
            final int type;
            volatile Integer rcode;

            Key(int id, Name name, int type) {
                this.id = id;
                this.name = name;
                this.type = type;
            }
        }

        private final Resolver next;
        private final Map<Integer, Key> watched = new ConcurrentHashMap<>();

        RcodeTap(Resolver next) {
            this.next = next;
        }

        Key watch(Message q) {
            Record question = q.getQuestion();
            Key k = new Key(q.getHeader().getID(), question.getName(), question.getType());
            watched.put(k.id, k);
            return k;
        }

        void forget(Key k) {
            watched.remove(k.id, k);
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query) {
            return note(query, next.sendAsync(query));
        }

        @Override
        public CompletionStage<Message> sendAsync(Message query, Executor executor) {
            return note(query, next.sendAsync(query, executor));
        }

        private CompletionStage<Message> note(Message query, CompletionStage<Message> f) {
            Key k = watched.get(query.getHeader().getID());
            Record question = query.getQuestion();
            if (k == null || !question.getName().equals(k.name) || question.getType() != k.type) {
                return f;
            }
            return f.thenApply(m -> {
                k.rcode = m.getRcode();
                return m;
            });
        }

        @Override
        public void setPort(int port) {
            next.setPort(port);
        }

        @Override
        public void setTCP(boolean flag) {
            next.setTCP(flag);
        }

        @Override
        public void setIgnoreTruncation(boolean flag) {
            next.setIgnoreTruncation(flag);
        }

        @Override
        public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
            next.setEDNS(version, payloadSize, flags, options);
        }

        @Override
        public void setTSIGKey(TSIG key) {
            next.setTSIGKey(key);
        }

        @Override
        public void setTimeout(Duration timeout) {
            next.setTimeout(timeout);
        }

        @Override
        public Duration getTimeout() {
            return next.getTimeout();
        }
    }
}

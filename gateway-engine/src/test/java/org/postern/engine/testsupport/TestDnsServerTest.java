package org.postern.engine.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.DClass;
import org.xbill.DNS.DNSKEYRecord;
import org.xbill.DNS.DNSSEC;
import org.xbill.DNS.ExtendedFlags;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.NSECRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.RRSIGRecord;
import org.xbill.DNS.RRset;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;
import org.xbill.DNS.Zone;

/** Wire-level behaviour of the test DNS server that DNSSEC validators depend on. */
class TestDnsServerTest {

    static TestDnsServer server;

    @BeforeAll
    static void start() {
        server = TestDnsServer.builder()
                .zone(".", true)
                .zone("test.", true, "elsewhere NS ns.example.net.")
                .zone("example.test.", true, "@ MX 10 mx1", "mx1 A 192.0.2.1", "a.b.c A 192.0.2.5")
                .zone("plain.test.", false, "@ A 192.0.2.9")
                .bogusZone("bad.test.", "@ A 192.0.2.7")
                .start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Message ask(String name, int type, boolean dnssecOk, boolean tcp) throws Exception {
        SimpleResolver r = new SimpleResolver(server.address());
        r.setTimeout(Duration.ofSeconds(2));
        r.setTCP(tcp);
        r.setEDNS(0, 1232, dnssecOk ? ExtendedFlags.DO : 0);
        return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
    }

    static List<Record> section(Message m, int section, int type) {
        List<Record> out = new ArrayList<>();
        for (Record r : m.getSection(section)) {
            if (r.getType() == type) {
                out.add(r);
            }
        }
        return out;
    }

    @Test
    void everyAuthoritativeRrsetOfASignedZoneVerifies() throws Exception {
        for (String origin : List.of(".", "test.", "example.test.")) {
            Zone zone = server.zone(origin);
            RRset keys = zone.findExactMatch(zone.getOrigin(), Type.DNSKEY);
            int signedSets = 0;
            for (RRset set : zone) {
                if (set.sigs().isEmpty()) {
                    // only delegation NS and glue go unsigned
                    assertThat(set.getType()).as(set.getName() + "/" + Type.string(set.getType()))
                            .isIn(Type.NS, Type.A, Type.AAAA);
                    assertThat(set.getName()).isNotEqualTo(zone.getOrigin());
                    continue;
                }
                for (RRSIGRecord sig : set.sigs()) {
                    DNSKEYRecord key = keyFor(keys, sig);
                    DNSSEC.verify(set, sig, key);
                    assertThat(key.getFlags()).isEqualTo(set.getType() == Type.DNSKEY ? 257 : 256);
                }
                signedSets++;
            }
            assertThat(signedSets).isGreaterThan(4);
        }
    }

    @Test
    void bogusZoneHasCorruptSignaturesButAValidKeySet() throws Exception {
        Zone zone = server.zone("bad.test.");
        RRset keys = zone.findExactMatch(zone.getOrigin(), Type.DNSKEY);
        DNSSEC.verify(keys, keys.sigs().get(0), keyFor(keys, keys.sigs().get(0)));
        RRset a = zone.findExactMatch(zone.getOrigin(), Type.A);
        assertThatThrownBy(() -> DNSSEC.verify(a, a.sigs().get(0), keyFor(keys, a.sigs().get(0))))
                .isInstanceOf(DNSSEC.DNSSECException.class);
        Message ds = ask("bad.test.", Type.DS, true, false);
        assertThat(section(ds, Section.ANSWER, Type.DS)).hasSize(1);
    }

    static DNSKEYRecord keyFor(RRset keys, RRSIGRecord sig) {
        for (Record r : keys.rrs()) {
            DNSKEYRecord k = (DNSKEYRecord) r;
            if (k.getFootprint() == sig.getFootprint()) {
                return k;
            }
        }
        throw new AssertionError("no key " + sig.getFootprint());
    }

    @Test
    void nsecChainIsClosedAndOrdered() {
        Zone zone = server.zone("test.");
        List<NSECRecord> chain = new ArrayList<>();
        for (RRset set : zone) {
            if (set.getType() == Type.NSEC) {
                chain.add((NSECRecord) set.first());
            }
        }
        chain.sort((x, y) -> x.getName().compareTo(y.getName()));
        for (int i = 0; i < chain.size(); i++) {
            assertThat(chain.get(i).getNext()).isEqualTo(chain.get((i + 1) % chain.size()).getName());
        }
        assertThat(chain.get(0).getName()).isEqualTo(zone.getOrigin());
        // no NSEC for occluded glue below a cut
        assertThat(chain).noneMatch(n -> n.getName().toString().equals("ns.example.test."));
    }

    @Test
    void positiveAnswerWithSignaturesOnlyWhenDnssecOk() throws Exception {
        Message withDo = ask("example.test.", Type.MX, true, false);
        assertThat(withDo.getHeader().getFlag(Flags.AA)).isTrue();
        assertThat(section(withDo, Section.ANSWER, Type.MX)).hasSize(1);
        assertThat(section(withDo, Section.ANSWER, Type.RRSIG)).hasSize(1);
        assertThat(section(withDo, Section.ADDITIONAL, Type.A)).hasSize(1); // MX target address

        Message withoutDo = ask("example.test.", Type.MX, false, false);
        assertThat(section(withoutDo, Section.ANSWER, Type.RRSIG)).isEmpty();
        assertThat(withoutDo.getHeader().getFlag(Flags.AD)).isFalse();
    }

    @Test
    void dsComesFromTheParentSide() throws Exception {
        Message m = ask("example.test.", Type.DS, true, false);
        assertThat(section(m, Section.ANSWER, Type.DS)).hasSize(1);
        RRSIGRecord sig = (RRSIGRecord) section(m, Section.ANSWER, Type.RRSIG).get(0);
        assertThat(sig.getSigner()).isEqualTo(Name.fromString("test."));

        Message none = ask("plain.test.", Type.DS, true, false); // insecure delegation
        assertThat(none.getRcode()).isEqualTo(Rcode.NOERROR);
        NSECRecord nsec = (NSECRecord) section(none, Section.AUTHORITY, Type.NSEC).get(0);
        assertThat(nsec.getName()).isEqualTo(Name.fromString("plain.test."));
        assertThat(nsec.hasType(Type.NS)).isTrue();
        assertThat(nsec.hasType(Type.DS)).isFalse();
        assertThat(nsec.hasType(Type.SOA)).isFalse();
    }

    @Test
    void nxdomainCarriesSoaAndDenialOfNameAndWildcard() throws Exception {
        Message m = ask("zz.example.test.", Type.A, true, false);
        assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
        assertThat(section(m, Section.AUTHORITY, Type.SOA)).hasSize(1);
        List<Record> nsecs = section(m, Section.AUTHORITY, Type.NSEC);
        Name qname = Name.fromString("zz.example.test.");
        Name wildcard = Name.fromString("*.example.test.");
        assertThat(nsecs).anyMatch(n -> covers((NSECRecord) n, qname));
        assertThat(nsecs).anyMatch(n -> covers((NSECRecord) n, wildcard));
        assertThat(section(m, Section.AUTHORITY, Type.RRSIG)).hasSize(1 + nsecs.size());
    }

    static boolean covers(NSECRecord n, Name x) {
        Name owner = n.getName();
        Name next = n.getNext();
        if (owner.compareTo(next) < 0) {
            return owner.compareTo(x) < 0 && x.compareTo(next) < 0;
        }
        return owner.compareTo(x) < 0 || x.compareTo(next) < 0; // last NSEC wraps to the apex
    }

    @Test
    void nodataAndEmptyNonTerminals() throws Exception {
        Message nodata = ask("mx1.example.test.", Type.AAAA, true, false);
        assertThat(nodata.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(nodata.getSection(Section.ANSWER)).isEmpty();
        NSECRecord n = (NSECRecord) section(nodata, Section.AUTHORITY, Type.NSEC).get(0);
        assertThat(n.getName()).isEqualTo(Name.fromString("mx1.example.test."));
        assertThat(n.hasType(Type.A)).isTrue();
        assertThat(n.hasType(Type.AAAA)).isFalse();

        Message ent = ask("b.c.example.test.", Type.A, true, false);
        assertThat(ent.getRcode()).isEqualTo(Rcode.NOERROR);
        NSECRecord e = (NSECRecord) section(ent, Section.AUTHORITY, Type.NSEC).get(0);
        assertThat(e.getNext()).isEqualTo(Name.fromString("a.b.c.example.test."));
    }

    @Test
    void unservedDelegationIsAReferral() throws Exception {
        Message m = ask("host.elsewhere.test.", Type.A, true, false);
        assertThat(m.getRcode()).isEqualTo(Rcode.NOERROR);
        assertThat(m.getHeader().getFlag(Flags.AA)).isFalse();
        assertThat(section(m, Section.AUTHORITY, Type.NS)).hasSize(1);
        assertThat(section(m, Section.AUTHORITY, Type.NSEC)).hasSize(1); // proves: no DS
    }

    @Test
    void tcpAndUnknownZones() throws Exception {
        Message m = ask("mx1.example.test.", Type.A, true, true);
        assertThat(section(m, Section.ANSWER, Type.A)).hasSize(1);
        assertThat(server.queries()).anyMatch(q -> q.tcp() && q.name().equals("mx1.example.test."));

        // the root zone is served: any name has an answer (NXDOMAIN), never REFUSED
        assertThat(ask("example.org.", Type.A, false, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
        try (TestDnsServer only = TestDnsServer.builder().zone("x.test.", false, "@ A 192.0.2.1").start()) {
            SimpleResolver r = new SimpleResolver(only.address());
            Message refused = r.send(Message.newQuery(Record.newRecord(Name.fromString("example.org."), Type.A, DClass.IN)));
            assertThat(refused.getRcode()).isEqualTo(Rcode.REFUSED);
        }
    }

    @Test
    void trustAnchorsAreMasterFileLines() {
        assertThat(server.rootTrustAnchor()).matches("\\.\\s+\\d+\\s+IN\\s+DS\\s+\\d+ 13 2 [0-9A-F]{64}");
        assertThat(server.dnskeyTrustAnchor("example.test")).contains("DNSKEY\t257 3 13 ");
    }
}

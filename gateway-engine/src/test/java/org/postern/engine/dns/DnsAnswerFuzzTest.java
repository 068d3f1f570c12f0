package org.postern.engine.dns;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.BugDetectors;
import com.code_intelligence.jazzer.api.SilentCloseable;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.postern.engine.dane.TlsaMatcher;
import org.postern.engine.pki.CertificateReader;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TLSARecord;
import org.xbill.DNS.Type;

/**
 * Fuzz harnesses for what DNS servers answer: a whole response (wire format) served by a real UDP
 * server on loopback to {@link DnsjavaResolver}'s MX, address and TLSA lookups, and TLSA rdata on
 * its own through {@link TlsaMatcher}. A lookup always ends within its time limit with records or
 * an error; it never throws. Seeds (wire-format messages and rdata):
 * {@code DnsAnswerFuzzTestInputs/<method>/}.
 */
class DnsAnswerFuzzTest {

    private static DatagramSocket server;
    private static Thread responder;
    private static volatile Message answer;
    private static DnsjavaResolver resolver;
    private static X509Certificate certificate;

    @BeforeAll
    static void start() throws Exception {
        server = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.10.3"), 0));
        responder = Thread.ofPlatform().daemon().start(DnsAnswerFuzzTest::respond);
        resolver = new DnsjavaResolver(new DnsSettings(List.of((InetSocketAddress) server.getLocalSocketAddress()),
                DnsSettings.Mode.TRUST_AD, Duration.ofMillis(500), 1, Duration.ofSeconds(2), List.of(), null));
        try (var in = DnsAnswerFuzzTest.class.getResourceAsStream("/org/postern/resources/demo/demo-certificate.pem")) {
            certificate = CertificateReader.read(in.readAllBytes()).getFirst();
        }
    }

    @AfterAll
    static void stop() throws InterruptedException {
        server.close();
        responder.join(2_000);
    }

    /** Answers every query with the current fuzz message, under the query's id and question. */
    private static void respond() {
        byte[] buf = new byte[65_535];
        while (!server.isClosed()) {
            try {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                server.receive(p);
                Message q = new Message(java.util.Arrays.copyOf(p.getData(), p.getLength()));
                Message r = answer.clone();
                r.getHeader().setID(q.getHeader().getID());
                r.getHeader().setFlag(Flags.QR);
                r.getHeader().unsetFlag(Flags.TC);
                r.removeAllRecords(Section.QUESTION);
                r.addRecord(q.getQuestion(), Section.QUESTION);
                byte[] wire = r.toWire(1232);
                server.send(new DatagramPacket(wire, wire.length, p.getSocketAddress()));
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // a query or answer that cannot be (re)encoded goes unanswered: the lookup times out
            }
        }
    }

    /** MX, A/AAAA and TLSA lookups over whatever the server answers: results or an error, in bounded time. */
    @FuzzTest(maxDuration = "2m")
    void answers(byte[] input) throws Exception {
        // the harness talks to its own loopback servers: allowed for Jazzer's SSRF detector
        try (SilentCloseable loopback = BugDetectors.allowNetworkConnections((host, port) -> host.startsWith("127.0.10."))) {
            answersOnLoopback(input);
        }
    }

    private void answersOnLoopback(byte[] input) throws Exception {
        Message m;
        try {
            m = new Message(input);
            m.toWire(1232);
        } catch (IOException | RuntimeException unparseable) {
            return; // dnsjava drops such a packet itself; the lookup would time out (tested elsewhere)
        }
        answer = m;
        long start = System.nanoTime();
        MxResult mx = resolver.mx("example.test");
        assertThat(mx).isNotNull();
        assertThat(mx.hosts()).isNotNull().allSatisfy(h -> assertThat(h).isNotNull());
        Lookup<InetAddress> addresses = resolver.addresses("mx1.example.test");
        assertThat(addresses.records()).isNotNull();
        Lookup<TlsaData> tlsa = resolver.tlsaCandidates(addresses, 25);
        assertThat(tlsa.records()).isNotNull();
        for (TlsaData t : tlsa.records()) {
            exerciseMatcher(t);
        }
        TlsaMatcher.usable(tlsa.records());
        assertThat((System.nanoTime() - start) / 1_000_000).as("milliseconds for the lookups").isLessThan(15_000);
    }

    /** TLSA rdata (RFC 6698 §2.1) as received: the matcher says why a record is unusable or matches it, never throws. */
    @FuzzTest(maxDuration = "2m")
    void tlsaRdata(byte[] input) throws Exception {
        Record r = Record.newRecord(Name.fromConstantString("_25._tcp.mx1.example.test."), Type.TLSA, DClass.IN, 300, input);
        if (!(r instanceof TLSARecord t)) {
            return; // dnsjava refuses it while reading the message; the engine never sees it
        }
        TlsaData d = new TlsaData(t.getCertificateUsage(), t.getSelector(), t.getMatchingType(), t.getCertificateAssociationData());
        exerciseMatcher(d);
        List<TlsaData> usable = TlsaMatcher.usable(List.of(d, d));
        assertThat(usable.isEmpty()).isEqualTo(TlsaMatcher.unusable(d).isPresent());
    }

    private static void exerciseMatcher(TlsaData d) {
        var why = TlsaMatcher.unusable(d);
        why.ifPresent(reason -> assertThat(reason).isNotBlank());
        assertThat(TlsaMatcher.presentation(d)).isNotBlank();
        assertThat(TlsaMatcher.describe(d)).isNotBlank();
        boolean matched = TlsaMatcher.matches(d, certificate);
        if (matched && d.usage() >= 2) {
            assertThat(why).isEmpty();
        }
    }
}

package org.postern.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.AlertApi.AlertRecipient;
import org.postern.engine.api.AlertApi.AlertType;
import org.postern.engine.api.AlertApi.Severity;

/**
 * The input rules a client checks before it submits say exactly what the engine says when the same
 * value reaches the gateway API: for every input of each table, {@link InputRules}' problem is the
 * message of the {@link PosternException} the real API call throws, or both are null.
 */
class InputRulesTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private final AtomicInteger counter = new AtomicInteger();

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    /** The message the API call refuses with, or null when it is accepted. */
    private static String refusal(Runnable call) {
        try {
            call.run();
            return null;
        } catch (PosternException e) {
            return e.getMessage();
        }
    }

    private static final List<String> NAMES = List.of("mail.example.com", "Mail.Example.COM", "*.example.com",
            "mail.example.com.", "mail", "localhost", "-x.example.com", "x-.example.com", "under_score.example.com",
            "a..example.com", "*.com", "mail.*.example.com", "m*il.example.com", "192.0.2.1", "bücher.example",
            "xn--bcher-kva.example", " mail.example.com", "a".repeat(64) + ".example.com", "exa mple.com", ".example.com",
            "..example.com", "*", "default", "*.example.com.");

    @Test
    void commonNameAndDnsNamesOfANewCertificate() {
        List<String> inputs = new ArrayList<>(NAMES);
        inputs.addAll(List.of("My Gateway", "mail.example.com:25"));
        for (boolean fqdnCheck : new boolean[] {true, false}) {
            for (String cn : inputs) {
                String engine = refusal(() -> gateway.certificates().createSelfSigned(request(cn, List.of(), fqdnCheck)));
                assertThat(InputRules.commonNameProblem(cn, fqdnCheck)).as("CN %s, check %s", cn, fqdnCheck)
                        .isEqualTo(engine);
            }
            for (String san : inputs) {
                String engine = refusal(() -> gateway.certificates().createSelfSigned(
                        request("host.example.org", List.of(san), fqdnCheck)));
                assertThat(InputRules.dnsNameProblem(san, fqdnCheck)).as("SAN %s, check %s", san, fqdnCheck)
                        .isEqualTo(engine);
            }
        }
    }

    @Test
    void aTrailingDotIsRefusedInCertificateNames() {
        assertThat(InputRules.commonNameProblem("mail.example.com.", true)).isEqualTo("common name 'mail.example.com.'"
                + " is not a valid fully-qualified domain name: it ends with a dot; give the name without the root dot");
        assertThat(InputRules.dnsNameProblem("mx.example.com.", true)).contains("ends with a dot");
    }

    @Test
    void countryValidityAndEntryName() {
        for (String country : List.of("", "de", "DE", "CN", "DEU", "XX", "D", " us ")) {
            NewCertificateRequest r = new NewCertificateRequest("c" + counter.incrementAndGet(), "host.example.org",
                    List.of(), null, null, null, null, country, 30, KeyType.EC_P256, true);
            assertThat(InputRules.countryProblem(country)).as(country)
                    .isEqualTo(refusal(() -> gateway.certificates().createSelfSigned(r)));
        }
        for (int days : new int[] {-1, 0, 1, 3650, 36_500, 36_501}) {
            NewCertificateRequest r = new NewCertificateRequest("v" + counter.incrementAndGet(), "host.example.org",
                    List.of(), null, null, null, null, null, days, KeyType.EC_P256, true);
            assertThat(InputRules.validityDaysProblem(days)).as("%d days", days)
                    .isEqualTo(refusal(() -> gateway.certificates().createSelfSigned(r)));
        }
        List<String> taken = gateway.certificates().list().stream().map(CertificateSummary::name).toList();
        for (String name : List.of("demo", "Fresh", "x".repeat(129), "tab\there", "")) {
            String problem = InputRules.certificateEntryNameProblem(name, "fallback.example.org", taken);
            NewCertificateRequest r = new NewCertificateRequest(name, "fallback.example.org", List.of(), null, null, null,
                    null, null, 30, KeyType.EC_P256, true);
            assertThat(problem).as(name).isEqualTo(refusal(() -> gateway.certificates().createSelfSigned(r)));
        }
    }

    @Test
    void subjectFieldsWithinTheirRfc5280Bounds() {
        for (int length : new int[] {0, 64, 65, 128, 129}) {
            String v = "x".repeat(length);
            assertThat(InputRules.organizationProblem(v)).as("O %d", length).isEqualTo(refusal(() -> gateway.certificates()
                    .createSelfSigned(subject(v, null, null, null))));
            assertThat(InputRules.organizationalUnitProblem(v)).as("OU %d", length).isEqualTo(refusal(() ->
                    gateway.certificates().createSelfSigned(subject(null, v, null, null))));
            assertThat(InputRules.cityProblem(v)).as("L %d", length).isEqualTo(refusal(() -> gateway.certificates()
                    .createSelfSigned(subject(null, null, v, null))));
            assertThat(InputRules.stateProblem(v)).as("ST %d", length).isEqualTo(refusal(() -> gateway.certificates()
                    .createSelfSigned(subject(null, null, null, v))));
        }
        assertThat(InputRules.organizationProblem("x".repeat(65)))
                .isEqualTo("the organization is longer than 64 characters (RFC 5280 upper bound)");
        assertThat(InputRules.cityProblem("x".repeat(128))).isNull();
    }

    private NewCertificateRequest subject(String o, String ou, String l, String st) {
        return new NewCertificateRequest("s" + counter.incrementAndGet(), "subject.example.org", List.of(), o, ou, l, st,
                null, 30, KeyType.EC_P256, true);
    }

    @Test
    void tlsaHostAndPort() {
        for (String host : NAMES) {
            assertThat(InputRules.tlsaHostProblem(host)).as(host).isEqualTo(refusal(() ->
                    gateway.certificates().tlsaRecord("Demo", new TlsaRequest(3, 1, 1, host, 25))));
        }
        for (int port : new int[] {0, 1, 25, 65535, 65536}) {
            assertThat(InputRules.tlsaPortProblem(port)).as("port %d", port).isEqualTo(refusal(() ->
                    gateway.certificates().tlsaRecord("Demo", new TlsaRequest(3, 1, 1, "mx.example.com", port))));
        }
    }

    @Test
    void listenerFields() {
        ListenerSpec base = gateway.listeners().get("IncomingMail");
        for (String address : List.of("127.0.0.1", "0.0.0.0", "::", "::1", "1.2.3", "10.1", "010.1.1.1", "256.0.0.1",
                "mail.example.com", "", "fe80::1%1", "127.0.0.1 ")) {
            assertThat(InputRules.listenerAddressProblem(address)).as(address)
                    .isEqualTo(check(with(base, address, base.port(), base.defaultDomain(), base.acceptedDomains(),
                            base.maxConnections(), base.acceptQueue(), base.senderGroups())));
        }
        for (int port : new int[] {0, 1, 2525, 65535, 65536, -5}) {
            assertThat(InputRules.listenerPortProblem(port)).as("port %d", port)
                    .isEqualTo(check(with(base, base.address(), port, base.defaultDomain(), base.acceptedDomains(),
                            base.maxConnections(), base.acceptQueue(), base.senderGroups())));
        }
        for (int n : new int[] {0, 1, 100_000, 100_001}) {
            assertThat(InputRules.listenerMaxConnectionsProblem(n)).as("connections %d", n)
                    .isEqualTo(check(with(base, base.address(), base.port(), base.defaultDomain(),
                            base.acceptedDomains(), n, base.acceptQueue(), base.senderGroups())));
            assertThat(InputRules.acceptQueueProblem(n)).as("queue %d", n)
                    .isEqualTo(check(with(base, base.address(), base.port(), base.defaultDomain(),
                            base.acceptedDomains(), base.maxConnections(), n, base.senderGroups())));
        }
        List<String> domains = new ArrayList<>(NAMES);
        domains.add("LOCALHOST");
        for (String d : domains) {
            assertThat(InputRules.defaultDomainProblem(d)).as("default domain %s", d)
                    .isEqualTo(check(with(base, base.address(), base.port(), d, base.acceptedDomains(),
                            base.maxConnections(), base.acceptQueue(), base.senderGroups())));
            assertThat(InputRules.acceptedDomainProblem(d)).as("accepted domain %s", d)
                    .isEqualTo(check(with(base, base.address(), base.port(), base.defaultDomain(), List.of(d),
                            base.maxConnections(), base.acceptQueue(), base.senderGroups())));
        }
    }

    @Test
    void senderGroupPatterns() {
        ListenerSpec base = gateway.listeners().get("IncomingMail");
        List<String> patterns = new ArrayList<>(NAMES);
        patterns.addAll(List.of("192.0.2.1", "192.0.2.0/24", "192.0.2.0/33", "192.0.2.0/x", "2001:db8::/32",
                "2001:db8::/129", "::1", "10.1", "1.2.3", "300.1.1.1", "10.0.0.0/", "/24", ".example.com",
                ".*.example.com", "10.0.0.0/+8", "host.example.com/24"));
        for (String p : patterns) {
            SenderGroup group = new SenderGroup("Checked", List.of(p), base.defaultPolicy());
            assertThat(InputRules.senderPatternProblem(p)).as(p)
                    .isEqualTo(check(with(base, base.address(), base.port(), base.defaultDomain(),
                            base.acceptedDomains(), base.maxConnections(), base.acceptQueue(), List.of(group))));
        }
    }

    @Test
    void caListVersionAndTlsPolicy() {
        byte[] bundle = gateway.caLists().exportPem(CaListApi.CaList.SYSTEM).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        for (String version : List.of("", " ", "2025-06", "x".repeat(100), "x".repeat(101), "2025\n06")) {
            assertThat(InputRules.caListVersionProblem(version)).as(version)
                    .isEqualTo(refusal(() -> gateway.caLists().updateSystem(bundle, version)));
        }
        TlsSettingsApi tls = gateway.tls();
        for (TlsSettingsApi.TlsPolicy policy : List.of(new TlsSettingsApi.TlsPolicy(List.of("TLSv1.3"), List.of()),
                new TlsSettingsApi.TlsPolicy(List.of(), List.of()),
                new TlsSettingsApi.TlsPolicy(List.of("SSLv3"), List.of()),
                new TlsSettingsApi.TlsPolicy(List.of("TLSv1.2"), List.of("TLS_NO_SUCH_SUITE")))) {
            assertThat(InputRules.tlsPolicyProblem(policy)).as(policy.toString())
                    .isEqualTo(refusal(() -> tls.set(TlsSettingsApi.Direction.INBOUND, policy)));
        }
    }

    @Test
    void mailFlowPolicyLimits() {
        for (long size : new long[] {-1, 0, 1023, 1024, 3L << 30}) {
            assertThat(InputRules.maxMessageSizeProblem(size)).as("%d bytes", size).isEqualTo(refusal(() ->
                    new MailFlowPolicy("P", PolicyAction.ACCEPT, InboundTls.NO, size, 10)));
        }
        for (int recipients : new int[] {-1, 0, 1, 5000}) {
            assertThat(InputRules.maxRecipientsProblem(recipients)).as("%d recipients", recipients).isEqualTo(refusal(() ->
                    new MailFlowPolicy("P", PolicyAction.ACCEPT, InboundTls.NO, 1024, recipients)));
        }
    }

    @Test
    void destinationDomainRouteConnectionsAndQueueLifetime() {
        List<String> domains = new ArrayList<>(NAMES);
        domains.addAll(List.of("Example.ORG.", ".example.org.", "default", ".*.example.com"));
        for (String d : domains) {
            assertThat(InputRules.destinationDomainProblem(d)).as(d).isEqualTo(refusal(() -> gateway.destinations()
                    .save(new DestinationEntry(d, OutboundTls.PREFERRED, DaneSetting.NONE, 5, null, false))));
        }
        for (String route : List.of("", " ", "mx.example.net", "mx.example.net:2525", "mx.example.net.", "192.0.2.25",
                "192.0.2.25:25", "[2001:db8::25]:25", "[::1]", "::1", "[::1", "[::1]x", "[192.0.2.1]:25", "1.2.3",
                "10.1:25", "*.example.net", "mx", "mx.example.net:0", "mx.example.net:99999", "mx.example.net:abc",
                "mx.example.net:+25", "mx.example.net:", ":25")) {
            assertThat(InputRules.routeProblem(route)).as(route).isEqualTo(refusal(() -> gateway.destinations()
                    .save(new DestinationEntry("routed.example.com", OutboundTls.DEFAULT, DaneSetting.DEFAULT, 5, route,
                            false))));
        }
        for (int n : new int[] {0, 1, 10_000, 10_001}) {
            assertThat(InputRules.destinationMaxConnectionsProblem(n)).as("connections %d", n)
                    .isEqualTo(refusal(() -> gateway.destinations().save(new DestinationEntry("n.example.com",
                            OutboundTls.DEFAULT, DaneSetting.DEFAULT, n, null, false))));
        }
        DestinationApi.GlobalSettings g = gateway.destinations().globalSettings();
        for (int hours : new int[] {0, 1, 720, 721}) {
            assertThat(InputRules.queueLifetimeProblem(hours)).as("%d hours", hours)
                    .isEqualTo(refusal(() -> gateway.destinations().saveGlobalSettings(new DestinationApi.GlobalSettings(
                            g.clientCertificate(), g.requiredTlsAlert(), hours, g.fqdnCheck(), g.algorithmCheck(),
                            g.daneAlert()))));
        }
    }

    @Test
    void aProbeRefusesWhatIsNotOneRecipientDomain() {
        for (String d : List.of(".example.com", "*.example.com", "localhost", "mail", "exa mple.com", "default",
                "192.0.2.1", "-x.example.com")) {
            String problem = InputRules.recipientDomainProblem(d);
            assertThat(problem).as(d).isNotNull()
                    .isEqualTo(refusal(() -> gateway.destinations().probe(d, null, null)));
        }
        assertThat(InputRules.recipientDomainProblem("Example.COM.")).isNull();
        assertThat(InputRules.recipientDomainProblem("mx.example.net")).isNull();
    }

    @Test
    void alertRecipients() {
        for (String a : List.of("postmaster@example.com", "postmaster", "@example.com", "a b@example.com",
                "<a@example.com>", "postmaster@localhost", "postmaster@exa_mple.com", "postmaster@example.com.",
                "postmaster@*.example.com", "postmaster@[192.0.2.1]", "x".repeat(65) + "@example.com", "",
                "postmaster@")) {
            assertThat(InputRules.alertRecipientProblem(a)).as(a).isEqualTo(refusal(() ->
                    gateway.alerts().add(new AlertRecipient(a, AlertType.SYSTEM, Severity.WARNING))));
        }
    }

    /** Inputs the engine used to store (and then never match or mis-read) and now refuses with a reason. */
    @Test
    void theEngineRefusesWhatItUsedToStoreAndMisread() {
        DestinationApi destinations = gateway.destinations();
        assertThat(refusal(() -> destinations.save(new DestinationEntry("r.example.com", OutboundTls.DEFAULT,
                DaneSetting.DEFAULT, 5, "1.2.3", false))))
                .isEqualTo("route '1.2.3': '1.2.3' is not an IPv4 address (four numbers 0–255, e.g. 192.0.2.25)");
        assertThat(refusal(() -> destinations.save(new DestinationEntry("r.example.com", OutboundTls.DEFAULT,
                DaneSetting.DEFAULT, 5, "*.example.net", false))))
                .isEqualTo("route host '*.example.net' is a wildcard; give one name (a wildcard is only for certificate names)");
        assertThat(refusal(() -> destinations.save(new DestinationEntry("r.example.com", OutboundTls.DEFAULT,
                DaneSetting.DEFAULT, 5, "2001:db8::25", false))))
                .isEqualTo("route '2001:db8::25': write an IPv6 address in brackets, e.g. [2001:db8::25]:25");
        assertThat(refusal(() -> destinations.save(new DestinationEntry("*.example.com", OutboundTls.DEFAULT,
                DaneSetting.DEFAULT, 5, null, false))))
                .isEqualTo("destination domain '*.example.com' is a wildcard; write .example.com (with a leading dot)"
                        + " for every subdomain of example.com");
        assertThat(refusal(() -> destinations.probe(".example.com", null, null)))
                .isEqualTo("recipient domain '.example.com' starts with a dot; give one domain, e.g. example.com");
        assertThat(destinations.list()).extracting(DestinationEntry::domain).containsExactly("default");

        ListenerSpec base = gateway.listeners().get("IncomingMail");
        assertThat(check(with(base, "10.1", base.port(), base.defaultDomain(), base.acceptedDomains(),
                base.maxConnections(), base.acceptQueue(), base.senderGroups())))
                .isEqualTo("listener address '10.1' is not an IP address");
        assertThat(check(with(base, base.address(), base.port(), base.defaultDomain(), List.of("*.example.com"),
                base.maxConnections(), base.acceptQueue(), base.senderGroups())))
                .startsWith("accepted domain '*.example.com' is a wildcard");
        for (String pattern : List.of("10.1", "*.example.com", "010.0.0.1")) {
            assertThat(check(with(base, base.address(), base.port(), base.defaultDomain(), base.acceptedDomains(),
                    base.maxConnections(), base.acceptQueue(),
                    List.of(new SenderGroup("G", List.of(pattern), base.defaultPolicy())))))
                    .as(pattern).isNotNull();
        }

        assertThat(refusal(() -> gateway.alerts().add(new AlertRecipient("postmaster@localhost", AlertType.SYSTEM,
                Severity.WARNING)))).isEqualTo("alert recipient 'postmaster@localhost': the domain 'localhost'"
                + " is not fully qualified (needs at least two labels)");
        assertThat(gateway.alerts().recipients()).isEmpty();

        assertThat(refusal(() -> gateway.certificates().createSelfSigned(request("a".repeat(60) + ".example.com",
                List.of(), false)))).startsWith("the common name is longer than 64 characters");
        assertThat(gateway.certificates().list()).extracting(CertificateSummary::name).containsExactly("Demo");
    }

    private NewCertificateRequest request(String cn, List<String> extra, boolean fqdnCheck) {
        return new NewCertificateRequest("t" + counter.incrementAndGet(), cn, extra, null, null, null, null, null, 30,
                KeyType.EC_P256, fqdnCheck);
    }

    private static ListenerSpec with(ListenerSpec s, String address, int port, String defaultDomain,
                                     List<String> acceptedDomains, int maxConnections, int acceptQueue,
                                     List<SenderGroup> groups) {
        return new ListenerSpec(s.name(), s.kind(), address, port, defaultDomain, acceptedDomains, maxConnections,
                acceptQueue, s.certificate(), groups, s.policies(), s.defaultPolicy());
    }

    /** The listener API's full validation of {@code spec} as an edit of the listener, storing nothing. */
    private String check(ListenerSpec spec) {
        return refusal(() -> gateway.listeners().checkCertificateChange(spec.name(), spec));
    }
}

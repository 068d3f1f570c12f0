package org.postern.console.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.common.Operation;
import org.postern.console.engine.EngineViewModel;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.console.testsupport.Smtp;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.KeyType;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.PolicyAction;

/** Network › Listeners' view models against the real embedded engine, without a stage. */
class ListenersViewModelTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private final CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private EngineViewModel engine;
    private ListenersViewModel vm;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        Smtp.moveListenersToFreePorts(gateway);
        engine = new EngineViewModel(gateway.engine(), executor, dialogs);
        vm = new ListenersViewModel(gateway.listeners(), gateway.certificates(), engine, executor, dialogs);
        engine.refresh();
        vm.refresh();
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void listsTheDefaultListenersWithStatusAndTheDemoCertificateFirst() {
        assertThat(vm.rows()).extracting(ListenerRow::name).containsExactly("IncomingMail", "OutgoingMail");
        ListenerRow in = vm.row("IncomingMail");
        assertThat(in.spec().kind()).isEqualTo(ListenerKind.PUBLIC);
        assertThat(in.certificateText()).isEqualTo("Demo (not secure)");
        assertThat(in.tls()).isEqualTo(InboundTls.NO);
        assertThat(ListenerRow.statusText(in.statusProperty().get(), false)).isEqualTo("engine stopped");
        assertThat(vm.certificateChoices()).first().isEqualTo(CertificateChoice.DEMO);
        assertThat(vm.warnings()).isEmpty();

        engine.start(true);
        assertThat(ListenerRow.statusText(vm.row("IncomingMail").statusProperty().get(), true))
                .isEqualTo("listening · 0 active");
    }

    @Test
    void checksAsYouType() {
        ListenerEditModel m = vm.newListener();
        assertThat(m.nameProblem()).isEqualTo("enter a name for the listener");
        m.nameProperty().set("incomingmail");
        assertThat(m.nameProblem()).isEqualTo("a listener named 'incomingmail' already exists");
        m.nameProperty().set("Inbound");
        assertThat(m.nameProblem()).isNull();
        m.addressProperty().set("300.1.1.1");
        assertThat(m.addressProblem()).contains("is not an IP address");
        m.addressProperty().set("mail.example.com");
        assertThat(m.addressProblem()).contains("is not an IP address");
        m.addressProperty().set("10.1");
        assertThat(m.addressProblem()).as("a short IPv4 form").isEqualTo("listener address '10.1' is not an IP address");
        m.addressProperty().set("::1");
        assertThat(m.addressProblem()).isNull();
        m.addressProperty().set("127.0.0.1");
        for (String bad : List.of("abc", "")) {
            m.portProperty().set(bad);
            assertThat(m.portProblem()).as(bad).isEqualTo("the port must be a number from 1 to 65535");
        }
        for (String outside : List.of("0", "65536")) {
            m.portProperty().set(outside);
            assertThat(m.portProblem()).as(outside).isEqualTo("port " + outside + " is outside 1–65535");
        }
        int taken = vm.row("IncomingMail").spec().port();
        m.portProperty().set(Integer.toString(taken));
        assertThat(m.portProblem()).isEqualTo("listener 'IncomingMail' already listens on 127.0.0.1 port " + taken);
        m.portProperty().set(Integer.toString(Smtp.freePort()));
        assertThat(m.portProblem()).isNull();
        m.maxConnectionsProperty().set(0);
        assertThat(m.maxConnectionsProblem()).isNotNull();
        m.maxConnectionsProperty().set(1000);
        m.acceptQueueProperty().set(70_000);
        assertThat(m.acceptQueueProblem()).isNotNull();
        m.acceptQueueProperty().set(50);
        m.defaultDomainProperty().set("not a domain");
        assertThat(m.defaultDomainProblem()).startsWith("default domain 'not a domain' is not a valid");
        m.defaultDomainProperty().set("example.com.");
        assertThat(m.defaultDomainProblem()).as("a root dot the console's own rule used to accept")
                .contains("ends with a dot");
        m.defaultDomainProperty().set("example.com");
        m.acceptedDomainsProperty().set("example.com, bad_name");
        assertThat(m.problem()).startsWith("accepted domain 'bad_name' is not a valid");
        m.acceptedDomainsProperty().set("example.com, example.org");
        assertThat(m.problem()).isNull();
    }

    @Test
    void createsAPreferredListenerThatListensAndWarnsOfTheDemoCertificate() {
        engine.start(true);
        ListenerEditModel m = vm.newListener();
        int port = Smtp.freePort();
        m.nameProperty().set("Inbound");
        m.portProperty().set(Integer.toString(port));
        m.tlsProperty().set(InboundTls.PREFERRED);
        m.checkWarnings();
        assertThat(m.warnings()).containsExactly(
                "listener 'Inbound' uses the demo certificate, which is not secure: choose your own certificate");
        m.save(() -> vm.saved("Inbound"));
        assertThat(m.saveOperation().getState()).isEqualTo(Operation.State.SUCCEEDED);
        assertThat(m.saveOperation().getResult()).containsExactly(
                "listener 'Inbound' uses the demo certificate, which is not secure: choose your own certificate");

        ListenerSpec saved = gateway.listeners().get("Inbound");
        assertThat(saved.policy(saved.defaultPolicy()).tls()).isEqualTo(InboundTls.PREFERRED);
        assertThat(saved.policy(saved.defaultPolicy()).action()).isEqualTo(PolicyAction.ACCEPT);
        assertThat(saved.certificate()).isNull();
        assertThat(vm.row("Inbound").statusProperty().get().listening()).isTrue();
        assertThat(vm.warnings()).anyMatch(w -> w.contains("'Inbound' uses the demo certificate"));
        assertThat(vm.selectedProperty().get().name()).isEqualTo("Inbound");
        List<String> reply = Smtp.session(port, "EHLO x", "QUIT");
        assertThat(reply.getFirst()).startsWith("220 ");
        assertThat(reply).contains("250-STARTTLS");
    }

    @Test
    void requiredOnAPublicListenerGivesTheRfc3207WarningAndAChosenCertificateRemovesTheDemoOne() {
        gateway.certificates().createSelfSigned(new NewCertificateRequest("mx1", "mx1.example.com", List.of(), null,
                null, null, null, null, 365, KeyType.EC_P256, true));
        vm.refresh();
        assertThat(vm.certificateChoices()).extracting(CertificateChoice::name).containsExactly(null, "mx1");

        ListenerEditModel m = vm.edit(vm.row("IncomingMail"));
        assertThat(m.problem()).isNull();
        m.tlsProperty().set(InboundTls.REQUIRED);
        m.checkWarnings();
        assertThat(m.warnings()).contains("listener 'IncomingMail' is public and policy 'ACCEPTED' requires TLS:"
                + " RFC 3207 §4 says a publicly-referenced MX must not require TLS; servers without TLS cannot deliver");
        m.certificateProperty().set(vm.certificateChoices().get(1));
        m.checkWarnings();
        assertThat(m.warnings()).noneMatch(w -> w.contains("demo")).anyMatch(w -> w.contains("RFC 3207 §4"));
        m.save(() -> vm.saved("IncomingMail"));
        assertThat(m.saveOperation().getState()).isEqualTo(Operation.State.SUCCEEDED);

        ListenerSpec saved = gateway.listeners().get("IncomingMail");
        assertThat(saved.certificate()).isEqualTo("mx1");
        assertThat(saved.policy("ACCEPTED").tls()).isEqualTo(InboundTls.REQUIRED);
        assertThat(saved.policy("TRUSTED").tls()).as("other policies keep theirs").isEqualTo(InboundTls.NO);
        assertThat(vm.row("IncomingMail").certificateText()).isEqualTo("mx1");
        assertThat(vm.warnings()).anyMatch(w -> w.contains("RFC 3207 §4"));
    }

    @Test
    void anEngineRefusalIsShownVerbatimAndNothingChanges() {
        ListenerEditModel m = vm.newListener();
        int port = Smtp.freePort();
        m.nameProperty().set("Late");
        m.portProperty().set(Integer.toString(port));
        assertThat(m.problem()).isNull();
        // meanwhile someone else takes the port (e.g. the CLI)
        ListenerSpec in = gateway.listeners().get("IncomingMail");
        gateway.listeners().create(new ListenerSpec("Other", ListenerKind.PRIVATE, "127.0.0.1", port, null, List.of(),
                10, 10, null, List.of(), in.policies(), in.defaultPolicy()));
        m.save(() -> { });
        assertThat(m.saveOperation().getState()).isEqualTo(Operation.State.FAILED);
        assertThat(m.saveOperation().getError()).isEqualTo("listener 'Other' already listens on 127.0.0.1 port " + port);
        assertThat(gateway.listeners().list()).extracting(ListenerSpec::name).doesNotContain("Late");
    }

    @Test
    void aPrivateListenerRelaysForLoopbackOnly() {
        ListenerEditModel m = vm.newListener();
        m.nameProperty().set("Relay");
        m.kindProperty().set(ListenerKind.PRIVATE);
        assertThat(m.acceptedDomainsProperty().get()).isEmpty();
        m.portProperty().set(Integer.toString(Smtp.freePort()));
        m.save(() -> { });
        ListenerSpec saved = gateway.listeners().get("Relay");
        assertThat(saved.defaultPolicy()).isEqualTo("BLOCKED");
        assertThat(saved.senderGroups()).singleElement()
                .satisfies(g -> assertThat(g.patterns()).containsExactly("127.0.0.0/8", "::1"));
        assertThat(saved.policy("RELAYED").action()).isEqualTo(PolicyAction.RELAY);
    }

    @Test
    void deleteAsksFirst() {
        dialogs.confirmAnswer = false;
        vm.delete(vm.row("OutgoingMail"));
        assertThat(dialogs.questions).containsExactly("Delete listener \"OutgoingMail\"?");
        assertThat(gateway.listeners().list()).hasSize(2);
        dialogs.confirmAnswer = true;
        vm.delete(vm.row("OutgoingMail"));
        assertThat(gateway.listeners().list()).extracting(ListenerSpec::name).containsExactly("IncomingMail");
        assertThat(vm.rows()).extracting(ListenerRow::name).containsExactly("IncomingMail");
    }
}

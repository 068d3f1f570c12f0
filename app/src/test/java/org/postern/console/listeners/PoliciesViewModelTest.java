package org.postern.console.listeners;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.engine.EngineViewModel;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.SenderGroup;

/** Mail Policies › Mail Flow Policies' view models against the real embedded engine. */
class PoliciesViewModelTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private PoliciesViewModel vm;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        CurrentThreadTaskExecutor executor = new CurrentThreadTaskExecutor();
        EngineViewModel engine = new EngineViewModel(gateway.engine(), executor, dialogs);
        ListenersViewModel listeners = new ListenersViewModel(gateway.listeners(), gateway.certificates(), engine,
                executor, dialogs);
        vm = new PoliciesViewModel(listeners);
        listeners.refresh();
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    @Test
    void loadsTheFirstListenersTable() {
        assertThat(vm.listenerNames()).containsExactly("IncomingMail", "OutgoingMail");
        assertThat(vm.listenerProperty().get()).isEqualTo("IncomingMail");
        assertThat(vm.groups()).extracting(SenderGroup::name).containsExactly("ALLOWLIST", "BLOCKLIST");
        assertThat(vm.policies()).extracting(MailFlowPolicy::name).containsExactly("ACCEPTED", "TRUSTED", "BLOCKED");
        assertThat(vm.defaultPolicyProperty().get()).isEqualTo("ACCEPTED");
        assertThat(vm.dirtyProperty().get()).isFalse();
        assertThat(vm.choose("OutgoingMail")).isTrue();
        assertThat(vm.groups()).extracting(SenderGroup::name).containsExactly("RELAYLIST");
    }

    @Test
    void addMoveAndSaveGroupsAndPolicies() {
        PolicyEditModel p = vm.newPolicy();
        p.nameProperty().set("SECURE");
        p.tlsProperty().set(InboundTls.PREFERRED);
        p.maxMessageSizeProperty().set("10485760");
        p.maxRecipientsProperty().set(50);
        assertThat(p.problem()).isNull();
        vm.putPolicy(-1, p.policy());

        GroupEditModel g = vm.newGroup();
        g.nameProperty().set("PARTNERS");
        g.patternsProperty().set("192.0.2.0/24\nmx.partner.example, .partner.example");
        g.policyProperty().set("SECURE");
        assertThat(g.problem()).isNull();
        vm.putGroup(-1, g.group());
        assertThat(vm.moveGroup(2, -1)).isEqualTo(1);
        assertThat(vm.moveGroup(1, -1)).isEqualTo(0);
        assertThat(vm.moveGroup(0, -1)).as("already first").isEqualTo(0);
        vm.defaultPolicyProperty().set("TRUSTED");
        assertThat(vm.dirtyProperty().get()).isTrue();

        vm.save();
        assertThat(dialogs.errors).isEmpty();
        assertThat(vm.dirtyProperty().get()).isFalse();
        ListenerSpec saved = gateway.listeners().get("IncomingMail");
        assertThat(saved.senderGroups()).extracting(SenderGroup::name).containsExactly("PARTNERS", "ALLOWLIST", "BLOCKLIST");
        assertThat(saved.senderGroups().getFirst().patterns())
                .containsExactly("192.0.2.0/24", "mx.partner.example", ".partner.example");
        assertThat(saved.policy("SECURE")).isEqualTo(new MailFlowPolicy("SECURE", PolicyAction.ACCEPT,
                InboundTls.PREFERRED, 10485760, 50));
        assertThat(saved.defaultPolicy()).isEqualTo("TRUSTED");
    }

    @Test
    void anEngineRefusalIsShownVerbatimAndNothingIsChanged() {
        vm.putGroup(-1, new SenderGroup("ODD", List.of("10.0.0.0/99"), "ACCEPTED"));
        vm.save();
        assertThat(dialogs.errors).singleElement().asString()
                .startsWith("pattern '10.0.0.0/99' has a prefix length outside 0–32")
                .contains("Nothing was changed");
        assertThat(vm.dirtyProperty().get()).as("the working copy stays for correction").isTrue();
        assertThat(gateway.listeners().get("IncomingMail").senderGroups()).extracting(SenderGroup::name)
                .containsExactly("ALLOWLIST", "BLOCKLIST");
        vm.reload();
        assertThat(vm.dirtyProperty().get()).isFalse();
        assertThat(vm.groups()).hasSize(2);
    }

    @Test
    void policiesInUseCannotBeDeletedAndRenamesFollow() {
        assertThat(vm.deletePolicyProblem(0)).contains("is the default policy");
        assertThat(vm.deletePolicyProblem(1)).contains("used by the sender group ALLOWLIST");
        vm.removePolicy(1);
        assertThat(dialogs.warnings).hasSize(1);
        assertThat(vm.policies()).hasSize(3);

        PolicyEditModel p = vm.editPolicy(0);
        p.nameProperty().set("TRUSTED");
        assertThat(p.nameProblem()).isEqualTo("a policy named 'TRUSTED' already exists");
        p.nameProperty().set("INBOUND");
        vm.putPolicy(0, p.policy());
        assertThat(vm.defaultPolicyProperty().get()).isEqualTo("INBOUND");
        PolicyEditModel b = vm.editPolicy(2);
        b.nameProperty().set("DENIED");
        vm.putPolicy(2, b.policy());
        assertThat(vm.groups().get(1).policy()).isEqualTo("DENIED");
        vm.save();
        assertThat(dialogs.errors).isEmpty();
        assertThat(gateway.listeners().get("IncomingMail").defaultPolicy()).isEqualTo("INBOUND");
    }

    /**
     * The sender-group form shows what the engine says when the same pattern is saved: the message
     * of the listener API's refusal, or nothing when it is accepted.
     */
    @Test
    void patternProblemsAreTheEnginesRefusals() {
        ListenerSpec spec = gateway.listeners().get("IncomingMail");
        for (String pattern : List.of("192.0.2.0/24", "10.0.0.0/33", "1.2.3", "10.1", "host.example.com",
                "host.example.com.", "*.example.com", ".example.com", ".*.example.com", "::1", "2001:db8::/129",
                "not_a_host", "localhost")) {
            GroupEditModel g = vm.newGroup();
            g.nameProperty().set("CHECKED");
            g.patternsProperty().set(pattern);
            SenderGroup group = new SenderGroup("CHECKED", List.of(pattern), spec.defaultPolicy());
            ListenerSpec edited = new ListenerSpec(spec.name(), spec.kind(), spec.address(), spec.port(),
                    spec.defaultDomain(), spec.acceptedDomains(), spec.maxConnections(), spec.acceptQueue(),
                    spec.certificate(), List.of(group), spec.policies(), spec.defaultPolicy());
            String engine;
            try {
                gateway.listeners().checkCertificateChange(spec.name(), edited);
                engine = null;
            } catch (PosternException e) {
                engine = e.getMessage();
            }
            assertThat(g.patternsProblem()).as(pattern).isEqualTo(engine);
        }
        GroupEditModel g = vm.newGroup();
        g.patternsProperty().set("mx.partner.example.");
        assertThat(g.patternsProblem()).as("a root dot the console's own rule used to accept").contains("ends with a dot");
    }

    @Test
    void formsCheckAsYouType() {
        GroupEditModel g = vm.newGroup();
        assertThat(g.problem()).isEqualTo("enter a name for the sender group");
        g.nameProperty().set("allowlist");
        assertThat(g.problem()).isEqualTo("a sender group named 'allowlist' already exists");
        g.nameProperty().set("NEW");
        g.patternsProperty().set("10.0.0.0/33");
        assertThat(g.problem()).isEqualTo("pattern '10.0.0.0/33' has a prefix length outside 0–32");
        g.patternsProperty().set("999.1.1.1");
        assertThat(g.problem()).contains("not a valid IP address");
        g.patternsProperty().set("not_a host");
        assertThat(g.problem()).startsWith("host pattern 'not_a' is not a valid fully-qualified domain name");
        g.patternsProperty().set("2001:db8::/32 ::1 .example.org");
        assertThat(g.problem()).isNull();

        PolicyEditModel p = vm.newPolicy();
        assertThat(p.tlsProperty().get()).as("LIS-2 default").isEqualTo(InboundTls.NO);
        p.nameProperty().set("X");
        p.maxMessageSizeProperty().set("100");
        assertThat(p.problem()).isEqualTo("the message size limit must be at least 1024 bytes, not 100");
        p.maxMessageSizeProperty().set("20m");
        assertThat(p.problem()).startsWith("the message size limit is a number of bytes");
        p.maxMessageSizeProperty().set("3221225472");
        assertThat(p.problem()).as("3 GiB: the engine sets no upper bound, so neither does the form").isNull();
        p.maxMessageSizeProperty().set("20971520");
        p.maxRecipientsProperty().set(0);
        assertThat(p.problem()).isEqualTo("the recipient limit must be at least 1, not 0");
        assertThat(PolicyEditModel.readableSize(20971520)).isEqualTo("20 MiB");
        assertThat(PolicyEditModel.readableSize(1536)).isEqualTo("1536 bytes");
    }

    @Test
    void switchingWithUnsavedChangesAsks() {
        vm.removeGroup(0);
        dialogs.confirmAnswer = false;
        assertThat(vm.choose("OutgoingMail")).isFalse();
        assertThat(vm.listenerProperty().get()).isEqualTo("IncomingMail");
        dialogs.confirmAnswer = true;
        assertThat(vm.choose("OutgoingMail")).isTrue();
        assertThat(vm.dirtyProperty().get()).isFalse();
        assertThat(gateway.listeners().get("IncomingMail").senderGroups()).hasSize(2);
    }
}

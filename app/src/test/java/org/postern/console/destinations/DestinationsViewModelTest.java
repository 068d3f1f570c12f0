package org.postern.console.destinations;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.common.Operation;
import org.postern.console.testsupport.RecordingDialogService;
import org.postern.console.testsupport.TestCa;
import org.postern.console.testsupport.TinySmtpServer;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.api.TlsOutcome;

/** Destination Controls' view models against the real embedded engine, without a stage. */
class DestinationsViewModelTest {

    @TempDir
    Path dir;

    private EmbeddedGateway gateway;
    private DestinationApi api;
    private final RecordingDialogService dialogs = new RecordingDialogService();
    private DestinationsViewModel vm;

    @BeforeEach
    void open() {
        gateway = EmbeddedGateway.open(dir.resolve("data"));
        api = gateway.destinations();
        vm = new DestinationsViewModel(api, gateway.certificates(), new CurrentThreadTaskExecutor(), dialogs);
        vm.refresh();
    }

    @AfterEach
    void close() {
        gateway.close();
    }

    private DestinationEntry saveNew(String domain, OutboundTls tls, String route) {
        DestinationEntryModel m = vm.entryModel(null);
        m.domainProperty().set(domain);
        m.tlsProperty().set(tls);
        m.routeProperty().set(route == null ? "" : route);
        assertThat(m.problem()).isNull();
        m.save(saved -> vm.refresh(saved.domain()));
        assertThat(m.saving().getError()).isNull();
        return m.saving().getResult();
    }

    @Test
    void listsTheDefaultEntryFirstWithTheGlobalSettingsAndCertificates() {
        api.save(new DestinationEntry("b.example.com", OutboundTls.REQUIRED, DaneSetting.DEFAULT, 5, null, false));
        api.save(new DestinationEntry(".a.example.com", OutboundTls.DEFAULT, DaneSetting.DEFAULT, 5, null, false));
        vm.refresh();
        assertThat(vm.loadedProperty().get()).isTrue();
        assertThat(vm.entries()).extracting(DestinationEntry::domain)
                .containsExactly("default", ".a.example.com", "b.example.com");
        assertThat(vm.defaultEntryProperty().get().tls()).isEqualTo(OutboundTls.PREFERRED);
        assertThat(DestinationLabels.tlsColumn(vm.entries().get(1), vm.defaultEntryProperty().get()))
                .isEqualTo("Default (Preferred)");
        assertThat(DestinationLabels.route(vm.entries().get(1))).isEqualTo("MX");
        assertThat(vm.certificateNames()).contains("Demo");
        assertThat(vm.clientCertificateProperty().get()).isNull();
        assertThat(vm.queueLifetimeHoursProperty().get()).isEqualTo(api.globalSettings().queueLifetimeHours());
        assertThat(vm.globalsChangedBinding().get()).isFalse();
    }

    @Test
    void theDaneColumnShowsTheSettingDeliveryUsesAndNotApplicableUnderTlsNone() {
        api.save(new DestinationEntry("default", OutboundTls.PREFERRED, DaneSetting.OPPORTUNISTIC, 20, null, false));
        api.save(new DestinationEntry("inherits.example", OutboundTls.DEFAULT, DaneSetting.DEFAULT, 5, null, false));
        api.save(new DestinationEntry("own.example", OutboundTls.REQUIRED, DaneSetting.MANDATORY, 5, null, false));
        api.save(new DestinationEntry("clear.example", OutboundTls.NONE, DaneSetting.NONE, 5, null, false));
        vm.refresh();
        DestinationEntry def = vm.defaultEntryProperty().get();
        java.util.function.Function<String, String> column = d -> DestinationLabels.daneColumn(
                vm.entries().stream().filter(e -> e.domain().equals(d)).findFirst().orElseThrow(), def);
        assertThat(column.apply("default")).isEqualTo("Opportunistic");
        assertThat(column.apply("inherits.example")).isEqualTo("Default (Opportunistic)");
        assertThat(column.apply("own.example")).isEqualTo("Mandatory");
        assertThat(column.apply("clear.example")).isEqualTo("n/a (TLS None)");
        // what the column says is what the engine resolves for delivery
        assertThat(api.effective("inherits.example").dane()).isEqualTo(DaneSetting.OPPORTUNISTIC);

        // an entry that inherits TLS None: DANE cannot apply, whatever it would inherit
        api.save(new DestinationEntry("own.example", OutboundTls.REQUIRED, DaneSetting.NONE, 5, null, false));
        api.save(new DestinationEntry("default", OutboundTls.NONE, DaneSetting.NONE, 20, null, false));
        vm.refresh();
        assertThat(DestinationLabels.daneColumn(vm.entries().stream().filter(e -> e.domain().equals("inherits.example"))
                .findFirst().orElseThrow(), vm.defaultEntryProperty().get())).isEqualTo("n/a (TLS None)");
        assertThat(DestinationLabels.daneColumn(vm.entries().getFirst(), vm.defaultEntryProperty().get()))
                .isEqualTo("n/a (TLS None)");
    }

    @Test
    void everyTlsSettingHasALabelAndAOneLineExplanation() {
        for (OutboundTls t : OutboundTls.values()) {
            assertThat(DestinationLabels.describe(t)).contains(" — ").doesNotContain("\n");
        }
        assertThat(DestinationLabels.describe(OutboundTls.PREFERRED))
                .isEqualTo("Preferred — STARTTLS when offered; clear if not offered; never clear after a failed handshake");
        assertThat(DestinationLabels.label(OutboundTls.REQUIRED_VERIFY_HOSTED)).isEqualTo("Required (Verify Hosted Domain)");
    }

    @Test
    void domainAndRouteAreCheckedAsYouType() {
        api.save(new DestinationEntry("taken.example.com", OutboundTls.REQUIRED, DaneSetting.DEFAULT, 5, null, false));
        vm.refresh();
        DestinationEntryModel m = vm.entryModel(null);
        assertThat(m.domainProblem()).startsWith("Enter the destination domain");
        for (String bad : List.of("localhost", "*.example.com", "exa mple.com", "default", "-x.example.com")) {
            m.domainProperty().set(bad);
            assertThat(m.domainProblem()).as(bad).isNotNull();
        }
        m.domainProperty().set("taken.example.com");
        assertThat(m.domainProblem()).contains("already an entry");
        m.domainProperty().set(".example.org");
        assertThat(m.domainProblem()).isNull();
        m.domainProperty().set("Example.ORG.");
        assertThat(m.domainProblem()).isNull();
        assertThat(m.entry().domain()).isEqualTo("example.org");

        for (String good : List.of("", "mx.example.net", "mx.example.net:2525", "192.0.2.25", "192.0.2.25:25",
                "[2001:db8::25]:25", "[::1]")) {
            m.routeProperty().set(good);
            assertThat(m.routeProblem()).as(good).isNull();
        }
        for (String bad : List.of("mx", "mx.example.net:0", "mx.example.net:99999", "mx.example.net:abc", "::1",
                "[::1", "1.2.3", "*.example.net")) {
            m.routeProperty().set(bad);
            assertThat(m.routeProblem()).as(bad).isNotNull();
        }
        m.routeProperty().set("");
        m.maxConnectionsProperty().set(0);
        assertThat(m.problem()).isEqualTo("maximum concurrent connections must be 1–10000, not 0");
    }

    /** What the entry form shows is the engine's refusal of the same entry, word for word, or nothing. */
    @Test
    void domainAndRouteProblemsAreTheEnginesRefusals() {
        for (String domain : List.of("partner.example.com", "Partner.Example.COM.", ".example.org", "localhost",
                "exa mple.com", "-x.example.com", "*.example.com", "a..example.com", "192.0.2.1", "under_score.example")) {
            DestinationEntryModel m = vm.entryModel(null);
            m.domainProperty().set(domain);
            String engine = refusal(() -> api.save(m.entry()));
            assertThat(m.domainProblem()).as(domain).isEqualTo(engine);
            if (engine == null) {
                api.delete(m.entry().domain());
            }
        }
        for (String route : List.of("mx.example.net", "mx.example.net:2525", "[2001:db8::25]:25", "192.0.2.25",
                "mx.example.net.", "*.example.net", "1.2.3", "::1", "[::1", "mx", "mx.example.net:0",
                "mx.example.net:abc", "[192.0.2.1]:25", "mx.example.net:")) {
            DestinationEntryModel m = vm.entryModel(null);
            m.domainProperty().set("routed.example.com");
            m.routeProperty().set(route);
            assertThat(m.routeProblem()).as(route).isEqualTo(refusal(() -> api.save(m.entry())));
        }
        DestinationEntryModel m = vm.entryModel(null);
        m.domainProperty().set("routed.example.org");
        m.routeProperty().set("mx.example.net.");
        assertThat(m.problem()).as("a root dot the console's own rule used to accept")
                .isEqualTo("route host 'mx.example.net.' is not a valid fully-qualified domain name: it ends with a dot;"
                        + " give the name without the root dot");
    }

    private static String refusal(Runnable call) {
        try {
            call.run();
            return null;
        } catch (PosternException e) {
            return e.getMessage();
        }
    }

    @Test
    void anEntryWithRequiredVerifyIsSaved() {
        DestinationEntry saved = saveNew("partner.example.com", OutboundTls.REQUIRED_VERIFY, "smtp.example.net:2525");
        assertThat(saved.tls()).isEqualTo(OutboundTls.REQUIRED_VERIFY);
        DestinationEntry stored = api.get("partner.example.com");
        assertThat(stored.tls()).isEqualTo(OutboundTls.REQUIRED_VERIFY);
        assertThat(stored.route()).isEqualTo("smtp.example.net:2525");
        assertThat(stored.maxConnections()).isEqualTo(DestinationEntry.DEFAULT_MAX_CONNECTIONS);
        assertThat(vm.selectedProperty().get()).isEqualTo(stored);
    }

    @Test
    void daneIsRefusedWhereTheTlsSettingIsNone() {
        DestinationEntryModel m = vm.entryModel(null);
        m.domainProperty().set("clear.example.com");
        m.tlsProperty().set(OutboundTls.PREFERRED);
        m.daneProperty().set(DaneSetting.MANDATORY);
        assertThat(m.daneAllowedBinding().get()).isTrue();

        m.tlsProperty().set(OutboundTls.NONE);
        assertThat(m.daneAllowedBinding().get()).isFalse();
        assertThat(m.daneProperty().get()).isEqualTo(DaneSetting.NONE);
        assertThat(m.problem()).isNull();
        // the earlier choice comes back with TLS
        m.tlsProperty().set(OutboundTls.REQUIRED);
        assertThat(m.daneProperty().get()).isEqualTo(DaneSetting.MANDATORY);

        // forced past the console's check, the engine refuses with its own words and nothing is stored
        m.tlsProperty().set(OutboundTls.NONE);
        m.daneProperty().set(DaneSetting.MANDATORY);
        assertThat(m.problem()).isEqualTo("DANE cannot be mandatory where the TLS setting is none.");
        m.save(saved -> { });
        assertThat(m.saving().getState()).isEqualTo(Operation.State.FAILED);
        assertThat(m.saving().getError()).isEqualTo("DANE cannot be mandatory where the TLS setting is none");
        assertThat(api.list()).noneMatch(e -> e.domain().equals("clear.example.com"));
    }

    @Test
    void daneIsAlsoRefusedWhenNoneIsInheritedFromTheDefaultEntry() {
        api.save(new DestinationEntry("default", OutboundTls.NONE, DaneSetting.NONE, 20, null, false));
        vm.refresh();
        DestinationEntryModel m = vm.entryModel(null);
        assertThat(m.tlsProperty().get()).isEqualTo(OutboundTls.DEFAULT);
        assertThat(m.daneAllowedBinding().get()).isFalse();
        m.tlsProperty().set(OutboundTls.PREFERRED_VERIFY);
        assertThat(m.daneAllowedBinding().get()).isTrue();
        assertThat(m.reconnectAppliesBinding().get()).isTrue();
        m.tlsProperty().set(OutboundTls.REQUIRED);
        assertThat(m.reconnectAppliesBinding().get()).isFalse();
    }

    @Test
    void theDefaultEntryCanBeEditedButNotInheritNorBeDeleted() {
        DestinationEntry def = vm.entries().getFirst();
        assertThat(def.isDefault()).isTrue();
        DestinationEntryModel m = vm.entryModel(def);
        assertThat(m.isDefaultEntry()).isTrue();
        assertThat(m.tlsChoices()).doesNotContain(OutboundTls.DEFAULT).hasSize(6);
        assertThat(m.daneChoices()).doesNotContain(DaneSetting.DEFAULT);
        assertThat(m.domainProblem()).isNull();
        m.tlsProperty().set(OutboundTls.REQUIRED);
        m.daneProperty().set(DaneSetting.OPPORTUNISTIC);
        m.maxConnectionsProperty().set(7);
        m.save(saved -> vm.refresh(saved.domain()));
        assertThat(m.saving().getError()).isNull();
        DestinationEntry stored = api.get("default");
        assertThat(stored.tls()).isEqualTo(OutboundTls.REQUIRED);
        assertThat(stored.dane()).isEqualTo(DaneSetting.OPPORTUNISTIC);
        assertThat(stored.maxConnections()).isEqualTo(7);

        vm.delete(vm.entries().getFirst());
        assertThat(dialogs.questions).isEmpty();
        assertThat(api.list()).anyMatch(DestinationEntry::isDefault);
    }

    @Test
    void deleteAsksFirstAndRemovesTheEntry() {
        saveNew("gone.example.com", OutboundTls.REQUIRED, null);
        dialogs.confirmAnswer = false;
        vm.delete(vm.selectedProperty().get());
        assertThat(api.list()).anyMatch(e -> e.domain().equals("gone.example.com"));
        dialogs.confirmAnswer = true;
        vm.delete(vm.entries().stream().filter(e -> e.domain().equals("gone.example.com")).findFirst().orElseThrow());
        assertThat(dialogs.questions).hasSize(2);
        assertThat(api.list()).noneMatch(e -> e.domain().equals("gone.example.com"));
        assertThat(vm.entries()).noneMatch(e -> e.domain().equals("gone.example.com"));
    }

    @Test
    void globalSettingsAreSavedAndTheEngineRefusalIsKeptVerbatim() {
        vm.clientCertificateProperty().set("Demo");
        vm.requiredTlsAlertProperty().set(true);
        vm.queueLifetimeHoursProperty().set(48);
        vm.fqdnCheckProperty().set(true);
        vm.algorithmCheckProperty().set(true);
        assertThat(vm.globalsChangedBinding().get()).isTrue();
        vm.saveGlobals();
        assertThat(vm.globalSave().getError()).isNull();
        assertThat(api.globalSettings()).isEqualTo(new DestinationApi.GlobalSettings("Demo", true, 48, true, true, false));
        assertThat(vm.globalsChangedBinding().get()).isFalse();

        vm.queueLifetimeHoursProperty().set(0);
        assertThat(vm.queueLifetimeProblem()).isEqualTo("the queue lifetime must be 1–720 hours, not 0");
        vm.revertGlobals();
        assertThat(vm.queueLifetimeHoursProperty().get()).isEqualTo(48);

        vm.clientCertificateProperty().set("no-such-certificate");
        vm.saveGlobals();
        assertThat(vm.globalSave().getError()).isEqualTo("no certificate named 'no-such-certificate'");
        assertThat(api.globalSettings().clientCertificate()).isEqualTo("Demo");
        vm.clientCertificateProperty().set(null);
        vm.saveGlobals();
        assertThat(api.globalSettings().clientCertificate()).isNull();
    }

    @Test
    void probeShowsEachHostWithItsChainAndTheVerdictUnderTheChosenSetting() throws Exception {
        TestCa ca = new TestCa("Probe Test Root");
        try (TinySmtpServer server = new TinySmtpServer("partner.example.com", ca)) {
            saveNew("partner.example.com", OutboundTls.REQUIRED_VERIFY, server.route());
            ProbeModel probe = vm.probeModel(ProbeModel.domainFor(".partner.example.com"));
            assertThat(probe.domainProperty().get()).isEqualTo("partner.example.com");
            assertThat(probe.domainProblem()).isNull();

            // the entry's own setting: the chain is not trusted by any enabled CA list
            probe.run();
            ProbeReport report = probe.probe().getResult();
            assertThat(probe.probe().getError()).isNull();
            assertThat(report.setting()).isEqualTo(OutboundTls.REQUIRED_VERIFY);
            assertThat(report.entry()).isEqualTo("partner.example.com");
            assertThat(report.wouldDeliver()).isFalse();
            ProbeReport.HostProbe host = report.hosts().getFirst();
            assertThat(host.resultType()).isEqualTo("certificate-not-trusted");
            assertThat(host.steps()).anyMatch(s -> s.startsWith("route " + server.route()));
            assertThat(host.steps()).anyMatch(s -> s.startsWith("STARTTLS: TLSv1.3"));
            assertThat(host.chain()).hasSize(2);

            // Preferred does not check the certificate
            probe.settingProperty().set(OutboundTls.PREFERRED);
            probe.run();
            assertThat(probe.probe().getResult().wouldDeliver()).isTrue();
            assertThat(probe.probe().getResult().hosts().getFirst().tls()).isEqualTo(TlsOutcome.OPPORTUNISTIC);

            // with the issuing CA in the custom list, Required (Verify) verifies
            gateway.caLists().importCustom(ca.certificatePem().getBytes(StandardCharsets.US_ASCII), false);
            probe.settingProperty().set(OutboundTls.DEFAULT);
            probe.run();
            assertThat(probe.probe().getResult().wouldDeliver()).isTrue();
            assertThat(probe.probe().getResult().hosts().getFirst().tls()).isEqualTo(TlsOutcome.VERIFIED);
        }
    }

    @Test
    void probeChecksTheDomainFirst() {
        ProbeModel probe = vm.probeModel(ProbeModel.domainFor("default"));
        assertThat(probe.domainProperty().get()).isEmpty();
        assertThat(probe.domainProblem()).startsWith("Enter a recipient domain");
        probe.domainProperty().set("not a domain");
        assertThat(probe.domainProblem()).startsWith("recipient domain 'not a domain' is not a valid");
        probe.domainProperty().set(".example.com");
        assertThat(probe.domainProblem()).isEqualTo(refusal(() -> api.probe(".example.com", null, null)));
        probe.run();
        assertThat(probe.probe().getState()).isEqualTo(Operation.State.IDLE);
    }
}

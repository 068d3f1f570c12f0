package org.postern.console.tlsa;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.postern.console.common.CurrentThreadTaskExecutor;
import org.postern.console.common.Operation;
import org.postern.console.testsupport.TestClipboard;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.ProbeReportText;

/** The inspector's view model without a stage. */
class DaneInspectorViewModelTest {

    private final CannedDestinations api = new CannedDestinations(d -> SampleReports.mixed());
    private final TestClipboard clipboard = new TestClipboard();
    private final DaneInspectorViewModel vm = new DaneInspectorViewModel(api, new CurrentThreadTaskExecutor(), clipboard);

    @Test
    void aBadDomainIsRefusedWithoutAProbe() {
        vm.domainProperty().set("not a domain");
        assertThat(vm.domainProblem()).startsWith("recipient domain 'not a domain' is not a valid");
        vm.inspect();
        assertThat(api.probed).isEmpty();
        assertThat(vm.operation().getState()).isEqualTo(Operation.State.IDLE);
        vm.copyReport();
        assertThat(clipboard.text()).isEmpty();
    }

    @Test
    void theReportIsCopiedAsTheEngineWritesItForDaneverify() {
        vm.domainProperty().set(" Dane.Example. ");
        vm.inspect();
        assertThat(api.probed).containsExactly("dane.example");
        assertThat(vm.operation().getState()).isEqualTo(Operation.State.SUCCEEDED);
        vm.copyReport();
        assertThat(clipboard.text()).contains(ProbeReportText.format(SampleReports.mixed()));
        assertThat(clipboard.text().orElseThrow()).contains("lookup _25._tcp.mx2.dane.example TLSA: bogus",
                "TLSA " + SampleReports.EE_SPKI + " — DANE-EE(3) SPKI(1) SHA2-256(1): used, matched the certificate at depth 0");
    }

    @Test
    void theEntrysDaneSettingIsUsedUnlessAnotherIsChosen() {
        vm.domainProperty().set("dane.example");
        assertThat(DaneInspectorViewModel.daneChoices()).containsExactly(DaneSetting.DEFAULT, DaneSetting.OPPORTUNISTIC,
                DaneSetting.MANDATORY);
        vm.inspect();
        vm.daneProperty().set(DaneSetting.MANDATORY);
        vm.inspect();
        assertThat(api.daneArgs).containsExactly("null", "MANDATORY");
    }
}

package org.postern.console.shell;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ShellViewModelTest {

    @Test
    void expiryTextSaysWhatNeedsAttention() {
        assertThat(ShellViewModel.expiryText(0, 0, 30, false)).isEqualTo("Loading certificates…");
        assertThat(ShellViewModel.expiryText(0, 0, 30, true)).isEqualTo("No certificate expires within 30 days");
        assertThat(ShellViewModel.expiryText(1, 0, 30, true)).isEqualTo("1 certificate expires within 30 days");
        assertThat(ShellViewModel.expiryText(2, 1, 14, true)).isEqualTo("2 certificates expire within 14 days · 1 expired");
    }

    @Test
    void builtPagesOpenAndEveryOtherPageSaysWhatIsComing() {
        assertThat(Arrays.stream(Page.values()).filter(Page::built)).contains(Page.CERTIFICATES,
                Page.CERTIFICATE_AUTHORITIES, Page.LISTENERS, Page.MAIL_FLOW_POLICIES, Page.DESTINATION_CONTROLS,
                Page.DANE_INSPECTOR, Page.ALERTS, Page.MAIL_LOG, Page.QUEUE);
        assertThat(Arrays.stream(Page.values()).filter(Page::built))
                .allSatisfy(p -> assertThat(p.description()).doesNotStartWith("Coming:"));
        assertThat(Arrays.stream(Page.values()).filter(p -> !p.built()))
                .allSatisfy(p -> assertThat(p.description()).startsWith("Coming:"));
        assertThat(Arrays.stream(Page.values()).map(Page::section).distinct())
                .containsExactly("Network", "Mail Policies", "Security", "System Administration", "Monitor");
    }
}

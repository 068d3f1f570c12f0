package org.postern.console.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class IntakeTest {

    @Test
    void indentedAndMailQuotedPemIsStraightened() {
        String text = "   -----BEGIN CERTIFICATE-----\n   QUJD\n   -----END CERTIFICATE-----\n";
        assertThat(new String(Intake.fromPastedText(text).orElseThrow(), StandardCharsets.US_ASCII))
                .isEqualTo("-----BEGIN CERTIFICATE-----\nQUJD\n-----END CERTIFICATE-----\n");
        String quoted = "> -----BEGIN CERTIFICATE-----\n> QUJD\n> -----END CERTIFICATE-----";
        assertThat(new String(Intake.fromPastedText(quoted).orElseThrow(), StandardCharsets.US_ASCII))
                .startsWith("-----BEGIN CERTIFICATE-----\nQUJD\n");
    }

    @Test
    void bareBase64IsDecodedAndProseIsRefused() {
        assertThat(Intake.fromPastedText("QUJD\nREVG")).hasValueSatisfying(b ->
                assertThat(new String(b, StandardCharsets.US_ASCII)).isEqualTo("ABCDEF"));
        assertThat(Intake.fromPastedText("hello, world!")).isEmpty();
        assertThat(Intake.fromPastedText("   ")).isEmpty();
    }
}

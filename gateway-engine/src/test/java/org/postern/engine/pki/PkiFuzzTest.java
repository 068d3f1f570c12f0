package org.postern.engine.pki;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.nio.charset.StandardCharsets;
import org.postern.engine.api.FileInspection;
import org.postern.engine.api.PosternException;
import org.postern.engine.testsupport.FuzzBounds;

/**
 * Fuzz harnesses for uploaded or pasted certificate material: PEM, DER, PKCS#7, PKCS#12, CSR and
 * private keys. The only failure a caller may see is a {@link PosternException} with a message;
 * {@link FileInspector} never fails at all. Seeds: {@code PkiFuzzTestInputs/<method>/}.
 */
class PkiFuzzTest {

    /** Whatever a file holds, inspection says what it is (or why not) and certificate reading refuses clearly. */
    @FuzzTest(maxDuration = "2m")
    void uploadedFile(byte[] input) throws Exception {
        FuzzBounds.check(input.length, 5_000, 32L * 1024 * 1024, 1024, () -> {
            FileInspection inspection = FileInspector.inspect(input);
            assertThat(inspection.kind()).isNotNull();
            assertThat(inspection.description()).isNotBlank();
            try {
                assertThat(CertificateReader.read(input)).isNotEmpty();
            } catch (PosternException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
            String text = new String(input, StandardCharsets.US_ASCII);
            try {
                Pem.decode(text).forEach(b -> assertThat(b.label()).isNotNull());
            } catch (PosternException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }

    /** A PKCS#12 file with any content and the wrong or right password: contents or a clear refusal, in bounded time. */
    @FuzzTest(maxDuration = "2m")
    void pkcs12(byte[] input) throws Exception {
        FuzzBounds.check(input.length, 5_000, 32L * 1024 * 1024, 1024, () -> {
            for (String password : new String[] {"fuzz", "wrong"}) {
                try {
                    assertThat(Pkcs12Codec.read(input, password.toCharArray())).isNotNull();
                } catch (PosternException e) {
                    assertThat(e.getMessage()).isNotBlank();
                }
            }
        });
    }

    /** Private keys pasted as PEM: a key or a clear refusal. */
    @FuzzTest(maxDuration = "2m")
    void pemKey(byte[] input) throws Exception {
        FuzzBounds.check(input.length, 5_000, 32L * 1024 * 1024, 1024, () -> {
            try {
                assertThat(Pem.readPrivateKey(new String(input, StandardCharsets.US_ASCII))).isNotNull();
            } catch (PosternException e) {
                assertThat(e.getMessage()).isNotBlank();
            }
        });
    }
}

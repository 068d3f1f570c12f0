package org.postern.engine.trust;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.List;
import org.postern.engine.api.PosternException;
import org.postern.engine.testsupport.FuzzBounds;

/**
 * Fuzz harness for uploaded CA files (CA-2, CA-5): PEM bundles with text between blocks, DER and
 * PKCS#7. The file is read into certificates, each described and checked for being a CA, or it is
 * refused with a {@link PosternException} naming the problem. Seeds: {@code CaFileFuzzTestInputs/caFile/}.
 */
class CaFileFuzzTest {

    @FuzzTest(maxDuration = "2m")
    void caFile(byte[] input) throws Exception {
        FuzzBounds.check(input.length, 5_000, 32L * 1024 * 1024, 1024, () -> {
            List<CaFile.Entry> entries;
            try {
                entries = CaFile.read(input);
            } catch (PosternException e) {
                assertThat(e.getMessage()).isNotBlank();
                return;
            }
            assertThat(entries).isNotEmpty();
            for (CaFile.Entry e : entries) {
                assertThat(e.describe()).isNotBlank();
                CaFile.notCaReason(e.certificate()).ifPresent(r -> assertThat(r).isNotBlank());
                assertThat(CaFile.fqdnProblems(e.certificate())).isNotNull();
            }
        });
    }
}

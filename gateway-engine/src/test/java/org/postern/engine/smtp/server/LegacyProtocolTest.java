package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.InboundTls;
import org.postern.engine.pki.Tool;
import org.postern.engine.testsupport.EngineProcess;

/**
 * TLS-1: listeners refuse TLS 1.0 and 1.1 by their own policy, not only because this JDK's
 * {@code java.security} happens to disable them: the engine runs here with a {@code java.security}
 * that allows them again, as some installations edit it for old peers.
 */
class LegacyProtocolTest {

    @TempDir
    Path dir;
    @TempDir
    Path work;

    @Test
    @Timeout(value = 180, unit = TimeUnit.SECONDS)
    void tls10And11AreRefusedEvenWhenTheJavaRuntimeAllowsThem() throws Exception {
        Path relaxed = work.resolve("relaxed.security");
        Files.writeString(relaxed, "jdk.tls.disabledAlgorithms=SSLv3, RC4, DES, NULL, anon\n");
        try (EngineProcess engine = EngineProcess.start(dir, "127.0.4.7", InboundTls.PREFERRED,
                List.of("-Djava.security.properties=" + relaxed))) {
            for (String legacy : List.of("-tls1_1", "-tls1")) {
                Tool.Result r = Tool.run(work, "QUIT\n".getBytes(StandardCharsets.US_ASCII), "openssl", "s_client",
                        "-starttls", "smtp", "-connect", engine.address + ":" + engine.port, "-brief", "-crlf", legacy,
                        "-cipher", "DEFAULT:@SECLEVEL=0");
                assertThat(r.output()).as(legacy + ":\n" + r.output()).doesNotContain("CONNECTION ESTABLISHED");
            }
            Tool.Result tls12 = Tool.run(work, "QUIT\n".getBytes(StandardCharsets.US_ASCII), "openssl", "s_client",
                    "-starttls", "smtp", "-connect", engine.address + ":" + engine.port, "-brief", "-crlf", "-tls1_2");
            assertThat(tls12.output()).as(tls12.output()).contains("CONNECTION ESTABLISHED", "Protocol version: TLSv1.2");
        }
    }
}

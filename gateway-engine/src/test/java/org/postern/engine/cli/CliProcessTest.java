package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.pki.Tool;

/**
 * ADM-3 as a script sees it: {@code postern} in a JVM of its own, standard output and standard
 * error apart, everything printed there before the program exits.
 */
class CliProcessTest {

    @TempDir
    Path data;
    @TempDir
    Path work;

    record Result(int exit, String out, String err) {
    }

    Result postern(String... args) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, "--enable-native-access=ALL-UNNAMED", "-cp",
                System.getProperty("java.class.path"), PosternCli.class.getName(), "--data-dir", data.toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(work, "out", ".txt");
        Path err = Files.createTempFile(work, "err", ".txt");
        Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("postern " + String.join(" ", args) + " did not end");
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    @Test
    void csrWithoutOutPrintsThePemOnStandardOutput() throws Exception {
        CliRun created = CliRun.of(data, "certconfig", "create", "--cn", "mx1.example.org", "--key", "ec-p256");
        assertThat(created.exit()).as(created.err()).isZero();

        Result csr = postern("certconfig", "csr", "--name", "mx1.example.org");
        assertThat(csr.exit()).as(csr.err()).isZero();
        assertThat(csr.err()).isEmpty();
        assertThat(csr.out()).startsWith("-----BEGIN CERTIFICATE REQUEST-----\n").endsWith("-----END CERTIFICATE REQUEST-----\n");
        Path file = work.resolve("mx1.csr");
        Files.writeString(file, csr.out());
        Tool.Result verify = Tool.run(work, "openssl", "req", "-in", file.toString(), "-noout", "-verify", "-subject");
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("verify OK", "mx1.example.org");
    }

    @Test
    void pemExportWithoutOutPrintsTheCertificateOnStandardOutput() throws Exception {
        Result pem = postern("certconfig", "pem", "--name", "Demo", "--bundle", "certificate");
        assertThat(pem.exit()).as(pem.err()).isZero();
        assertThat(pem.out()).startsWith("-----BEGIN CERTIFICATE-----\n").endsWith("-----END CERTIFICATE-----\n");
    }
}

package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.pki.TestCa;
import org.postern.engine.pki.Tool;

/** ADM-3: the certconfig flows from the command line, exit codes and one-line errors. */
class PosternCliTest {

    @TempDir
    Path data;
    @TempDir
    Path work;

    CliRun cli(String... args) {
        return CliRun.of(data, args);
    }

    @Test
    void printListsTheDemoCertificateWithItsWarning() {
        CliRun r = cli("print");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("NAME", "Demo", "demo.postern.invalid", "imported*", "warning: Demo: the demo certificate is not secure");
    }

    @Test
    void createCsrUploadExportTlsaEndToEnd() throws Exception {
        CliRun created = cli("certconfig", "create", "--cn", "mx1.example.org", "--san", "mx.example.org", "--country", "NL",
                "--key", "ec-p256", "--days", "90", "--fqdn-check");
        assertThat(created.exit()).as(created.err()).isZero();
        assertThat(created.out()).contains("created 'mx1.example.org'");

        Path csr = work.resolve("mx1.csr");
        assertThat(cli("certconfig", "csr", "--name", "mx1.example.org", "--out", csr.toString()).exit()).isZero();
        assertThat(Tool.run(work, "openssl", "req", "-in", csr.toString(), "-noout", "-verify").output()).contains("verify OK");

        TestCa ca = new TestCa();
        Path cert = work.resolve("signed.pem");
        Path chain = work.resolve("chain.pem");
        Files.write(cert, TestCa.pem(ca.sign(Files.readString(csr))));
        Files.write(chain, TestCa.pem(ca.intermediate, ca.root));
        CliRun up = cli("certconfig", "upload", "--name", "mx1.example.org", "--cert", cert.toString(), "--chain", chain.toString());
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(up.out()).contains("now CA-signed by O=Test,CN=Postern Test Intermediate");

        Path pw = work.resolve("pw");
        Files.writeString(pw, "Sup3r secret\n");
        Path p12 = work.resolve("out.p12");
        CliRun exp = cli("certconfig", "export", "--name", "mx1.example.org", "--file", p12.toString(), "--password-file", pw.toString());
        assertThat(exp.exit()).as(exp.err()).isZero();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(p12))).isEqualTo("rw-------");
        Tool.Result info = Tool.run(work, "openssl", "pkcs12", "-info", "-in", p12.toString(), "-passin", "file:" + pw, "-noenc");
        assertThat(info.exit()).as(info.output()).isZero();
        assertThat(info.output()).contains("CN = mx1.example.org", "CN = Postern Test Intermediate", "BEGIN PRIVATE KEY");
        Tool.Result keytool = Tool.run(work, Tool.keytool(), "-list", "-storetype", "PKCS12", "-keystore", p12.toString(),
                "-storepass", "Sup3r secret");
        assertThat(keytool.output()).contains("PrivateKeyEntry");

        CliRun imp = cli("certconfig", "import", "--name", "copy", "--file", p12.toString(), "--password-file", pw.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();

        CliRun tlsa = cli("certconfig", "tlsa", "--name", "mx1.example.org");
        assertThat(tlsa.exit()).isZero();
        assertThat(tlsa.out()).matches("_25\\._tcp\\.mx1\\.example\\.org\\. IN TLSA 3 1 1 [0-9a-f]{64}\\R");

        CliRun show = cli("certconfig", "show", "--name", "mx1.example.org");
        assertThat(show.out()).contains("SHA-256:", "Postern Test Root", "verdict:  chain complete");

        CliRun print = cli("print");
        assertThat(print.out()).contains("mx1.example.org", "CA-signed", "copy", "imported");
    }

    @Test
    void refusalsExitOneWithAOneLineReasonAndUsageErrorsExitTwo() throws Exception {
        CliRun bad = cli("certconfig", "create", "--cn", "mailhost", "--fqdn-check");
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err()).isEqualTo("postern: common name 'mailhost' is not a valid fully-qualified domain name: it is not fully qualified (needs at least two labels)\n");

        Path pw = work.resolve("pw");
        Files.writeString(pw, "\n");
        CliRun empty = cli("certconfig", "export", "--name", "Demo", "--file", work.resolve("x.p12").toString(), "--password-file", pw.toString());
        assertThat(empty.exit()).isEqualTo(1);
        assertThat(empty.err()).isEqualTo("postern: an export password is required (it may not be empty)\n");
        assertThat(Files.exists(work.resolve("x.p12"))).isFalse();

        Files.writeString(pw, "whatever\n");
        Path p12 = work.resolve("demo.p12");
        assertThat(cli("certconfig", "export", "--name", "Demo", "--file", p12.toString(), "--password-file", pw.toString()).exit()).isZero();
        Files.writeString(pw, "wrong\n");
        CliRun wrong = cli("certconfig", "import", "--name", "x", "--file", p12.toString(), "--password-file", pw.toString());
        assertThat(wrong.exit()).isEqualTo(1);
        assertThat(wrong.err()).startsWith("postern: wrong password for the PKCS#12 file").hasLineCount(1);

        CliRun key = cli("certconfig", "create", "--cn", "a.example.com", "--key", "dsa");
        assertThat(key.err()).contains("unknown key type 'dsa'");

        CliRun legacy = cli("certconfig", "create", "--cn", "old.example.com", "--key", "legacy-rsa1024");
        assertThat(legacy.exit()).isZero();
        assertThat(legacy.err()).contains("warning: RSA 1024 is weak");

        assertThat(cli("certconfig", "create").exit()).isEqualTo(2);
        assertThat(cli("nonsense").exit()).isEqualTo(2);
        assertThat(cli().exit()).isEqualTo(2);
    }

    @Test
    void consoleIsACommandWithHelpThatTheCommandLineAloneRefusesInOneLine() {
        CliRun help = cli("console", "--help");
        assertThat(help.exit()).as(help.err()).isZero();
        assertThat(help.out()).contains("Usage: postern console", "Start the desktop console");
        assertThat(cli("--help").out()).containsPattern("(?m)^  console\\s+Start the desktop console");

        CliRun console = cli("console");
        assertThat(console.exit()).isEqualTo(1);
        assertThat(console.out()).isEmpty();
        assertThat(console.err()).isEqualTo("postern: the desktop console is not part of this program (the command line only);"
                + " start it with the postern launcher of the full package\n");
    }

    @Test
    void helpNamesTheDefaultDataDirectoryNotTheOneGiven() {
        CliRun help = cli("status", "--help"); // with --data-dir of this test
        assertThat(help.out()).contains("--data-dir=DIR", "by default $XDG_DATA_HOME/postern,", "else ~/.local/share/postern.")
                .doesNotContain(data.toString());
    }

    @Test
    void helpWritesOptionsInTheNotationOfTheSpecification() {
        assertThat(cli("certconfig", "csr", "--help").out()).contains("--name=N", "--out=FILE");
        assertThat(cli("certconfig", "create", "--help").out()).contains("--cn=CN", "--org=O", "--unit=U", "--city=L",
                "--state=S", "--country=C", "--days=D", "--key=TYPE");
        assertThat(cli("certconfig", "tlsa", "--help").out()).contains("--usage=U", "--selector=S", "--matching=M", "--host=H",
                "Port (default: 25)");
        assertThat(cli("listenerconfig", "new", "--help").out()).contains("--address=A", "--port=P", "--certificate=NAME",
                "--tls=no|preferred|required", "--max-connections=N", "--accept-queue=N");
        assertThat(cli("destconfig", "new", "--help").out()).contains("--domain=D", "--route=HOST[:PORT]");
        assertThat(cli("dnsconfig", "--help").out()).contains("--resolver=HOST[:PORT]", "--dnssec=validate|trust-ad",
                "--trust-anchor=FILE");
        assertThat(cli("inject", "--help").out()).contains("--from=A", "--to=B");
    }
}

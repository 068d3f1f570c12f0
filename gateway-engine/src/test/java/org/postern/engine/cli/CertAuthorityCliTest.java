package org.postern.engine.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.KeyType;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;
import org.postern.engine.pki.TestCa;
import org.postern.engine.pki.Tool;
import org.postern.engine.pki.X509;

/** ADM-3 for the CA lists: {@code postern certconfig certauthority …}, exit codes and one-line errors. */
class CertAuthorityCliTest {

    @TempDir
    Path data;
    @TempDir
    Path work;

    CliRun ca(String... args) {
        String[] all = new String[args.length + 2];
        all[0] = "certconfig";
        all[1] = "certauthority";
        System.arraycopy(args, 0, all, 2, args.length);
        return CliRun.of(data, all);
    }

    static void refused(CliRun r, String message) {
        assertThat(r.exit()).as(r.out()).isEqualTo(1);
        assertThat(r.err()).startsWith("postern: " + message).endsWith("\n").hasLineCount(1);
    }

    static void usage(CliRun r) {
        assertThat(r.exit()).as(r.err()).isEqualTo(2);
        assertThat(r.err()).startsWith("postern: ");
    }

    Path file(String name, byte[] content) throws Exception {
        Path p = work.resolve(name);
        Files.write(p, content);
        return p;
    }

    static X509Certificate leaf(TestCa ca, String cn) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        Instant now = Instant.now().minus(Duration.ofHours(1));
        return CertificateIssuer.sign(ca.intermediateKeys.getPrivate(), ca.intermediateKeys.getPublic(),
                ca.intermediateName, new X500Name("CN=" + cn), k.getPublic(), List.of(cn), now,
                now.plus(Duration.ofDays(30)), false);
    }

    @Test
    void listAndShowTheLists() {
        CliRun list = ca("list");
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out()).containsPattern("(?m)^system CA list: enabled, \\d{3} roots, version \\d{8}\\S*, updated ")
                .contains("CN=ISRG Root X1,O=Internet Security Research Group,C=US")
                .containsPattern("(?m)^custom CA list: enabled, 0 roots$");
        assertThat(ca("list", "--custom").out()).isEqualTo("custom CA list: enabled, 0 roots\n");
        assertThat(ca("list", "--system").out()).doesNotContain("custom CA list");
        usage(ca("list", "--system", "--custom"));

        CliRun show = ca("show");
        assertThat(show.exit()).isZero();
        assertThat(show.out()).contains("system CA list\n  enabled:  yes\n  roots:    ", "  source:   Mozilla CA root set",
                "custom CA list\n  enabled:  yes\n  roots:    0\n");
        usage(ca("show", "--pem"));
        usage(ca());
    }

    @Test
    void showOneRootAndDownloadItAsPem() throws Exception {
        String line = ca("list", "--system").out().lines().filter(l -> l.contains("CN=ISRG Root X1")).findFirst().orElseThrow();
        String fp = line.strip().split("\\s+")[0];
        CliRun show = ca("show", "--fingerprint", fp.replace(":", "").toLowerCase());
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out()).contains("list:     system\n", "subject:  CN=ISRG Root X1", "issuer:   CN=ISRG Root X1",
                "valid:    2015-06-04T11:04:38Z .. 2035-06-04T11:04:38Z", "SHA-256:  " + fp);

        CliRun pem = ca("show", "--fingerprint", fp, "--pem");
        assertThat(pem.out()).startsWith("-----BEGIN CERTIFICATE-----").endsWith("-----END CERTIFICATE-----\n");
        Path out = work.resolve("isrg.pem");
        assertThat(ca("show", "--fingerprint", fp, "--out", out.toString()).exit()).isZero();
        assertThat(Files.readString(out)).isEqualTo(pem.out());
        assertThat(Tool.run(work, "openssl", "x509", "-in", out.toString(), "-noout", "-fingerprint", "-sha256").output())
                .containsIgnoringCase(fp);

        refused(ca("show", "--fingerprint", "00".repeat(32)), "neither CA list holds a root with SHA-256 fingerprint 00:00:");
        refused(ca("show", "--fingerprint", "xyz"), "'xyz' is not a SHA-256 fingerprint");
    }

    /** CA-7: a partner's self-signed certificate is imported and labelled "partner" in list and show. */
    @Test
    void aPartnersSelfSignedCertificateIsImportedAndLabelled() throws Exception {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        X509Certificate partner = CertificateIssuer.selfSigned(k, new X500Name("CN=mx.partner.example"),
                List.of("mx.partner.example"), 30);
        CliRun imp = ca("import", "--file", file("partner.pem", TestCa.pem(partner)).toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).isEqualTo("imported 1 certificate into the custom CA list (now 1)\n");
        String line = ca("list", "--custom").out().lines().filter(l -> l.contains("CN=mx.partner.example")).findFirst()
                .orElseThrow();
        assertThat(line).endsWith("  CN=mx.partner.example  [partner]");
        String fp = line.strip().split("\\s+")[0];
        assertThat(ca("show", "--fingerprint", fp).out()).contains("list:     custom\n",
                "kind:     partner (self-signed end-entity certificate; trusted for exactly this certificate, issues nothing)\n");

        TestCa test = new TestCa();
        assertThat(ca("import", "--file", file("ca.pem", TestCa.pem(test.root)).toString()).exit()).isZero();
        String caLine = ca("list", "--custom").out().lines().filter(l -> l.contains("Postern Test Root")).findFirst().orElseThrow();
        assertThat(caLine).doesNotContain("[partner]");
        assertThat(ca("show", "--fingerprint", caLine.strip().split("\\s+")[0]).out()).contains("kind:     CA\n");
        CliRun help = ca("import", "--help");
        assertThat(help.out()).as(help.exit() + " " + help.err()).contains("partner certificates");
    }

    @Test
    void importExportDeleteTheCustomList() throws Exception {
        TestCa test = new TestCa();
        Path cas = file("cas.pem", ("issuer list\n" + new String(TestCa.pem(test.root), StandardCharsets.US_ASCII)
                + "-- between --\n" + new String(TestCa.pem(test.intermediate), StandardCharsets.US_ASCII))
                .getBytes(StandardCharsets.US_ASCII));
        CliRun imp = ca("import", "--file", cas.toString());
        assertThat(imp.exit()).as(imp.err()).isZero();
        assertThat(imp.out()).isEqualTo("imported 2 certificates into the custom CA list (now 2)\n");
        assertThat(ca("import", "--file", cas.toString()).out()).isEqualTo("imported 0 certificates into the custom CA list (now 2)\n");

        Path mixed = file("mixed.pem", TestCa.pem(new TestCa().root, leaf(test, "mx.example.org")));
        refused(ca("import", "--file", mixed.toString()), "nothing imported: certificate at line ");
        assertThat(ca("import", "--file", mixed.toString()).err()).contains("(CN=mx.example.org) is not a CA certificate: basicConstraints CA=false");
        refused(ca("import", "--file", cas.toString(), "--fqdn-check"),
                "nothing imported: certificate at line 2 (CN=Postern Test Root): common name 'Postern Test Root' is not a valid");
        refused(ca("import", "--file", work.resolve("missing.pem").toString()), "cannot read ");
        usage(ca("import"));
        assertThat(ca("list", "--custom").out()).startsWith("custom CA list: enabled, 2 roots\n");

        Path exported = work.resolve("custom.pem");
        CliRun exp = ca("export", "--custom", "--out", exported.toString());
        assertThat(exp.exit()).as(exp.err()).isZero();
        assertThat(exp.out()).isEqualTo("exported the custom CA list (2 roots) to " + exported + "\n");
        assertThat(ca("export", "--custom").out()).startsWith("# Postern custom CA list: 2 certificates");
        usage(ca("export"));
        usage(ca("export", "--custom", "--system"));

        String fp = X509.fingerprint(test.root, "SHA-256");
        CliRun del = ca("delete", "--fingerprint", fp);
        assertThat(del.exit()).as(del.err()).isZero();
        assertThat(del.out()).isEqualTo("deleted " + fp + " from the custom CA list\n");
        refused(ca("delete", "--fingerprint", fp), "the custom CA list holds no certificate with SHA-256 fingerprint " + fp);
        usage(ca("delete"));

        assertThat(ca("import", "--file", exported.toString()).out()).startsWith("imported 1 certificate into");
        assertThat(ca("list", "--custom").out()).startsWith("custom CA list: enabled, 2 roots\n");
    }

    @Test
    void enableAndDisable() {
        CliRun off = ca("disable", "--system");
        assertThat(off.exit()).isZero();
        assertThat(off.out()).isEqualTo("the system CA list is disabled\n");
        assertThat(off.err()).isEmpty();
        assertThat(ca("list", "--system").out()).startsWith("system CA list: disabled, ");
        CliRun both = ca("disable", "--custom");
        assertThat(both.err()).isEqualTo("warning: both CA lists are disabled; no certificate chain is trusted\n");
        assertThat(ca("enable", "--system").out()).isEqualTo("the system CA list is enabled\n");
        assertThat(ca("enable", "--custom").exit()).isZero();
        assertThat(ca("show").out()).doesNotContain("enabled:  no");
        usage(ca("enable"));
        usage(ca("disable", "--system", "--custom"));
        usage(ca("enable", "--everything"));
    }

    @Test
    void updateFromAFileOrTheOperatingSystem() throws Exception {
        TestCa test = new TestCa();
        Path bundle = file("bundle.pem", TestCa.pem(test.root, new TestCa().root));
        CliRun up = ca("update", "--file", bundle.toString(), "--version", "2026.1");
        assertThat(up.exit()).as(up.err()).isZero();
        assertThat(up.out()).matches("updated the system CA list: \\d{3} roots \\(version \\d{8}\\S*\\) replaced by 2 \\(version 2026.1\\)\\n"
                + "source: PEM bundle imported by the administrator\\n");
        assertThat(ca("list", "--system").out()).startsWith("system CA list: enabled, 2 roots, version 2026.1, updated ");

        Path garbage = file("garbage.pem", "no certificates here\n".getBytes(StandardCharsets.US_ASCII));
        refused(ca("update", "--file", garbage.toString(), "--version", "2026.2"),
                "the file is not a certificate in PEM, DER or PKCS#7 form");
        Path leafOnly = file("leaf.pem", TestCa.pem(leaf(test, "mx.example.org")));
        refused(ca("update", "--file", leafOnly.toString(), "--version", "2026.2"), "the system CA list is unchanged: ");
        assertThat(ca("list", "--system").out()).startsWith("system CA list: enabled, 2 roots, version 2026.1, ");

        usage(ca("update"));
        usage(ca("update", "--file", bundle.toString()));
        usage(ca("update", "--from-os", "--file", bundle.toString(), "--version", "x"));

        assumeTrue(Files.isReadable(Path.of("/etc/ssl/certs/ca-certificates.crt")));
        CliRun os = ca("update", "--from-os");
        assertThat(os.exit()).as(os.err()).isZero();
        assertThat(os.out()).contains("replaced by ", "(version os-", "source: operating system trust store /etc/ssl/certs/ca-certificates.crt");
        assertThat(ca("list", "--system").out()).containsPattern("^system CA list: enabled, \\d{3} roots, version os-\\d{8}, ");
    }

    @Test
    void opensslVerifiesAgainstTheExportedLists() throws Exception {
        Path system = work.resolve("system.pem");
        assertThat(ca("export", "--system", "--out", system.toString()).exit()).isZero();
        Path mozilla = Path.of("/usr/share/ca-certificates/mozilla/ISRG_Root_X1.crt");
        if (Files.isReadable(mozilla)) {
            Tool.Result ok = Tool.run(work, "openssl", "verify", "-CAfile", system.toString(), mozilla.toString());
            assertThat(ok.exit()).as(ok.output()).isZero();
        }

        TestCa test = new TestCa();
        Path leaf = file("leaf.pem", TestCa.pem(leaf(test, "mx.example.org")));
        Path untrusted = file("intermediate.pem", TestCa.pem(test.intermediate));
        Tool.Result no = Tool.run(work, "openssl", "verify", "-CAfile", system.toString(), "-untrusted", untrusted.toString(),
                leaf.toString());
        assertThat(no.exit()).as(no.output()).isNotZero();

        assertThat(ca("import", "--file", file("root.pem", TestCa.pem(test.root)).toString()).exit()).isZero();
        Path custom = work.resolve("custom.pem");
        assertThat(ca("export", "--custom", "--out", custom.toString()).exit()).isZero();
        Tool.Result yes = Tool.run(work, "openssl", "verify", "-CAfile", custom.toString(), "-untrusted", untrusted.toString(),
                leaf.toString());
        assertThat(yes.exit()).as(yes.output()).isZero();
        assertThat(yes.output()).contains(": OK");
    }
}

package org.postern.engine.smtp.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.postern.engine.api.InboundTls;
import org.postern.engine.testsupport.EngineProcess;

/**
 * TLS quality of a listener with the default settings, judged by testssl.sh over STARTTLS:
 * protocols, cipher categories, forward secrecy, renegotiation, and the CBC attacks BEAST and
 * LUCKY13 (a short selection: testssl opens many connections per check).
 * No finding may be MEDIUM or worse; only TLS 1.2 and 1.3 are offered; forward secrecy is.
 * Runs where {@code testssl} is installed (the Debian package testssl.sh).
 */
class TestsslTest {

    static final Set<String> BAD = Set.of("MEDIUM", "HIGH", "CRITICAL");

    @TempDir
    Path dir;
    @TempDir
    Path work;

    record Finding(String id, String severity, String finding) {
    }

    @Test
    @Timeout(value = 660, unit = TimeUnit.SECONDS)
    void aDefaultListenerHasNoFindingOfMediumOrAbove() throws Exception {
        String testssl = onPath("testssl");
        assumeTrue(testssl != null, "testssl is not installed (Debian package testssl.sh): TLS quality not checked");
        try (EngineProcess engine = EngineProcess.start(dir, "127.0.4.5", InboundTls.PREFERRED)) {
            Path json = work.resolve("testssl.json");
            long start = System.nanoTime();
            Process p = new ProcessBuilder(testssl, "--starttls", "smtp", "--quiet", "--color", "0", "--warnings", "off",
                    "--connect-timeout", "10", "--openssl-timeout", "10", "--jsonfile", json.toString(),
                    "-p", "-s", "-f", "-R", "-A", "-L",
                    engine.address + ":" + engine.port)
                    .redirectErrorStream(true).redirectOutput(work.resolve("testssl.out").toFile()).start();
            if (!p.waitFor(600, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                throw new AssertionError("testssl did not finish in 600 s");
            }
            long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start);
            System.out.println("testssl ran " + seconds + " s");
            String out = Files.readString(work.resolve("testssl.out"));
            List<Finding> findings = parse(Files.readString(json));
            assertThat(findings).as(out).extracting(Finding::id).contains("TLS1_2", "TLS1_3", "secure_client_renego", "LUCKY13", "BEAST");
            Map<String, Finding> byId = findings.stream().collect(Collectors.toMap(Finding::id, f -> f, (a, b) -> a));
            assertThat(findings).as("findings of severity MEDIUM or above\n" + out)
                    .filteredOn(f -> BAD.contains(f.severity())).isEmpty();
            for (String legacy : List.of("SSLv2", "SSLv3", "TLS1", "TLS1_1")) {
                assertThat(byId.get(legacy).finding()).as(legacy).startsWith("not offered");
            }
            assertThat(byId.get("TLS1_2").finding()).startsWith("offered");
            assertThat(byId.get("TLS1_3").finding()).startsWith("offered");
            Finding fs = byId.containsKey("FS") ? byId.get("FS") : byId.get("PFS"); // "PFS" before testssl 3.1
            assertThat(fs).as(out).isNotNull();
            assertThat(fs.severity()).isEqualTo("OK");
            assertThat(fs.finding()).startsWith("offered");
            assertThat(byId.get("secure_client_renego").finding()).as(out).isEqualTo("not vulnerable");
            assertThat(byId.get("LUCKY13").finding()).as(out).startsWith("not vulnerable");
            assertThat(byId.get("BEAST").finding()).as(out).startsWith("not vulnerable");
        }
    }

    /** testssl's flat JSON: an array of objects with id, severity and finding. */
    static List<Finding> parse(String json) {
        List<Finding> list = new ArrayList<>();
        Pattern field = Pattern.compile("\"(id|severity|finding)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
        for (String object : json.split("\\}")) {
            Matcher m = field.matcher(object);
            String id = null;
            String severity = null;
            String finding = null;
            while (m.find()) {
                switch (m.group(1)) {
                    case "id" -> id = m.group(2);
                    case "severity" -> severity = m.group(2);
                    default -> finding = m.group(2).replace("\\\"", "\"");
                }
            }
            if (id != null) {
                list.add(new Finding(id, severity, finding));
            }
        }
        return list;
    }

    static String onPath(String command) {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }
}

package org.postern.engine.testsupport;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.pki.Tool;

/**
 * The OpenSSL reference for one MX host: the DNS answers of the validating resolver as {@code dig}
 * shows them (status, AD bit; TLSA at the CNAME-expanded name first, then at the original name, as
 * RFC 7672 §2.2.2 says), then, when the host's address and TLSA RRset are secure and hold a
 * record usable for SMTP (usage DANE-TA(2) or DANE-EE(3), RFC 7672 §3.1.3), {@code openssl s_client
 * -starttls smtp -dane_tlsa_domain HOST -dane_tlsa_rrdata … -dane_ee_no_namechecks} against each
 * address. OpenSSL does no DNS itself: without a usable secure RRset the verdict comes from the
 * lookups alone and the cell says so.
 */
public final class OpenSslDane {

    /**
     * @param verdict what the lookups and the handshakes amount to
     * @param ranOpenSsl false when the verdict comes from the DNS answers alone
     * @param detail  the lookups' status and OpenSSL's verification result
     * @param output  dig's and OpenSSL's output
     */
    public record Result(DaneVerdict verdict, boolean ranOpenSsl, String detail, String output) {
    }

    private final InetSocketAddress resolver;
    private final Path dir;

    public OpenSslDane(Path dir, InetSocketAddress resolver) {
        this.dir = dir;
        this.resolver = resolver;
    }

    /** Checks {@code host} on port {@code port} (TLSA at {@code _port._tcp.host}). */
    public Result check(String host, int port) {
        StringBuilder out = new StringBuilder();
        Dig.Answer a = dig(host, "A", out);
        if (a.failed()) {
            return new Result(DaneVerdict.LOOKUP_FAILED, false, "A " + a.status(), out.toString());
        }
        if (!a.authenticated()) {
            return new Result(DaneVerdict.NOT_APPLICABLE, false, "A insecure", out.toString());
        }
        // RFC 7672 §2.2.2: for an MX host that is an alias, TLSA at the expanded name first, else at the original
        String base = a.canonicalName();
        Dig.Answer t = dig("_" + port + "._tcp." + base, "TLSA", out);
        if (!base.equalsIgnoreCase(host) && !t.failed() && t.authenticated() && t.records().isEmpty()) {
            base = host;
            t = dig("_" + port + "._tcp." + host, "TLSA", out);
        }
        if (t.failed()) {
            return new Result(DaneVerdict.LOOKUP_FAILED, false, "TLSA " + t.status(), out.toString());
        }
        if (!t.authenticated() || t.records().isEmpty()) {
            return new Result(DaneVerdict.NOT_APPLICABLE, false, "TLSA " + (t.authenticated() ? "securely denied"
                    : "insecure") + " (" + t.status() + ")", out.toString());
        }
        List<String> usable = t.records().stream().map(OpenSslDane::compact).filter(OpenSslDane::usableForSmtp).toList();
        if (usable.isEmpty()) {
            return new Result(DaneVerdict.UNUSABLE, false, "TLSA secure, no DANE-TA/DANE-EE record", out.toString());
        }
        List<String> details = new ArrayList<>();
        boolean all = true;
        for (String address : a.records()) {
            List<String> cmd = new ArrayList<>(List.of("openssl", "s_client", "-brief", "-starttls", "smtp",
                    "-connect", address + ":" + port, "-servername", base, "-dane_tlsa_domain", base,
                    "-dane_ee_no_namechecks", "-verify_return_error"));
            for (String r : usable) {
                cmd.add("-dane_tlsa_rrdata");
                cmd.add(r);
            }
            Tool.Result r = Tool.run(dir, new byte[0], cmd.toArray(String[]::new));
            out.append("$ ").append(String.join(" ", cmd)).append('\n').append(r.output()).append('\n');
            boolean ok = r.exit() == 0 && r.output().contains("Verification: OK");
            all &= ok;
            details.add(address + ": " + (ok ? firstLine(r.output(), "DANE TLSA") : failure(r.output())));
        }
        return new Result(all ? DaneVerdict.AUTHENTICATED : DaneVerdict.FAILED, true, String.join("; ", details),
                out.toString());
    }

    private Dig.Answer dig(String name, String type, StringBuilder out) {
        Dig.Answer answer = Dig.query(dir, resolver, name, type);
        out.append("$ dig ").append(name).append(' ').append(type).append('\n').append(answer.output()).append('\n');
        return answer;
    }

    /** {@code 3 1 2 AB12 CD34} (dig splits long data) as {@code 3 1 2 AB12CD34}. */
    static String compact(String rdata) {
        String[] f = rdata.trim().split("\\s+");
        if (f.length < 4) {
            return rdata.trim();
        }
        return f[0] + " " + f[1] + " " + f[2] + " " + String.join("", List.of(f).subList(3, f.length));
    }

    /** Usage 2 or 3 with a known selector and matching type (RFC 7672 §3.1.3, RFC 6698 §2.1). */
    static boolean usableForSmtp(String rdata) {
        String[] f = rdata.trim().split("\\s+");
        return f.length >= 4 && (f[0].equals("2") || f[0].equals("3")) && (f[1].equals("0") || f[1].equals("1"))
                && (f[2].equals("0") || f[2].equals("1") || f[2].equals("2"));
    }

    private static String firstLine(String output, String prefix) {
        return output.lines().filter(l -> l.startsWith(prefix)).findFirst().orElse("verified");
    }

    private static String failure(String output) {
        return output.lines().filter(l -> l.startsWith("verify error:") || l.contains("Didn't find STARTTLS")
                        || l.startsWith("Verification error:"))
                .findFirst().orElse(output.lines().filter(l -> l.contains("error")).findFirst().orElse("failed"));
    }
}

package org.postern.engine.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.GatewayApi;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code postern print}: the certificate list, leaf certificates only (CERT-1). */
@Command(name = "print", description = "List certificates (leaf certificates only).")
final class PrintCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        try (GatewayApi api = root.open()) {
            print(api.certificates().list(), spec.commandLine().getOut());
        }
    }

    static void print(List<CertificateSummary> list, PrintWriter out) {
        String fmt = "%-24s %-28s %-12s %-10s %5s  %-12s %-16s %-11s %s%n";
        out.printf(fmt, "NAME", "COMMON NAME", "STATUS", "EXPIRES", "DAYS", "KEY", "SIGNATURE", "USED BY", "SANS / ISSUER");
        for (CertificateSummary s : list) {
            out.printf(fmt, s.name(), nz(s.commonName()), s.status().label() + (s.demo() ? "*" : ""),
                    LocalDate.ofInstant(s.notAfter(), ZoneOffset.UTC), s.daysLeft(), s.keyDescription(),
                    s.signatureAlgorithm(), s.usages().isEmpty() ? "-" : String.join(",", s.usages()),
                    (s.dnsNames().isEmpty() ? "-" : String.join(",", s.dnsNames())) + " / " + s.issuer());
        }
        for (CertificateSummary s : list) {
            for (String w : s.warnings()) {
                out.println("warning: " + s.name() + ": " + w);
            }
        }
        if (list.stream().anyMatch(CertificateSummary::demo)) {
            out.println("* demo certificate");
        }
        out.flush();
    }

    private static String nz(String s) {
        return s == null ? "-" : s;
    }
}

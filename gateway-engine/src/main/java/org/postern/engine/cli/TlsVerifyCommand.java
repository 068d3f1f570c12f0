package org.postern.engine.cli;

import java.io.PrintWriter;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.ProbeReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code postern tlsverify DOMAIN}: per host, the connection, the chain and the verdict; exit 1 when delivery would not happen. */
@Command(name = "tlsverify", description = "Probe a destination as delivery would (no mail is sent).")
final class TlsVerifyCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN") String domain;

    @Option(names = "--setting", description = "Probe under this TLS setting instead of the destination entry's.") String setting;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        ProbeReport r;
        try (GatewayApi api = root.open()) {
            r = api.destinations().probe(domain, setting == null ? null : OutboundTls.fromCliName(setting));
        }
        out.println("destination " + r.domain() + ": entry " + r.entry() + ", TLS " + r.setting().cliName());
        if (r.failure() != null) {
            out.println("  " + r.failure());
        }
        for (ProbeReport.HostProbe h : r.hosts()) {
            out.println("host " + h.host() + (h.address() == null ? "" : " [" + h.address() + "]"));
            h.steps().forEach(s -> out.println("  " + s));
            int depth = 0;
            for (CertificateView c : h.chain()) {
                out.println("  " + "  ".repeat(depth++) + "certificate: " + c.subject() + " (issuer " + c.issuer() + ", until "
                        + c.notAfter() + ", SANs " + (c.dnsNames().isEmpty() ? "-" : String.join(",", c.dnsNames())) + ")");
            }
            out.println("  verdict: " + h.verdict() + (h.resultType() == null ? "" : " [" + h.resultType() + "]"));
        }
        out.flush();
        if (!r.wouldDeliver()) {
            throw new PosternException("delivery to " + domain + " would not happen under TLS " + r.setting().cliName());
        }
    }
}

package org.postern.engine.cli;

import java.io.PrintWriter;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.api.ProbeReportText;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern tlsverify DOMAIN}: per host the DNS lookups with their DNSSEC status, the TLSA
 * records, the connection, the chain and the verdict (DANE included, as delivery decides it); exit 1
 * when delivery would not happen.
 */
@Command(name = "tlsverify", mixinStandardHelpOptions = true,
        description = {"Probe a destination as delivery would, DANE included (no mail is sent).",
                "Exits 1 when delivery would not happen."})
final class TlsVerifyCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN") String domain;

    @Option(names = "--setting", paramLabel = "SETTING", description = "Probe under this TLS setting instead of the destination entry's.") String setting;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        ProbeReport r;
        try (GatewayApi api = root.open()) {
            r = api.destinations().probe(domain, setting == null ? null : OutboundTls.fromCliName(setting));
        }
        out.print(ProbeReportText.format(r));
        out.flush();
        if (!r.wouldDeliver()) {
            throw new PosternException("delivery to " + domain + " would not happen under TLS " + r.setting().cliName()
                    + ", DANE " + r.dane().cliName());
        }
    }
}

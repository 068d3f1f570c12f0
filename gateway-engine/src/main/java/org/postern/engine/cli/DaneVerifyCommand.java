package org.postern.engine.cli;

import java.io.PrintWriter;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.ProbeReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern daneverify DOMAIN} (ADM-3, DANE-7): per MX host the DNSSEC status of the MX,
 * address and TLSA lookups, the TLSA records and the fate of each, the presented chain, which
 * record matched which certificate, and the verdict delivery would reach. Exit 1 when delivery
 * would not happen.
 */
@Command(name = "daneverify", mixinStandardHelpOptions = true,
        description = {"Inspect a destination's DANE (RFC 7672) as delivery would see it (no mail is sent).",
                "Exits 1 when delivery would not happen."})
final class DaneVerifyCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Parameters(paramLabel = "DOMAIN", description = "The recipient domain.") String domain;

    @Option(names = "--dane", paramLabel = "SETTING", description = "Judge under this DANE setting (opportunistic, mandatory,"
            + " none) instead of the destination entry's.") String dane;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        DaneSetting override = dane == null ? null : DaneSetting.fromCliName(dane);
        ProbeReport r;
        try (GatewayApi api = root.open()) {
            r = api.destinations().probe(domain, null, override);
        }
        ProbePrinter.print(r, out);
        if (r.dane() == DaneSetting.NONE) {
            out.println("note: DANE is off for " + r.domain() + " (entry " + r.entry() + ", TLS " + r.setting().cliName()
                    + "); --dane opportunistic shows what DANE would do");
            out.flush();
        }
        if (!r.wouldDeliver()) {
            throw new PosternException("delivery to " + r.domain() + " would not happen (TLS " + r.setting().cliName()
                    + ", DANE " + r.dane().cliName() + ")");
        }
    }
}

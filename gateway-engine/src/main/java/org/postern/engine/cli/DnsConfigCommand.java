package org.postern.engine.cli;

import java.io.PrintWriter;
import java.util.List;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.GatewayApi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern dnsconfig [--resolver HOST[:PORT]]… [--dnssec validate|trust-ad] [--trust-anchor FILE]} (DANE-2). */
@Command(name = "dnsconfig", description = "Show or set the DNS resolvers and the DNSSEC mode.")
final class DnsConfigCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--resolver", paramLabel = "HOST[:PORT]", description = "Resolver address HOST[:PORT], repeatable; 'system' for /etc/resolv.conf.")
    List<String> resolvers;

    @Option(names = "--dnssec", paramLabel = "validate|trust-ad", description = "validate (in-process, against trust anchors) or trust-ad (trust the resolver's AD bit).")
    String dnssec;

    @Option(names = "--trust-anchor", paramLabel = "FILE", description = "File of extra DS/DNSKEY trust anchors (validate mode); 'none' to remove.")
    String trustAnchor;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        try (GatewayApi api = root.open()) {
            DnsApi.DnsConfig c = api.dns().get();
            if (resolvers != null || dnssec != null || trustAnchor != null) {
                List<String> r = resolvers == null ? c.resolvers()
                        : resolvers.size() == 1 && resolvers.getFirst().equalsIgnoreCase("system") ? List.of() : resolvers;
                c = new DnsApi.DnsConfig(r, dnssec == null ? c.dnssec() : dnssec,
                        trustAnchor == null ? c.trustAnchorFile() : trustAnchor.equalsIgnoreCase("none") ? null : trustAnchor);
                api.dns().set(c);
            }
            out.println("resolvers: " + (c.resolvers().isEmpty() ? "system (/etc/resolv.conf)" : String.join(", ", c.resolvers())));
            out.println("dnssec: " + c.dnssec());
            out.println("trust anchors: IANA root" + (c.trustAnchorFile() == null ? "" : " + " + c.trustAnchorFile()));
        }
    }
}

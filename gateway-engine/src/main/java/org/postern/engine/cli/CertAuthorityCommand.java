package org.postern.engine.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.postern.engine.api.CaListApi;
import org.postern.engine.api.CaListApi.CaCertificate;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.api.CaListApi.CaListInfo;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.PosternException;
import org.postern.engine.trust.CaListService;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern certconfig certauthority …}: the system and custom CA lists (CA-1..6). */
@Command(name = "certauthority", description = "Manage the system and custom CA lists.",
        subcommands = {CertAuthorityCommand.ListRoots.class, CertAuthorityCommand.Show.class,
                CertAuthorityCommand.Import.class, CertAuthorityCommand.Export.class, CertAuthorityCommand.Enable.class,
                CertAuthorityCommand.Disable.class, CertAuthorityCommand.Delete.class, CertAuthorityCommand.Update.class})
final class CertAuthorityCommand implements Runnable {

    @ParentCommand
    CertConfigCommand parent;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a certauthority subcommand is required (see --help)");
    }

    /** {@code --system} or {@code --custom}. */
    static final class Which {
        @Option(names = "--system", required = true, description = "The system CA list.") boolean system;
        @Option(names = "--custom", required = true, description = "The custom CA list.") boolean custom;

        CaList list() {
            return system ? CaList.SYSTEM : CaList.CUSTOM;
        }

        static List<CaList> lists(Which which) {
            return which == null ? List.of(CaList.SYSTEM, CaList.CUSTOM) : List.of(which.list());
        }
    }

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    boolean help;

    /** Shared plumbing: open the API and hand the CA lists to the subcommand. */
    abstract static class Sub implements Runnable {
        @ParentCommand
        CertAuthorityCommand parent;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
        boolean help;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final void run() {
            try (GatewayApi api = parent.parent.root.open()) {
                execute(api.caLists(), spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }

        abstract void execute(CaListApi ca, PrintWriter out, PrintWriter err);
    }

    static String name(CaList list) {
        return list == CaList.SYSTEM ? "system" : "custom";
    }

    static String headline(CaListInfo i) {
        StringBuilder sb = new StringBuilder(name(i.list())).append(" CA list: ")
                .append(i.enabled() ? "enabled" : "disabled").append(", ")
                .append(i.count()).append(i.count() == 1 ? " root" : " roots");
        if (i.version() != null) {
            sb.append(", version ").append(i.version());
        }
        if (i.updated() != null) {
            sb.append(", updated ").append(i.updated());
        }
        return sb.toString();
    }

    @Command(name = "list", description = "List the roots of both lists, or of one; partner certificates are marked [partner].")
    static final class ListRoots extends Sub {
        @ArgGroup(exclusive = true, multiplicity = "0..1") Which which;

        @Override
        void execute(CaListApi ca, PrintWriter out, PrintWriter err) {
            for (CaList list : Which.lists(which)) {
                out.println(headline(ca.info(list)));
                for (CaCertificate c : ca.certificates(list)) {
                    out.println("  " + c.sha256Fingerprint() + "  " + c.notAfter().toString().substring(0, 10) + "  "
                            + c.subject() + (c.partner() ? "  [partner]" : ""));
                }
            }
        }
    }

    @Command(name = "show", description = "Show both lists (version, source, update time), or one root with --fingerprint.")
    static final class Show extends Sub {
        @Option(names = "--fingerprint", description = "SHA-256 fingerprint of a root (colons optional).") String fingerprint;
        @Option(names = "--pem", description = "Print the root as PEM (download a root).") boolean pem;
        @Option(names = "--out", description = "Write the root as PEM to FILE.") Path outFile;

        @Override
        void execute(CaListApi ca, PrintWriter out, PrintWriter err) {
            if (fingerprint == null) {
                if (pem || outFile != null) {
                    throw new CommandLine.ParameterException(spec.commandLine(), "--pem and --out need --fingerprint");
                }
                for (CaList list : List.of(CaList.SYSTEM, CaList.CUSTOM)) {
                    CaListInfo i = ca.info(list);
                    out.println(name(list) + " CA list");
                    out.println("  enabled:  " + (i.enabled() ? "yes" : "no"));
                    out.println("  roots:    " + i.count());
                    if (i.version() != null) {
                        out.println("  version:  " + i.version());
                    }
                    if (i.source() != null) {
                        out.println("  source:   " + i.source());
                    }
                    if (i.updated() != null) {
                        out.println("  updated:  " + i.updated());
                    }
                }
                return;
            }
            String fp = CaListService.normalizeFingerprint(fingerprint);
            CaList in = null;
            CaCertificate found = null;
            for (CaList list : List.of(CaList.SYSTEM, CaList.CUSTOM)) {
                Optional<CaCertificate> c = ca.certificates(list).stream()
                        .filter(x -> x.sha256Fingerprint().equals(fp)).findFirst();
                if (c.isPresent()) {
                    in = list;
                    found = c.get();
                    break;
                }
            }
            if (found == null) {
                throw new PosternException("neither CA list holds a root with SHA-256 fingerprint " + fp);
            }
            if (outFile != null) {
                CertConfigCommand.Sub.write(outFile, found.pem().getBytes(StandardCharsets.US_ASCII), false);
                out.println("wrote " + found.subject() + " to " + outFile);
            } else if (pem) {
                out.print(found.pem());
            } else {
                out.println("list:     " + name(in) + (ca.info(in).enabled() ? "" : " (disabled)"));
                out.println("kind:     " + (found.partner()
                        ? "partner (self-signed end-entity certificate; trusted for exactly this certificate, issues nothing)"
                        : "CA"));
                out.println("subject:  " + found.subject());
                out.println("issuer:   " + found.issuer());
                out.println("valid:    " + found.notBefore() + " .. " + found.notAfter());
                out.println("SHA-256:  " + found.sha256Fingerprint());
            }
        }
    }

    @Command(name = "import", description = {"Import the certificates of a PEM file into the custom list (all or nothing):",
            "CA certificates, and self-signed end-entity certificates of partner gateways (partner certificates,",
            "each trusted for exactly itself)."})
    static final class Import extends Sub {
        @Option(names = "--file", required = true) Path file;
        @Option(names = "--fqdn-check", description = "Require CN and SAN DNS names to be valid FQDNs.") boolean fqdnCheck;

        @Override
        void execute(CaListApi ca, PrintWriter out, PrintWriter err) {
            int added = ca.importCustom(CertConfigCommand.Sub.read(file), fqdnCheck);
            out.println("imported " + added + (added == 1 ? " certificate" : " certificates") + " into the custom CA list"
                    + " (now " + ca.info(CaList.CUSTOM).count() + ")");
        }
    }

    @Command(name = "export", description = "Export a list as PEM (re-importable as the custom list).")
    static final class Export extends Sub {
        @ArgGroup(exclusive = true, multiplicity = "1") Which which;
        @Option(names = "--out", description = "Write to FILE instead of standard output.") Path outFile;

        @Override
        void execute(CaListApi ca, PrintWriter out, PrintWriter err) {
            String pem = ca.exportPem(which.list());
            if (outFile != null) {
                CertConfigCommand.Sub.write(outFile, pem.getBytes(StandardCharsets.UTF_8), false);
                out.println("exported the " + name(which.list()) + " CA list (" + ca.info(which.list()).count()
                        + " roots) to " + outFile);
            } else {
                out.print(pem);
            }
        }
    }

    @Command(name = "enable", description = "Trust the roots of a list.")
    static final class Enable extends Sub {
        @ArgGroup(exclusive = true, multiplicity = "1") Which which;

        @Override
        void execute(CaListApi ca, PrintWriter out, PrintWriter err) {
            ca.setEnabled(which.list(), true);
            out.println("the " + name(which.list()) + " CA list is enabled");
        }
    }

    @Command(name = "disable", description = "Stop trusting the roots of a list (they are kept).")
    static final class Disable extends Sub {
        @ArgGroup(exclusive = true, multiplicity = "1") Which which;

        @Override
        void execute(CaListApi ca, PrintWriter out, PrintWriter err) {
            ca.setEnabled(which.list(), false);
            out.println("the " + name(which.list()) + " CA list is disabled");
            if (!ca.info(CaList.SYSTEM).enabled() && !ca.info(CaList.CUSTOM).enabled()) {
                err.println("warning: both CA lists are disabled; no certificate chain is trusted");
            }
        }
    }

    @Command(name = "delete", description = "Delete one root from the custom list.")
    static final class Delete extends Sub {
        @Option(names = "--fingerprint", required = true, description = "SHA-256 fingerprint (colons optional).")
        String fingerprint;

        @Override
        void execute(CaListApi ca, PrintWriter out, PrintWriter err) {
            ca.deleteCustom(fingerprint);
            out.println("deleted " + CaListService.normalizeFingerprint(fingerprint) + " from the custom CA list");
        }
    }

    @Command(name = "update", description = "Replace the system list with a PEM bundle or the operating system's trust store.")
    static final class Update extends Sub {
        @ArgGroup(exclusive = true, multiplicity = "1") Source source;

        static final class Source {
            @ArgGroup(exclusive = false, multiplicity = "1") FromFile file;
            @Option(names = "--from-os", required = true, description = "Use the operating system's trust store.")
            boolean fromOs;
        }

        static final class FromFile {
            @Option(names = "--file", required = true, description = "PEM bundle of CA certificates.") Path file;
            @Option(names = "--version", required = true, description = "The bundle's version, as shown later.")
            String version;
        }

        @Override
        void execute(CaListApi ca, PrintWriter out, PrintWriter err) {
            CaListInfo before = ca.info(CaList.SYSTEM);
            CaListInfo after = source.fromOs ? ca.updateSystemFromOperatingSystem()
                    : ca.updateSystem(CertConfigCommand.Sub.read(source.file.file), source.file.version);
            out.println("updated the system CA list: " + before.count() + " roots (version " + before.version()
                    + ") replaced by " + after.count() + " (version " + after.version() + ")");
            out.println("source: " + after.source());
            if (!after.enabled()) {
                err.println("warning: the system CA list is disabled; enable it to trust these roots");
            }
        }
    }
}

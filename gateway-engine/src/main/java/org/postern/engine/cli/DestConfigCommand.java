package org.postern.engine.cli;

import java.io.PrintWriter;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PosternException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern destconfig list|new|edit|delete|default|setup} (DLV-1..9, DANE-1). */
@Command(name = "destconfig", description = "Destination controls: per-domain TLS, DANE, limits and routes.",
        subcommands = {DestConfigCommand.ListEntries.class, DestConfigCommand.New.class, DestConfigCommand.Edit.class,
                DestConfigCommand.Delete.class, DestConfigCommand.Default.class, DestConfigCommand.Setup.class})
final class DestConfigCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a destconfig subcommand is required (see --help)");
    }

    abstract static class Sub implements Runnable {
        @ParentCommand
        DestConfigCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final void run() {
            try (GatewayApi api = parent.root.open()) {
                execute(api.destinations(), spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }

        abstract void execute(DestinationApi d, PrintWriter out, PrintWriter err);
    }

    /** Entry options; null = unchanged (edit) or the default value (new). */
    static class EntryOptions {
        @Option(names = "--tls", paramLabel = "SETTING", description = "default, none, preferred, required, preferred-verify, required-verify, required-verify-hosted")
        String tls;
        @Option(names = "--dane", paramLabel = "SETTING", description = "default, none, opportunistic, mandatory") String dane;
        @Option(names = "--max-connections", paramLabel = "N", description = "Most simultaneous connections to the domain.") Integer maxConnections;
        @Option(names = "--route", paramLabel = "HOST[:PORT]", description = "HOST[:PORT] to deliver to instead of the MX hosts; 'none' to remove.") String route;
        @Option(names = "--reconnect-in-clear", paramLabel = "true|false", arity = "1", description = "true/false: after a failed handshake under"
                + " Preferred, reconnect in clear (off by default; every downgrade is logged).") Boolean reconnect;

        DestinationEntry apply(String domain, DestinationEntry base) {
            return new DestinationEntry(domain,
                    tls == null ? base.tls() : OutboundTls.fromCliName(tls),
                    dane == null ? base.dane() : DaneSetting.fromCliName(dane),
                    maxConnections == null ? base.maxConnections() : maxConnections,
                    route == null ? base.route() : route.equalsIgnoreCase("none") ? null : route,
                    reconnect == null ? base.reconnectInClear() : reconnect);
        }
    }

    @Command(name = "list", description = "List the destination controls.")
    static final class ListEntries extends Sub {
        @Override
        void execute(DestinationApi d, PrintWriter out, PrintWriter err) {
            out.printf("%-28s %-24s %-14s %5s  %s%n", "DOMAIN", "TLS", "DANE", "CONNS", "ROUTE");
            for (DestinationEntry e : d.list()) {
                out.printf("%-28s %-24s %-14s %5d  %s%s%n", e.domain(), e.tls().cliName(), e.dane().cliName(), e.maxConnections(),
                        e.route() == null ? "MX" : e.route(), e.reconnectInClear() ? "  (reconnect in clear)" : "");
            }
            var g = d.globalSettings();
            out.println("client certificate: " + (g.clientCertificate() == null ? "none" : g.clientCertificate())
                    + "; required-TLS alert: " + (g.requiredTlsAlert() ? "on" : "off") + "; queue lifetime: "
                    + g.queueLifetimeHours() + " h; FQDN check: " + (g.fqdnCheck() ? "on" : "off") + "; algorithm check: "
                    + (g.algorithmCheck() ? "on" : "off") + "; DANE alert: " + (g.daneAlert() ? "on" : "off"));
        }
    }

    @Command(name = "new", description = "Add an entry (example.com, or .example.com for every subdomain).")
    static final class New extends Sub {
        @Option(names = "--domain", paramLabel = "D", required = true, description = "Destination domain, or .domain for every subdomain.") String domain;
        @CommandLine.Mixin EntryOptions options = new EntryOptions();

        @Override
        void execute(DestinationApi d, PrintWriter out, PrintWriter err) {
            boolean exists = d.list().stream().anyMatch(e -> e.domain().equalsIgnoreCase(domain.strip()));
            if (exists) {
                throw new PosternException("an entry for '" + domain + "' already exists; use edit");
            }
            d.save(options.apply(domain, new DestinationEntry(domain, OutboundTls.DEFAULT, DaneSetting.DEFAULT,
                    DestinationEntry.DEFAULT_MAX_CONNECTIONS, null, false)));
            out.println("added '" + domain + "'");
        }
    }

    @Command(name = "edit", description = "Change an entry.")
    static final class Edit extends Sub {
        @Option(names = "--domain", paramLabel = "D", required = true, description = "Destination domain of the entry.") String domain;
        @CommandLine.Mixin EntryOptions options = new EntryOptions();

        @Override
        void execute(DestinationApi d, PrintWriter out, PrintWriter err) {
            DestinationEntry e = d.get(domain);
            d.save(options.apply(e.domain(), e));
            out.println("updated '" + e.domain() + "'");
        }
    }

    @Command(name = "delete", description = "Delete an entry.")
    static final class Delete extends Sub {
        @Option(names = "--domain", paramLabel = "D", required = true, description = "Destination domain of the entry.") String domain;

        @Override
        void execute(DestinationApi d, PrintWriter out, PrintWriter err) {
            d.delete(domain);
            out.println("deleted '" + domain + "'");
        }
    }

    @Command(name = "default", description = "Change the default entry.")
    static final class Default extends Sub {
        @CommandLine.Mixin EntryOptions options = new EntryOptions();

        @Override
        void execute(DestinationApi d, PrintWriter out, PrintWriter err) {
            d.save(options.apply(DestinationEntry.DEFAULT_DOMAIN, d.get(DestinationEntry.DEFAULT_DOMAIN)));
            out.println("updated the default entry");
        }
    }

    @Command(name = "setup", description = "Global outbound settings: client certificate (DLV-4), required-TLS alert (DLV-7),"
            + " DANE alert (DANE-6).")
    static final class Setup extends Sub {
        @Option(names = "--certificate", paramLabel = "NAME", description = "Outbound client certificate; 'none' to offer none.") String certificate;
        @Option(names = "--alert", paramLabel = "true|false", arity = "1", description = "true/false: alert when a required TLS connection fails.") Boolean alert;
        @Option(names = "--queue-lifetime", paramLabel = "HOURS", description = "Hours before undeliverable mail is bounced.") Integer lifetime;
        @Option(names = "--fqdn-check", paramLabel = "true|false", arity = "1") Boolean fqdnCheck;
        @Option(names = "--algorithm-check", paramLabel = "true|false", arity = "1") Boolean algorithmCheck;
        @Option(names = "--dane-alert", paramLabel = "true|false", arity = "1", description = "true/false: alert (security, warning) when DANE"
                + " authentication fails on every MX host of a destination.") Boolean daneAlert;

        @Override
        void execute(DestinationApi d, PrintWriter out, PrintWriter err) {
            var g = d.globalSettings();
            d.saveGlobalSettings(new DestinationApi.GlobalSettings(
                    certificate == null ? g.clientCertificate() : certificate.equalsIgnoreCase("none") ? null : certificate,
                    alert == null ? g.requiredTlsAlert() : alert, lifetime == null ? g.queueLifetimeHours() : lifetime,
                    fqdnCheck == null ? g.fqdnCheck() : fqdnCheck, algorithmCheck == null ? g.algorithmCheck() : algorithmCheck,
                    daneAlert == null ? g.daneAlert() : daneAlert));
            out.println("saved global outbound settings");
        }
    }
}

package org.postern.engine.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerApi;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.SenderGroup;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern listenerconfig list|new|edit|delete|policy|group} (LIS-1, LIS-2). */
@Command(name = "listenerconfig", description = "Manage listeners and their host access tables.",
        subcommands = {ListenerConfigCommand.ListListeners.class, ListenerConfigCommand.New.class,
                ListenerConfigCommand.Edit.class, ListenerConfigCommand.Delete.class,
                ListenerConfigCommand.Policy.class, ListenerConfigCommand.Group.class})
final class ListenerConfigCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a listenerconfig subcommand is required (see --help)");
    }

    abstract static class Sub implements Runnable {
        @ParentCommand
        ListenerConfigCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final void run() {
            try (GatewayApi api = parent.root.open()) {
                execute(api.listeners(), spec.commandLine().getOut(), spec.commandLine().getErr());
            }
        }

        abstract void execute(ListenerApi listeners, PrintWriter out, PrintWriter err);

        static void warn(List<String> warnings, PrintWriter err) {
            warnings.forEach(w -> err.println("warning: " + w));
        }
    }

    static final class Kind {
        @Option(names = "--public", required = true, description = "Receives mail from the Internet.") boolean isPublic;
        @Option(names = "--private", required = true, description = "Relays mail from inside hosts.") boolean isPrivate;

        ListenerKind kind() {
            return isPublic ? ListenerKind.PUBLIC : ListenerKind.PRIVATE;
        }
    }

    /** Options shared by new and edit; null means "not given". */
    static class Settings {
        @ArgGroup(exclusive = true, multiplicity = "0..1") Kind kind;
        @Option(names = "--address", paramLabel = "A", description = "IP address to bind.") String address;
        @Option(names = "--port", paramLabel = "P", description = "TCP port.") Integer port;
        @Option(names = "--certificate", paramLabel = "NAME", description = "Certificate entry; 'demo' for the demo certificate.") String certificate;
        @Option(names = "--tls", paramLabel = "no|preferred|required", description = "no, preferred or required: the TLS setting of the listener's accepting and relaying policies.")
        String tls;
        @Option(names = "--max-connections", paramLabel = "N", description = "Most simultaneous connections.") Integer maxConnections;
        @Option(names = "--accept-queue", paramLabel = "N", description = "TCP accept queue length.") Integer acceptQueue;
        @Option(names = "--default-domain", paramLabel = "DOMAIN", description = "Domain for addresses without one.") String defaultDomain;
        @Option(names = "--accepted-domains", paramLabel = "DOMAIN", split = ",", description = "Recipient domains accepted (ACCEPT policies).")
        List<String> acceptedDomains;

        ListenerSpec applyTo(ListenerSpec s) {
            List<MailFlowPolicy> policies = s.policies();
            if (tls != null) {
                InboundTls t = InboundTls.fromCliName(tls);
                policies = policies.stream().map(p -> p.action() == PolicyAction.REJECT ? p
                        : new MailFlowPolicy(p.name(), p.action(), t, p.maxMessageSize(), p.maxRecipients())).toList();
            }
            String cert = certificate == null ? s.certificate() : certificate.equalsIgnoreCase("demo") ? null : certificate;
            return new ListenerSpec(s.name(), kind == null ? s.kind() : kind.kind(),
                    address == null ? s.address() : address, port == null ? s.port() : port,
                    defaultDomain == null ? s.defaultDomain() : defaultDomain,
                    acceptedDomains == null ? s.acceptedDomains() : acceptedDomains,
                    maxConnections == null ? s.maxConnections() : maxConnections,
                    acceptQueue == null ? s.acceptQueue() : acceptQueue, cert, s.senderGroups(), policies, s.defaultPolicy());
        }
    }

    @Command(name = "list", description = "List listeners with their policies and sender groups.")
    static final class ListListeners extends Sub {
        @Override
        void execute(ListenerApi listeners, PrintWriter out, PrintWriter err) {
            for (ListenerSpec l : listeners.list()) {
                out.printf("%s (%s) %s port %d, certificate %s, max %d connections, accept queue %d, default domain %s,"
                                + " accepted domains %s%n", l.name(), l.kind().name().toLowerCase(), l.address(), l.port(),
                        l.certificate() == null ? "demo" : l.certificate(), l.maxConnections(), l.acceptQueue(),
                        l.defaultDomain(), l.acceptedDomains().isEmpty() ? "-" : String.join(",", l.acceptedDomains()));
                for (SenderGroup g : l.senderGroups()) {
                    out.printf("  group %-12s %-30s -> %s%n", g.name(),
                            g.patterns().isEmpty() ? "(empty)" : String.join(",", g.patterns()), g.policy());
                }
                out.printf("  group %-12s %-30s -> %s%n", "(default)", "", l.defaultPolicy());
                for (MailFlowPolicy p : l.policies()) {
                    out.printf("  policy %-10s action %-6s tls %-9s max size %d, max recipients %d%n", p.name(),
                            p.action().cliName(), p.tls().cliName(), p.maxMessageSize(), p.maxRecipients());
                }
                warn(listeners.warnings(l), out);
            }
        }
    }

    @Command(name = "new", description = "Add a listener with a standard host access table.")
    static final class New extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Listener name.") String name;
        @CommandLine.Mixin Settings settings = new Settings();

        @Override
        void execute(ListenerApi listeners, PrintWriter out, PrintWriter err) {
            if (settings.kind == null || settings.address == null || settings.port == null) {
                throw new PosternException("a new listener needs --public or --private, --address and --port");
            }
            boolean pub = settings.kind.kind() == ListenerKind.PUBLIC;
            ListenerSpec base = new ListenerSpec(name, settings.kind.kind(), settings.address, settings.port, "localhost",
                    List.of(), ListenerSpec.DEFAULT_MAX_CONNECTIONS, ListenerSpec.DEFAULT_ACCEPT_QUEUE, null,
                    List.of(new SenderGroup("RELAYLIST", pub ? List.of() : List.of("127.0.0.0/8", "::1"), "RELAYED"),
                            new SenderGroup("BLOCKLIST", List.of(), "BLOCKED")),
                    List.of(MailFlowPolicy.of("ACCEPTED", PolicyAction.ACCEPT, InboundTls.NO),
                            MailFlowPolicy.of("RELAYED", PolicyAction.RELAY, InboundTls.NO),
                            MailFlowPolicy.of("BLOCKED", PolicyAction.REJECT, InboundTls.NO)),
                    pub ? "ACCEPTED" : "BLOCKED");
            warn(listeners.create(settings.applyTo(base)), err);
            out.println("created listener '" + name + "'");
        }
    }

    @Command(name = "edit", description = {"Change a listener.",
            "A new --certificate is checked first against the TLSA records published for the listener's host names"
                    + " (DANE-7); see certconfig tlsa --next for the records to publish before the switch."})
    static final class Edit extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Listener name.") String name;
        @Option(names = "--rename", paramLabel = "N") String rename;
        @Option(names = TlsaWarnings.OPTION, description = TlsaWarnings.OPTION_HELP) boolean ignoreTlsa;
        @CommandLine.Mixin Settings settings = new Settings();

        @Override
        void execute(ListenerApi listeners, PrintWriter out, PrintWriter err) {
            ListenerSpec s = settings.applyTo(listeners.get(name));
            if (rename != null) {
                s = new ListenerSpec(rename, s.kind(), s.address(), s.port(), s.defaultDomain(), s.acceptedDomains(),
                        s.maxConnections(), s.acceptQueue(), s.certificate(), s.senderGroups(), s.policies(), s.defaultPolicy());
            }
            if (ignoreTlsa) {
                TlsaWarnings.overridden(listeners.checkCertificateChange(name, s), err);
            }
            warn(listeners.update(name, s, ignoreTlsa), err);
            out.println("updated listener '" + s.name() + "'");
        }
    }

    @Command(name = "delete", description = "Delete a listener.")
    static final class Delete extends Sub {
        @Option(names = "--name", paramLabel = "N", required = true, description = "Listener name.") String name;

        @Override
        void execute(ListenerApi listeners, PrintWriter out, PrintWriter err) {
            listeners.delete(name);
            out.println("deleted listener '" + name + "'");
        }
    }

    @Command(name = "policy", description = "Add or change a mail-flow policy of a listener (LIS-2).")
    static final class Policy extends Sub {
        @Option(names = "--listener", paramLabel = "LISTENER", required = true, description = "Listener name.") String listener;
        @Option(names = "--name", paramLabel = "POLICY", required = true, description = "Policy name.") String name;
        @Option(names = "--action", paramLabel = "ACTION", description = "accept, relay or reject.") String action;
        @Option(names = "--tls", paramLabel = "no|preferred|required", description = "no (default), preferred or required.") String tls;
        @Option(names = "--max-size", paramLabel = "BYTES", description = "Message size limit in bytes.") Long maxSize;
        @Option(names = "--max-recipients", paramLabel = "N") Integer maxRecipients;
        @Option(names = "--default", description = "Make it the listener's default policy.") boolean makeDefault;
        @Option(names = "--delete") boolean delete;

        @Override
        void execute(ListenerApi listeners, PrintWriter out, PrintWriter err) {
            ListenerSpec s = listeners.get(listener);
            List<MailFlowPolicy> policies = new ArrayList<>(s.policies());
            MailFlowPolicy old = policies.stream().filter(p -> p.name().equalsIgnoreCase(name)).findFirst().orElse(null);
            policies.remove(old);
            if (!delete) {
                if (old == null && action == null) {
                    throw new PosternException("a new policy needs --action");
                }
                policies.add(new MailFlowPolicy(name, action != null ? PolicyAction.fromCliName(action) : old.action(),
                        tls != null ? InboundTls.fromCliName(tls) : old == null ? InboundTls.NO : old.tls(),
                        maxSize != null ? maxSize : old == null ? MailFlowPolicy.DEFAULT_MAX_MESSAGE_SIZE : old.maxMessageSize(),
                        maxRecipients != null ? maxRecipients : old == null ? MailFlowPolicy.DEFAULT_MAX_RECIPIENTS : old.maxRecipients()));
            } else if (old == null) {
                throw new PosternException("listener '" + listener + "' has no policy named '" + name + "'");
            }
            warn(listeners.update(s.name(), new ListenerSpec(s.name(), s.kind(), s.address(), s.port(), s.defaultDomain(),
                    s.acceptedDomains(), s.maxConnections(), s.acceptQueue(), s.certificate(), s.senderGroups(), policies,
                    makeDefault ? name : s.defaultPolicy())), err);
            out.println((delete ? "deleted" : "saved") + " policy '" + name + "' of listener '" + s.name() + "'");
        }
    }

    @Command(name = "group", description = "Add or change a sender group of a listener's host access table (LIS-2).")
    static final class Group extends Sub {
        @Option(names = "--listener", paramLabel = "LISTENER", required = true, description = "Listener name.") String listener;
        @Option(names = "--name", paramLabel = "GROUP", required = true, description = "Sender group name.") String name;
        @Option(names = "--patterns", paramLabel = "PATTERN", split = ",", description = "IP addresses, CIDR blocks, host names, .domain suffixes.")
        List<String> patterns;
        @Option(names = "--policy", paramLabel = "POLICY") String policy;
        @Option(names = "--position", paramLabel = "N", description = "Order in the table, from 1.") Integer position;
        @Option(names = "--delete") boolean delete;

        @Override
        void execute(ListenerApi listeners, PrintWriter out, PrintWriter err) {
            ListenerSpec s = listeners.get(listener);
            List<SenderGroup> groups = new ArrayList<>(s.senderGroups());
            int index = -1;
            for (int i = 0; i < groups.size(); i++) {
                if (groups.get(i).name().equalsIgnoreCase(name)) {
                    index = i;
                }
            }
            SenderGroup old = index < 0 ? null : groups.remove(index);
            if (delete && old == null) {
                throw new PosternException("listener '" + listener + "' has no sender group named '" + name + "'");
            }
            if (!delete) {
                if (old == null && policy == null) {
                    throw new PosternException("a new sender group needs --policy");
                }
                SenderGroup g = new SenderGroup(name, patterns != null ? patterns : old == null ? List.of() : old.patterns(),
                        policy != null ? policy : old.policy());
                int at = position != null ? Math.max(0, Math.min(groups.size(), position - 1)) : index < 0 ? groups.size() : index;
                groups.add(at, g);
            }
            warn(listeners.update(s.name(), new ListenerSpec(s.name(), s.kind(), s.address(), s.port(), s.defaultDomain(),
                    s.acceptedDomains(), s.maxConnections(), s.acceptQueue(), s.certificate(), groups, s.policies(),
                    s.defaultPolicy())), err);
            out.println((delete ? "deleted" : "saved") + " sender group '" + name + "' of listener '" + s.name() + "'");
        }
    }
}

package org.postern.engine.cli;

import java.io.PrintWriter;
import java.util.List;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.TlsSettingsApi;
import org.postern.engine.api.TlsSettingsApi.Direction;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern sslconfig show|inbound|outbound|reset} (TLS-1, the vendor's name): protocols and
 * cipher suites for the listeners (inbound) and for delivery (outbound), applied to the next
 * connection.
 */
@Command(name = "sslconfig", mixinStandardHelpOptions = true, description = {
        "Protocols and cipher suites for listeners (inbound) and delivery (outbound).",
        "Defaults: TLSv1.3 and TLSv1.2 with forward-secret AEAD suites only (ECDHE with AES-GCM or "
                + "ChaCha20-Poly1305 for TLS 1.2), the server's suite order. SSLv3, TLSv1 and TLSv1.1 are always "
                + "refused (RFC 7568, RFC 8996), as are CBC suites, RSA key exchange and DHE. Changes apply to the "
                + "next connection; no restart."},
        subcommands = {SslConfigCommand.Show.class, SslConfigCommand.Inbound.class, SslConfigCommand.Outbound.class,
                SslConfigCommand.Reset.class})
final class SslConfigCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "an sslconfig subcommand is required (see --help)");
    }

    static void print(PrintWriter out, TlsSettingsApi tls, Direction d) {
        TlsPolicy p = tls.get(d);
        out.println(d.label() + (tls.isDefault(d) ? " (default)" : "") + ":");
        out.println("  protocols: " + String.join(",", p.protocols()));
        out.println("  ciphers:   " + String.join(",", p.cipherSuites()));
    }

    @Command(name = "show", mixinStandardHelpOptions = true, description = "Show both policies and what may be chosen.")
    static final class Show implements Runnable {
        @ParentCommand
        SslConfigCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            PrintWriter out = spec.commandLine().getOut();
            try (GatewayApi api = parent.root.open()) {
                TlsSettingsApi tls = api.tls();
                print(out, tls, Direction.INBOUND);
                print(out, tls, Direction.OUTBOUND);
                out.println("supported protocols: " + String.join(",", tls.allowedProtocols()));
                out.println("supported ciphers:   " + String.join(",", tls.allowedCipherSuites()));
            }
        }
    }

    /** Sets one direction; an option left out keeps its current value. */
    abstract static class SetPolicy implements Runnable {
        @ParentCommand
        SslConfigCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--protocols", split = ",", paramLabel = "P[,P…]",
                description = "Protocols, e.g. TLSv1.3,TLSv1.2 (only these two are accepted).")
        List<String> protocols;

        @Option(names = "--ciphers", split = ",", paramLabel = "SUITE[,SUITE…]",
                description = "Cipher suites by IANA/JSSE name in order of preference, e.g. "
                        + "TLS_AES_128_GCM_SHA256,TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 (see 'sslconfig show').")
        List<String> ciphers;

        abstract Direction direction();

        @Override
        public void run() {
            if (protocols == null && ciphers == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "give --protocols, --ciphers or both (see --help)");
            }
            PrintWriter out = spec.commandLine().getOut();
            try (GatewayApi api = parent.root.open()) {
                TlsPolicy current = api.tls().get(direction());
                api.tls().set(direction(), new TlsPolicy(protocols == null ? current.protocols() : protocols,
                        ciphers == null ? current.cipherSuites() : ciphers));
                print(out, api.tls(), direction());
            }
        }
    }

    @Command(name = "inbound", mixinStandardHelpOptions = true, description = "Set the listeners' protocols and cipher suites (server order applies).")
    static final class Inbound extends SetPolicy {
        @Override
        Direction direction() {
            return Direction.INBOUND;
        }
    }

    @Command(name = "outbound", mixinStandardHelpOptions = true, description = "Set the protocols and cipher suites delivery offers.")
    static final class Outbound extends SetPolicy {
        @Override
        Direction direction() {
            return Direction.OUTBOUND;
        }
    }

    @Command(name = "reset", mixinStandardHelpOptions = true, description = "Back to the defaults, for both directions or the one named.")
    static final class Reset implements Runnable {
        @ParentCommand
        SslConfigCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Parameters(arity = "0..1", paramLabel = "inbound|outbound", description = "Only this direction.")
        String direction;

        @Override
        public void run() {
            List<Direction> which = direction == null ? List.of(Direction.values()) : List.of(parse());
            PrintWriter out = spec.commandLine().getOut();
            try (GatewayApi api = parent.root.open()) {
                for (Direction d : which) {
                    api.tls().reset(d);
                    print(out, api.tls(), d);
                }
            }
        }

        private Direction parse() {
            for (Direction d : Direction.values()) {
                if (d.label().equalsIgnoreCase(direction)) {
                    return d;
                }
            }
            throw new CommandLine.ParameterException(spec.commandLine(), "reset takes inbound or outbound, not '" + direction + "'");
        }
    }
}

package org.postern.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsaRolloverException;
import org.postern.engine.config.DataDirectory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The {@code postern} command line (ADM-3): scriptable, non-interactive, the vendor's command
 * names. Exit 0 on success, 1 when the engine refuses (one-line reason on standard error), 2 on a
 * usage error. Secrets come from files or standard input, never from arguments.
 */
@Command(name = "postern", mixinStandardHelpOptions = true, scope = CommandLine.ScopeType.INHERIT, versionProvider = PosternCli.Version.class,
        description = "Postern mail gateway: command-line administration.",
        subcommands = {RunCommand.class, StatusCommand.class, ConsoleCommand.class, PrintCommand.class, CertConfigCommand.class,
                ListenerConfigCommand.class, DestConfigCommand.class, DnsConfigCommand.class, AlertConfigCommand.class, TlsVerifyCommand.class,
                DaneVerifyCommand.class, SslConfigCommand.class, QueueCommands.Inject.class, QueueCommands.Queue.class})
public final class PosternCli implements Runnable {

    @Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = {"The data directory; by default $XDG_DATA_HOME/postern,", "else ~/.local/share/postern."})
    Path dataDir = DataDirectory.defaultLocation();

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    /** Opens the gateway API on the chosen data directory. */
    GatewayApi open() {
        return EmbeddedGateway.open(dataDir);
    }

    /** Runs one command and returns its exit code. */
    public static int run(String... args) {
        return run(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args);
    }

    public static int run(PrintWriter out, PrintWriter err, String... args) {
        CommandLine cl = new CommandLine(new PosternCli());
        cl.setOut(out);
        cl.setErr(err);
        cl.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof TlsaRolloverException refused) {
                TlsaWarnings.refused(refused, err);
                return 1;
            }
            String message = e instanceof PosternException ? e.getMessage()
                    : e.getMessage() != null ? e.getMessage() : e.toString();
            err.println("postern: " + message.replace('\n', ' '));
            return 1;
        });
        cl.setParameterExceptionHandler((e, a) -> {
            err.println("postern: " + e.getMessage().replace('\n', ' '));
            return 2;
        });
        try {
            return cl.execute(args);
        } finally {
            // commands print with print(): without this, what they wrote could be lost at exit
            out.flush();
            err.flush();
        }
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = PosternCli.class.getPackage().getImplementationVersion();
            return new String[] {"postern " + (v == null ? "development build" : v)};
        }
    }
}

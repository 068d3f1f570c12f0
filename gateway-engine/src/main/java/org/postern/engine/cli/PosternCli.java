package org.postern.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.postern.engine.EmbeddedGateway;
import org.postern.engine.admin.AdminServer;
import org.postern.engine.admin.RemoteGateway;
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
                DaneVerifyCommand.class, SslConfigCommand.class, QueueCommands.Inject.class, QueueCommands.Queue.class,
                InterfaceConfigCommand.class, AdminConfigCommand.class, LoginCommand.class})
public final class PosternCli implements Runnable {

    @Option(names = "--data-dir", paramLabel = "DIR", scope = CommandLine.ScopeType.INHERIT,
            description = {"The data directory; by default $XDG_DATA_HOME/postern,", "else ~/.local/share/postern."})
    Path dataDir = DataDirectory.defaultLocation();

    @Option(names = "--remote", paramLabel = "URL", scope = CommandLine.ScopeType.INHERIT,
            description = "Manage the engine at https://HOST[:PORT] instead of the local one (with --token-file).")
    java.net.URI remote;

    @Option(names = "--token-file", paramLabel = "FILE", scope = CommandLine.ScopeType.INHERIT,
            description = "The token file written by 'postern login' (holds the pinned certificate fingerprint too).")
    Path tokenFile;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a command is required (see --help)");
    }

    /**
     * The gateway API this command manages (ADM-2a): the remote engine given by {@code --remote};
     * else the engine running on the data directory, through its control socket, so that the
     * change reaches it at once; else, when no engine runs there, the store itself.
     */
    GatewayApi open() {
        if (remote != null) {
            if (tokenFile == null) {
                throw new PosternException("--remote needs --token-file FILE (written by 'postern login --remote "
                        + remote + " --token-file FILE')");
            }
            return TokenFile.read(tokenFile).open(remote);
        }
        if (EmbeddedGateway.engineRunningOn(dataDir)) {
            // an engine that has just taken the lock opens its socket a moment later
            for (int i = 0; i < 50 && !java.nio.file.Files.exists(AdminServer.socketOf(dataDir)); i++) {
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (!java.nio.file.Files.exists(AdminServer.socketOf(dataDir))) {
                throw new PosternException("an engine is running on " + dataDir + " but its control socket "
                        + AdminServer.socketOf(dataDir) + " is missing; see its log, or stop it and try again");
            }
            return RemoteGateway.overSocket(dataDir);
        }
        return EmbeddedGateway.open(dataDir);
    }

    /** The store itself, for the engine that this process runs ({@code postern run}). */
    GatewayApi openEmbedded() {
        if (remote != null) {
            throw new PosternException("'postern run' runs an engine here; it cannot run one at " + remote);
        }
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

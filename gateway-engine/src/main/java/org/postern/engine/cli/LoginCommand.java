package org.postern.engine.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import org.postern.engine.admin.RemoteGateway;
import org.postern.engine.admin.ServerIdentity;
import org.postern.engine.api.PosternException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code postern login --remote URL --token-file F --password-file F [--fingerprint SHA256]}
 * (ADM-2a): logs in to a remote engine over HTTPS and writes the token file later commands use.
 * The engine's certificate is pinned by its fingerprint; without {@code --fingerprint} the command
 * prints what the engine presents and stops, so the administrator can compare it first.
 */
@Command(name = "login", description = {
        "Log in to a remote engine over HTTPS and write a token file for --remote commands.",
        "Without --fingerprint, prints the certificate the engine presents and exits 1: compare its",
        "SHA-256 fingerprint with 'postern interfaceconfig' on the engine, then run again with it."})
final class LoginCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--password-file", required = true, paramLabel = "FILE",
            description = {"File holding the administrator's password ('-' for standard input);",
                    "with --client-certificate, the PKCS#12 file's password."})
    Path passwordFile;

    @Option(names = "--client-certificate", paramLabel = "FILE.p12",
            description = "Log in with this client certificate and key (PKCS#12; registered with 'adminconfig clientcert add').")
    Path clientCertificate;

    @Option(names = "--fingerprint", paramLabel = "SHA256",
            description = "The engine certificate's SHA-256 fingerprint you checked (pinned from now on).")
    String fingerprint;

    @Option(names = "--minutes", defaultValue = "60", description = "Token lifetime in minutes, 1-1440 (default: ${DEFAULT-VALUE}).")
    int minutes;

    @Override
    public void run() {
        PrintWriter out = spec.commandLine().getOut();
        if (root.remote == null || root.tokenFile == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "login needs --remote URL and --token-file FILE");
        }
        if (minutes < 1 || minutes > 1440) {
            throw new CommandLine.ParameterException(spec.commandLine(), "--minutes must be between 1 and 1440");
        }
        if (fingerprint == null) {
            ServerIdentity id = ServerIdentity.fetch(root.remote);
            throw new PosternException("the engine at " + root.remote + " presents " + id.subject()
                    + " with SHA-256 fingerprint " + id.sha256Fingerprint() + "; compare it with 'postern interfaceconfig'"
                    + " on the engine and run again with --fingerprint " + id.sha256Fingerprint());
        }
        String pin = org.postern.engine.trust.CaListService.normalizeFingerprint(fingerprint);
        char[] password = Secrets.read(passwordFile, System.in);
        RemoteGateway.Login login;
        if (clientCertificate != null) {
            ClientIdentity id = ClientIdentity.read(clientCertificate, password);
            login = RemoteGateway.login(root.remote, pin, id.key(), id.chain(), minutes);
        } else {
            login = RemoteGateway.login(root.remote, pin, password, minutes);
        }
        new TokenFile(root.remote, pin, login.token(), login.expires()).write(root.tokenFile);
        out.println("logged in to " + root.remote + "; token in " + root.tokenFile + " valid until " + login.expires());
    }
}

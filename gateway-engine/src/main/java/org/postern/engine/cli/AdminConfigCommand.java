package org.postern.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postern.engine.api.AdminApi;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.PosternException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern adminconfig password|clientcert …} (ADM-2a): the administrator's credentials. */
@Command(name = "adminconfig", description = "The administrator's password and login client certificates.",
        subcommands = {AdminConfigCommand.Password.class, AdminConfigCommand.ClientCert.class})
final class AdminConfigCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (see --help)");
    }

    @Command(name = "password", description = "Set the administrator's password (at least 12 characters).")
    static final class Password implements Runnable {
        @ParentCommand
        AdminConfigCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Option(names = "--password-file", required = true, paramLabel = "FILE",
                description = "File holding the new password, first line ('-' for standard input).")
        Path passwordFile;

        @Override
        public void run() {
            char[] password = Secrets.read(passwordFile, System.in);
            try (GatewayApi api = parent.root.open()) {
                api.admin().setPassword(password);
            }
            spec.commandLine().getOut().println("administrator password set");
        }
    }

    @Command(name = "clientcert", description = "Client certificates that may log in over HTTPS instead of the password.",
            subcommands = {ClientCert.List.class, ClientCert.Add.class, ClientCert.Delete.class})
    static final class ClientCert implements Runnable {
        @ParentCommand
        AdminConfigCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required (see --help)");
        }

        @Command(name = "list", description = "List the login client certificates.")
        static final class List implements Runnable {
            @ParentCommand
            ClientCert parent;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Override
            public void run() {
                PrintWriter out = spec.commandLine().getOut();
                try (GatewayApi api = parent.parent.root.open()) {
                    for (AdminApi.ClientCertificate c : api.admin().clientCertificates()) {
                        out.println(c.sha256Fingerprint() + "  " + c.subject() + "  (expires " + c.notAfter() + ")");
                    }
                }
            }
        }

        @Command(name = "add", description = "Allow the holder of a certificate (PEM or DER) to log in.")
        static final class Add implements Runnable {
            @ParentCommand
            ClientCert parent;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Option(names = "--file", required = true, description = "The client certificate (PEM or DER).")
            Path file;

            @Override
            public void run() {
                byte[] content;
                try {
                    content = Files.readAllBytes(file);
                } catch (IOException e) {
                    throw new PosternException("cannot read " + file + ": " + e.getMessage());
                }
                try (GatewayApi api = parent.parent.root.open()) {
                    AdminApi.ClientCertificate c = api.admin().addClientCertificate(content);
                    spec.commandLine().getOut().println("added " + c.subject() + " (SHA-256 " + c.sha256Fingerprint() + ")");
                }
            }
        }

        @Command(name = "delete", description = "Stop a client certificate from logging in.")
        static final class Delete implements Runnable {
            @ParentCommand
            ClientCert parent;

            @CommandLine.Spec
            CommandLine.Model.CommandSpec spec;

            @Option(names = "--fingerprint", required = true, paramLabel = "SHA256", description = "Its SHA-256 fingerprint.")
            String fingerprint;

            @Override
            public void run() {
                try (GatewayApi api = parent.parent.root.open()) {
                    api.admin().removeClientCertificate(fingerprint);
                }
                spec.commandLine().getOut().println("deleted");
            }
        }
    }
}

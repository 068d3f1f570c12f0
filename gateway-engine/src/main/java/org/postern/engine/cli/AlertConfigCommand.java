package org.postern.engine.cli;

import java.io.PrintWriter;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.GatewayApi;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code postern alertconfig list|new|delete} (ALR-1). */
@Command(name = "alertconfig", description = "Alert recipients.",
        subcommands = {AlertConfigCommand.ListRecipients.class, AlertConfigCommand.New.class, AlertConfigCommand.Delete.class})
final class AlertConfigCommand implements Runnable {

    @ParentCommand
    PosternCli root;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "an alertconfig subcommand is required (see --help)");
    }

    abstract static class Sub implements Runnable {
        @ParentCommand
        AlertConfigCommand parent;

        @CommandLine.Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public final void run() {
            try (GatewayApi api = parent.root.open()) {
                execute(api.alerts(), spec.commandLine().getOut());
            }
        }

        abstract void execute(AlertApi alerts, PrintWriter out);
    }

    static class Recipient {
        @Option(names = "--address", paramLabel = "ADDRESS", required = true, description = "Recipient e-mail address.") String address;
        @Option(names = "--type", paramLabel = "TYPE", defaultValue = "system", description = "system or security") String type;
        @Option(names = "--severity", paramLabel = "SEVERITY", defaultValue = "warning", description = "critical, warning or information") String severity;

        AlertApi.AlertRecipient toRecipient() {
            return new AlertApi.AlertRecipient(address, AlertApi.parse(AlertApi.AlertType.class, type),
                    AlertApi.parse(AlertApi.Severity.class, severity));
        }
    }

    @Command(name = "list", description = "List alert recipients.")
    static final class ListRecipients extends Sub {
        @Override
        void execute(AlertApi alerts, PrintWriter out) {
            for (AlertApi.AlertRecipient r : alerts.recipients()) {
                out.println(r.address() + " " + r.type().name().toLowerCase() + " " + r.severity().name().toLowerCase());
            }
        }
    }

    @Command(name = "new", description = "Add an alert recipient.")
    static final class New extends Sub {
        @CommandLine.Mixin Recipient recipient = new Recipient();

        @Override
        void execute(AlertApi alerts, PrintWriter out) {
            alerts.add(recipient.toRecipient());
            out.println("added " + recipient.address);
        }
    }

    @Command(name = "delete", description = "Remove an alert recipient.")
    static final class Delete extends Sub {
        @CommandLine.Mixin Recipient recipient = new Recipient();

        @Override
        void execute(AlertApi alerts, PrintWriter out) {
            alerts.remove(recipient.toRecipient());
            out.println("removed " + recipient.address);
        }
    }
}

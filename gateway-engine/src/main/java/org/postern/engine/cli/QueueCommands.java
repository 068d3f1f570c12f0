package org.postern.engine.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.List;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.QueuedMessage;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code postern inject} and {@code postern queue list|show|delete}. */
final class QueueCommands {

    private QueueCommands() {
    }

    @Command(name = "inject", description = "Queue a message read from standard input.")
    static final class Inject implements Runnable {
        @ParentCommand
        PosternCli root;
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Option(names = "--from", paramLabel = "A", required = true, description = "Envelope sender (\"\" for the null sender).") String from;
        @Option(names = "--to", paramLabel = "B", required = true, split = ",", description = "Envelope recipients.") List<String> to;

        @Override
        public void run() {
            byte[] message;
            try {
                message = System.in.readAllBytes();
            } catch (IOException e) {
                throw new PosternException("cannot read the message from standard input: " + e.getMessage());
            }
            if (message.length == 0) {
                throw new PosternException("the message on standard input is empty");
            }
            try (GatewayApi api = root.open()) {
                spec.commandLine().getOut().println(api.queue().inject(from, to, message));
            }
        }
    }

    @Command(name = "queue", description = "Browse and manage the queue.",
            subcommands = {List_.class, Show.class, Delete.class, Flush.class})
    static final class Queue implements Runnable {
        @ParentCommand
        PosternCli root;
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            throw new CommandLine.ParameterException(spec.commandLine(), "a queue subcommand is required (see --help)");
        }
    }

    @Command(name = "list", description = "List queued messages.")
    static final class List_ implements Runnable {
        @ParentCommand
        Queue queue;
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            try (GatewayApi api = queue.root.open()) {
                PrintWriter out = spec.commandLine().getOut();
                List<QueuedMessage> list = api.queue().list();
                for (QueuedMessage m : list) {
                    out.printf("%s %8d %s %-8s <%s> -> %s%s%n", m.id(), m.size(), m.receivedAt(), m.state(), m.sender(),
                            String.join(", ", m.recipients()), m.lastError() == null ? "" : "  (" + m.lastError() + ")");
                }
                out.println(list.size() + " message(s)");
            }
        }
    }

    @Command(name = "show", description = "Print a queued message.")
    static final class Show implements Runnable {
        @ParentCommand
        Queue queue;
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "ID") String id;

        @Override
        public void run() {
            try (GatewayApi api = queue.root.open()) {
                PrintWriter out = spec.commandLine().getOut();
                out.print(new String(api.queue().content(id), java.nio.charset.StandardCharsets.UTF_8));
                out.flush();
            }
        }
    }

    @Command(name = "flush", description = "Retry every queued message now.")
    static final class Flush implements Runnable {
        @ParentCommand
        Queue queue;
        @Spec
        CommandLine.Model.CommandSpec spec;

        @Override
        public void run() {
            try (GatewayApi api = queue.root.open()) {
                spec.commandLine().getOut().println(api.queue().flush() + " message(s) due now");
            }
        }
    }

    @Command(name = "delete", description = "Delete queued messages.")
    static final class Delete implements Runnable {
        @ParentCommand
        Queue queue;
        @Spec
        CommandLine.Model.CommandSpec spec;
        @Parameters(paramLabel = "ID", arity = "1..*") List<String> ids;

        @Override
        public void run() {
            try (GatewayApi api = queue.root.open()) {
                for (String id : ids) {
                    api.queue().delete(id);
                    spec.commandLine().getOut().println("deleted " + id);
                }
            }
        }
    }
}

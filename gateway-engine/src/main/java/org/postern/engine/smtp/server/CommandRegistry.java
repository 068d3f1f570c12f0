package org.postern.engine.smtp.server;

import java.util.Locale;
import java.util.Map;

/** The commands the server understands; all but NOOP, EHLO, STARTTLS and QUIT require TLS under a Required policy. */
final class CommandRegistry {

    private static final Map<String, SmtpCommand> COMMANDS = Map.ofEntries(
            Map.entry("EHLO", new HelloCommand(true)),
            Map.entry("HELO", new RequireTls(new HelloCommand(false))),
            Map.entry("STARTTLS", new StartTlsCommand()),
            Map.entry("MAIL", new RequireTls(new MailCommand())),
            Map.entry("RCPT", new RequireTls(new RcptCommand())),
            Map.entry("DATA", new RequireTls(new DataCommand())),
            Map.entry("RSET", new RequireTls(new RsetCommand())),
            Map.entry("VRFY", new RequireTls(new VrfyCommand())),
            Map.entry("NOOP", (s, a) -> {
                s.junkCommand();
                s.reply("250 2.0.0 Ok");
            }),
            Map.entry("QUIT", (s, a) -> {
                s.reply("221 2.0.0 Bye");
                s.close();
            }));

    private CommandRegistry() {
    }

    static SmtpCommand find(String verb) {
        return COMMANDS.get(verb.toUpperCase(Locale.ROOT));
    }
}

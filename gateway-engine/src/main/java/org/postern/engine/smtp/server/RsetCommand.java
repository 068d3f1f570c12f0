package org.postern.engine.smtp.server;

import java.io.IOException;

/** RSET (RFC 5321 §4.1.1.5). */
final class RsetCommand implements SmtpCommand {
    @Override
    public void execute(SmtpSession s, String args) throws IOException {
        if (!args.isBlank()) {
            s.reply("501 5.5.4 Syntax: RSET");
            return;
        }
        s.junkCommand();
        s.resetTransaction();
        s.reply("250 2.0.0 Ok");
    }
}

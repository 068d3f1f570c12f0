package org.postern.engine.smtp.server;

import java.io.IOException;

/** VRFY: the gateway does not disclose mailboxes (RFC 5321 §3.5.3: 252). */
final class VrfyCommand implements SmtpCommand {
    @Override
    public void execute(SmtpSession s, String args) throws IOException {
        s.junkCommand();
        if (args.isBlank()) {
            s.reply("501 5.5.4 Syntax: VRFY address");
            return;
        }
        s.reply("252 2.0.0 Cannot VRFY user, but will accept message and attempt delivery");
    }
}

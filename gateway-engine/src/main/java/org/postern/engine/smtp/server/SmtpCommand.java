package org.postern.engine.smtp.server;

import java.io.IOException;

/** One SMTP command (DESIGN: one class per command, held in a registry). */
interface SmtpCommand {

    /** Handles the command; {@code args} is everything after the verb, possibly empty. */
    void execute(SmtpSession session, String args) throws IOException;
}

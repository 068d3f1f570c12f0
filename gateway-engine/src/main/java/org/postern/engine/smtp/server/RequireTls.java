package org.postern.engine.smtp.server;

import java.io.IOException;
import org.postern.engine.api.InboundTls;

/**
 * LIS-5 (RFC 3207 §4): under a Required policy, a command other than NOOP, EHLO, STARTTLS and
 * QUIT before TLS is answered 530 — so mail is never accepted in clear.
 */
record RequireTls(SmtpCommand command) implements SmtpCommand {

    static final String REPLY = "530 5.7.0 Must issue a STARTTLS command first";

    @Override
    public void execute(SmtpSession session, String args) throws IOException {
        if (session.policy().tls() == InboundTls.REQUIRED && !session.tlsActive()) {
            session.markTlsRequiredRefusal();
            session.reply(REPLY);
            return;
        }
        command.execute(session, args);
    }
}

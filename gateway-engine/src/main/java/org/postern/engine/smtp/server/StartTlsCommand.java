package org.postern.engine.smtp.server;

import java.io.IOException;
import org.postern.engine.api.InboundTls;

/** STARTTLS per RFC 3207 and LIS-3..6. */
final class StartTlsCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession s, String args) throws IOException {
        if (s.policy().tls() == InboundTls.NO) {
            s.reply("502 5.5.1 Error: command not implemented");
        } else if (s.tlsActive()) {
            s.reply("503 5.5.1 Error: TLS already active");
        } else if (!args.isBlank()) {
            s.reply("501 5.5.4 Syntax: STARTTLS");
        } else if (!s.tlsAvailable()) {
            s.reply("454 4.7.0 TLS not available due to temporary reason");
        } else {
            s.reply("220 2.0.0 Ready to start TLS");
            s.startTls();
        }
    }
}

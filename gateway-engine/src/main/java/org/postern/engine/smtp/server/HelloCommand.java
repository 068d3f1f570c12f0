package org.postern.engine.smtp.server;

import java.io.IOException;
import org.postern.engine.api.InboundTls;

/** EHLO and HELO (RFC 5321 §4.1.1.1); EHLO lists the extensions, STARTTLS only where policy allows and TLS is not yet active. */
record HelloCommand(boolean extended) implements SmtpCommand {

    @Override
    public void execute(SmtpSession s, String args) throws IOException {
        String name = args.strip();
        if (name.isEmpty() || name.contains(" ")) {
            s.reply("501 5.5.4 Syntax: " + (extended ? "EHLO" : "HELO") + " hostname");
            return;
        }
        s.resetTransaction();
        s.hello(name, extended);
        if (!extended) {
            s.reply("250 " + s.hostname());
            return;
        }
        StringBuilder r = new StringBuilder();
        r.append("250-").append(s.hostname()).append("\r\n");
        r.append("250-PIPELINING\r\n");
        r.append("250-SIZE ").append(s.policy().maxMessageSize()).append("\r\n");
        r.append("250-VRFY\r\n");
        if (s.policy().tls() != InboundTls.NO && !s.tlsActive()) {
            r.append("250-STARTTLS\r\n");
        }
        r.append("250-ENHANCEDSTATUSCODES\r\n");
        r.append("250-8BITMIME\r\n");
        r.append("250 SMTPUTF8");
        s.reply(r.toString());
    }
}

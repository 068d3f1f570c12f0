package org.postern.engine.smtp.server;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import org.postern.engine.mail.Addresses;

/** MAIL FROM with SIZE (RFC 1870), BODY (RFC 6152) and SMTPUTF8 (RFC 6531). */
final class MailCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession s, String args) throws IOException {
        if (!s.greeted()) {
            s.reply("503 5.5.1 Error: send HELO/EHLO first");
            return;
        }
        if (s.sender() != null) {
            s.reply("503 5.5.1 Error: nested MAIL command");
            return;
        }
        PathArgument p = PathArgument.parse(args, "FROM");
        if (p == null) {
            s.reply("501 5.5.4 Syntax: MAIL FROM:<address>");
            return;
        }
        boolean utf8 = false;
        long size = 0;
        for (Map.Entry<String, String> e : p.parameters().entrySet()) {
            if (!s.extended()) {
                s.reply("555 5.5.4 Unsupported option: " + Replies.printable(e.getKey()));
                return;
            }
            switch (e.getKey()) {
                case "SIZE" -> {
                    // RFC 1870: size-value ::= 1*20DIGIT (no sign, no exponent); a value beyond
                    // any long is still well-formed and simply too big
                    String v = e.getValue();
                    if (v == null || !v.matches("[0-9]{1,20}")) {
                        s.reply("501 5.5.4 Bad SIZE parameter");
                        return;
                    }
                    try {
                        size = Long.parseLong(v);
                    } catch (NumberFormatException x) {
                        size = Long.MAX_VALUE;
                    }
                    if (size > s.policy().maxMessageSize()) {
                        s.reply("552 5.3.4 Message size exceeds fixed limit");
                        return;
                    }
                }
                case "BODY" -> {
                    String v = e.getValue() == null ? "" : e.getValue().toUpperCase(Locale.ROOT);
                    if (!v.equals("7BIT") && !v.equals("8BITMIME")) {
                        s.reply("501 5.5.4 Bad BODY parameter");
                        return;
                    }
                }
                case "SMTPUTF8" -> utf8 = true;
                default -> {
                    s.reply("555 5.5.4 Unsupported option: " + Replies.printable(e.getKey()));
                    return;
                }
            }
        }
        String problem = Addresses.problem(p.address(), true);
        if (problem != null) {
            s.reply("501 5.1.7 Bad sender address syntax");
            return;
        }
        if (!utf8 && !Addresses.isAscii(p.address())) {
            s.reply("553 5.6.7 Non-ASCII address requires SMTPUTF8");
            return;
        }
        if (!s.roomFor(size)) {
            s.reply(SmtpSession.INSUFFICIENT_STORAGE);
            return;
        }
        s.beginTransaction(p.address(), utf8, size);
        s.reply("250 2.1.0 Ok");
    }
}

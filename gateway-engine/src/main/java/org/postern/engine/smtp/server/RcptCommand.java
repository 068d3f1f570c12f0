package org.postern.engine.smtp.server;

import java.io.IOException;
import java.util.Locale;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.mail.Addresses;

/** RCPT TO: recipient limits (452) and the listener's accepted domains for ACCEPT policies (relay control). */
final class RcptCommand implements SmtpCommand {

    @Override
    public void execute(SmtpSession s, String args) throws IOException {
        if (s.sender() == null) {
            s.reply("503 5.5.1 Error: need MAIL command");
            return;
        }
        PathArgument p = PathArgument.parse(args, "TO");
        if (p == null) {
            s.reply("501 5.5.4 Syntax: RCPT TO:<address>");
            return;
        }
        if (!p.parameters().isEmpty()) {
            s.reply("555 5.5.4 Unsupported option: " + Replies.printable(p.parameters().keySet().iterator().next()));
            return;
        }
        String address = p.address();
        if (address.equalsIgnoreCase("postmaster")) {
            // RFC 5321 §4.5.1: <postmaster> without a domain must be accepted
            address = "postmaster@" + s.listener().defaultDomain();
        }
        if (Addresses.problem(address, false) != null) {
            s.reply("501 5.1.3 Bad recipient address syntax");
            return;
        }
        if (!s.smtpUtf8() && !Addresses.isAscii(address)) {
            s.reply("553 5.6.7 Non-ASCII address requires SMTPUTF8");
            return;
        }
        if (s.recipients().size() >= s.policy().maxRecipients()) {
            s.recipientOvershoot("452 4.5.3 Error: too many recipients");
            return;
        }
        if (!s.roomFor(s.declaredSize())) {
            s.reply(SmtpSession.INSUFFICIENT_STORAGE);
            return;
        }
        if (s.policy().action() == PolicyAction.ACCEPT && !accepted(s, Addresses.domain(address))) {
            s.relayDenied(address);
            s.reply("554 5.7.1 <" + Replies.printable(address) + ">: Relay access denied");
            return;
        }
        s.addRecipient(address);
        s.reply("250 2.1.5 Ok");
    }

    private static boolean accepted(SmtpSession s, String domain) {
        String d = domain.toLowerCase(Locale.ROOT);
        for (String a : s.listener().acceptedDomains()) {
            String acc = a.toLowerCase(Locale.ROOT);
            if (d.equals(acc) || d.endsWith("." + acc)) {
                return true;
            }
        }
        return false;
    }
}

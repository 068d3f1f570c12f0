package org.postern.engine.smtp.server;

/** Reply texts are ASCII (RFC 5321 §4.2); text taken from the client is made printable before it is echoed. */
final class Replies {

    private Replies() {
    }

    /**
     * {@code text} with every character outside printable ASCII written as {@code \x{HEX}}, the
     * notation RFC 6533 §3 uses for Unicode in addresses of delivery status notifications.
     */
    static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f && cp != '\\') {
                sb.append((char) cp);
            } else {
                sb.append("\\x{").append(Integer.toHexString(cp).toUpperCase(java.util.Locale.ROOT)).append('}');
            }
        });
        return sb.toString();
    }

    /** {@code text} itself; refuses anything but printable ASCII (and the CRLF of multi-line replies). */
    static String requireAscii(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean lineBreak = c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n'
                    || c == '\n' && i > 0 && text.charAt(i - 1) == '\r';
            if ((c < 0x20 || c > 0x7e) && !lineBreak) {
                throw new IllegalArgumentException("reply text must be printable ASCII (RFC 5321 §4.2), found U+"
                        + String.format("%04X", (int) c) + " at " + i + " in: " + printable(text));
            }
        }
        return text;
    }
}

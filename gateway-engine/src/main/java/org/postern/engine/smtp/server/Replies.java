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
}

package org.postern.engine.mail;

import java.util.Locale;
import org.postern.engine.api.PosternException;

/**
 * Envelope addresses (RFC 5321 §4.1.2 Mailbox, RFC 6531 for UTF-8). Checks are structural: one
 * {@code @}, a non-empty local part of at most 64 octets, a domain of at most 255 octets, no
 * spaces, controls or angle brackets. The null reverse-path ({@code <>}) is the empty string.
 */
public final class Addresses {

    private Addresses() {
    }

    /** Why {@code address} is not acceptable, or null. */
    public static String problem(String address, boolean nullAllowed) {
        if (address == null) {
            return "no address";
        }
        if (address.isEmpty()) {
            return nullAllowed ? null : "the null address is not a valid recipient";
        }
        if (address.length() > 320) {
            return "address longer than 320 characters";
        }
        for (int i = 0; i < address.length(); i++) {
            char c = address.charAt(i);
            if (c <= ' ' || c == 0x7f || c == '<' || c == '>') {
                return "address contains a space, control character or angle bracket";
            }
        }
        int at = address.lastIndexOf('@');
        if (at <= 0 || at == address.length() - 1) {
            return "address is not of the form local-part@domain";
        }
        if (at > 64) {
            return "local part longer than 64 characters";
        }
        String domain = address.substring(at + 1);
        if (domain.startsWith("[")) {
            return domain.endsWith("]") ? null : "malformed address literal";
        }
        if (domain.startsWith(".") || domain.endsWith(".") || domain.contains("..")) {
            return "malformed domain";
        }
        return null;
    }

    public static void requireValid(String address, boolean nullAllowed) {
        String p = problem(address, nullAllowed);
        if (p != null) {
            throw new PosternException("'" + address + "': " + p);
        }
    }

    public static String domain(String address) {
        int at = address.lastIndexOf('@');
        return at < 0 ? "" : address.substring(at + 1).toLowerCase(Locale.ROOT);
    }

    public static boolean isAscii(String s) {
        return s.chars().allMatch(c -> c < 0x80);
    }
}

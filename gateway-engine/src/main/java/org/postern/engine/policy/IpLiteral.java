package org.postern.engine.policy;

import java.net.InetAddress;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals as an administrator writes them: IPv4 as four decimal numbers 0–255 without
 * leading zeros (the dotted-decimal form of RFC 3986 §3.2.2 {@code IPv4address}; the short and
 * octal-looking forms {@code InetAddress} also takes, such as {@code 10.1} for 10.0.0.1, are refused
 * because nobody means them), IPv6 in the text form of RFC 4291 §2.2.
 */
public final class IpLiteral {

    private static final String DEC_OCTET = "(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])";
    private static final Pattern IPV4 = Pattern.compile(DEC_OCTET + "(?:\\." + DEC_OCTET + "){3}");
    private static final Pattern IPV6_CHARS = Pattern.compile("[0-9A-Fa-f:.]+(?:%[0-9A-Za-z_.-]+)?");

    private IpLiteral() {
    }

    /** The address {@code text} is the literal of, or empty when it is not one. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null || text.isEmpty()) {
            return Optional.empty();
        }
        boolean v6 = text.contains(":");
        if (v6 ? !IPV6_CHARS.matcher(text).matches() : !IPV4.matcher(text).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(text));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    public static boolean isLiteral(String text) {
        return parse(text).isPresent();
    }

    /** True for text made only of digits and dots: meant as an IPv4 address, never a host name. */
    public static boolean looksLikeIpv4(String text) {
        return text != null && !text.isEmpty() && text.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }
}

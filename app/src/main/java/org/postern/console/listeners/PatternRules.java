package org.postern.console.listeners;

import java.net.InetAddress;
import java.util.Arrays;
import java.util.List;
import org.postern.console.certificates.NameRules;

/**
 * Sender-group patterns checked as the administrator types (LIS-2): an IP address, a CIDR block,
 * a host name, or a domain suffix with a leading dot. The engine checks again and has the last word.
 */
public final class PatternRules {

    private PatternRules() {
    }

    /** The patterns of a comma-, space- or line-separated text. */
    public static List<String> split(String text) {
        if (text == null) {
            return List.of();
        }
        return Arrays.stream(text.split("[,\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    /** Null when {@code pattern} is one the engine accepts, else what is wrong with it. */
    public static String problem(String pattern) {
        String p = pattern.strip();
        int slash = p.indexOf('/');
        if (slash >= 0) {
            if (!ipLiteral(p.substring(0, slash))) {
                return "'" + p + "' is not a CIDR block (e.g. 192.0.2.0/24, 2001:db8::/32)";
            }
            String bits = p.substring(slash + 1);
            int max = p.contains(":") ? 128 : 32;
            if (!bits.matches("\\d{1,3}") || Integer.parseInt(bits) > max) {
                return "'" + p + "' needs a prefix length from 0 to " + max;
            }
            return null;
        }
        if (p.matches("[0-9.]+") || p.contains(":")) {
            return ipLiteral(p) ? null : "'" + p + "' is not a valid IP address";
        }
        String host = p.startsWith(".") ? p.substring(1) : p;
        String fqdn = NameRules.fqdnProblem(host);
        if (fqdn != null || host.contains("*")) {
            return "'" + p + "' is not an IP address, CIDR block, host name or .domain";
        }
        return null;
    }

    /** The first problem among the patterns of {@code text}, or null. */
    public static String firstProblem(String text) {
        for (String p : split(text)) {
            String problem = problem(p);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static boolean ipLiteral(String s) {
        try {
            InetAddress.ofLiteral(s);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}

package org.postern.engine.policy;

import org.postern.engine.api.PosternException;
import org.postern.engine.pki.Fqdn;

/** DLV-9: a route override {@code host[:port]} ({@code [ipv6]:port} for IPv6 literals); port 25 by default. */
public record Route(String host, int port) {

    public static Route parse(String text) {
        String t = text.strip();
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new PosternException("route '" + text + "': missing ']'");
            }
            host = t.substring(1, close);
            if (t.length() > close + 1) {
                if (t.charAt(close + 1) != ':') {
                    throw new PosternException("route '" + text + "': expected :port after ']'");
                }
                port = t.substring(close + 2);
            }
        } else {
            int colon = t.lastIndexOf(':');
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        int p = 25;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                throw new PosternException("route '" + text + "': port is not a number");
            }
            if (p < 1 || p > 65535) {
                throw new PosternException("route '" + text + "': port outside 1–65535");
            }
        }
        boolean literal;
        try {
            java.net.InetAddress.ofLiteral(host);
            literal = true;
        } catch (IllegalArgumentException e) {
            literal = false;
        }
        if (!literal) {
            Fqdn.require("route host", host);
        }
        return new Route(host, p);
    }

    public boolean isAddressLiteral() {
        try {
            java.net.InetAddress.ofLiteral(host);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

package org.postern.engine.policy;

import org.postern.engine.api.PosternException;
import org.postern.engine.pki.Fqdn;

/**
 * DLV-9: a route override {@code host[:port]} ({@code [ipv6]:port} for IPv6 literals); port 25 by
 * default. The host is one host name (no wildcard) or an IP address literal ({@link IpLiteral}).
 */
public record Route(String host, int port) {

    public static Route parse(String text) {
        String t = text == null ? "" : text.strip();
        if (t.isEmpty()) {
            throw new PosternException("a route needs a host, e.g. mail.example.net or mail.example.net:587");
        }
        String host;
        String port = null;
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new PosternException("route '" + text + "': missing ']' after the IPv6 address");
            }
            host = t.substring(1, close);
            if (t.length() > close + 1) {
                if (t.charAt(close + 1) != ':') {
                    throw new PosternException("route '" + text + "': expected :port after ']'");
                }
                port = t.substring(close + 2);
            }
            if (!host.contains(":") || !IpLiteral.isLiteral(host)) {
                throw new PosternException("route '" + text + "': '" + host + "' is not an IPv6 address");
            }
        } else {
            if (t.indexOf(':') != t.lastIndexOf(':')) {
                throw new PosternException("route '" + text + "': write an IPv6 address in brackets, e.g. [2001:db8::25]:25");
            }
            int colon = t.indexOf(':');
            host = colon < 0 ? t : t.substring(0, colon);
            port = colon < 0 ? null : t.substring(colon + 1);
        }
        int p = 25;
        if (port != null) {
            if (!port.matches("[0-9]{1,5}")) {
                throw new PosternException("route '" + text + "': port is not a number");
            }
            p = Integer.parseInt(port);
            if (p < 1 || p > 65535) {
                throw new PosternException("route '" + text + "': port outside 1–65535");
            }
        }
        if (IpLiteral.looksLikeIpv4(host)) {
            if (!IpLiteral.isLiteral(host)) {
                throw new PosternException("route '" + text + "': '" + host
                        + "' is not an IPv4 address (four numbers 0–255, e.g. 192.0.2.25)");
            }
        } else if (!host.contains(":")) {
            Fqdn.requireSingle("route host", host);
        }
        return new Route(host, p);
    }

    public boolean isAddressLiteral() {
        return IpLiteral.isLiteral(host);
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

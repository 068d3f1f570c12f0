package org.postern.engine.policy;

import java.math.BigInteger;
import java.net.InetAddress;
import java.util.Locale;
import java.util.Optional;
import org.postern.engine.api.PosternException;
import org.postern.engine.pki.Fqdn;

/**
 * One sender-group pattern (LIS-2): an IP address, a CIDR block, a host name, or a domain suffix
 * written with a leading dot.
 */
public sealed interface AddressPattern {

    /** True when the client matches; {@code hostname} is the client's verified host name, if any. */
    boolean matches(InetAddress client, Optional<String> hostname);

    /** Whether matching needs the client's host name (a reverse lookup). */
    default boolean needsHostname() {
        return false;
    }

    /**
     * The pattern {@code text} stands for; refuses anything else with the reason. IPv4 addresses are
     * written as four decimal numbers ({@link IpLiteral}); a host name or domain is one name, not a
     * wildcard (a domain suffix {@code .example.com} is how every host of a domain is matched).
     */
    static AddressPattern parse(String text) {
        String p = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        if (p.isEmpty()) {
            throw new PosternException("an empty sender-group pattern");
        }
        int slash = p.indexOf('/');
        if (slash > 0) {
            InetAddress net = literal(p.substring(0, slash), text);
            String bits = p.substring(slash + 1);
            if (!bits.matches("[0-9]{1,3}")) {
                throw new PosternException("pattern '" + text + "' has a prefix length that is not a number");
            }
            int max = net.getAddress().length * 8;
            int prefix = Integer.parseInt(bits);
            if (prefix > max) {
                throw new PosternException("pattern '" + text + "' has a prefix length outside 0–" + max);
            }
            return new Cidr(net, prefix);
        }
        if (IpLiteral.looksLikeIpv4(p) || p.contains(":")) {
            InetAddress address = literal(p, text);
            return new Cidr(address, address.getAddress().length * 8);
        }
        if (p.startsWith(".")) {
            Fqdn.requireSingle("domain pattern", p.substring(1));
            return new DomainSuffix(p);
        }
        Fqdn.requireSingle("host pattern", p);
        return new HostName(p);
    }

    private static InetAddress literal(String s, String original) {
        return IpLiteral.parse(s).orElseThrow(() ->
                new PosternException("pattern '" + original + "' is not a valid IP address or CIDR block"));
    }

    record Cidr(InetAddress network, int prefix) implements AddressPattern {
        @Override
        public boolean matches(InetAddress client, Optional<String> hostname) {
            byte[] a = network.getAddress();
            byte[] b = client.getAddress();
            if (a.length != b.length) {
                return false;
            }
            int bits = a.length * 8;
            BigInteger mask = prefix == 0 ? BigInteger.ZERO
                    : BigInteger.ONE.shiftLeft(prefix).subtract(BigInteger.ONE).shiftLeft(bits - prefix);
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, b).and(mask));
        }
    }

    record HostName(String name) implements AddressPattern {
        @Override
        public boolean matches(InetAddress client, Optional<String> hostname) {
            return hostname.map(h -> h.equalsIgnoreCase(name)).orElse(false);
        }

        @Override
        public boolean needsHostname() {
            return true;
        }
    }

    record DomainSuffix(String suffix) implements AddressPattern {
        @Override
        public boolean matches(InetAddress client, Optional<String> hostname) {
            return hostname.map(h -> h.toLowerCase(Locale.ROOT).endsWith(suffix)).orElse(false);
        }

        @Override
        public boolean needsHostname() {
            return true;
        }
    }
}

package org.postern.engine.dns;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * How {@link DnsjavaResolver} resolves (DANE-2).
 *
 * @param servers       the resolvers to query, tried in turn (at least one)
 * @param mode          {@link Mode#VALIDATE} or {@link Mode#TRUST_AD}
 * @param timeout       per query sent to a server (each retry and each server gets its own)
 * @param retries       attempts per server before a query counts as failed (at least 1)
 * @param lookupTimeout upper bound for one whole lookup, including the DS/DNSKEY queries the
 *                      validator sends to build the chain of trust
 * @param trustAnchors  extra trust anchors for {@link Mode#VALIDATE}: DS or DNSKEY records in
 *                      master-file syntax with absolute owner names, e.g.
 *                      {@code ". 3600 IN DS 20326 8 2 E06D…"}
 * @param trustAnchorFile a file with more such records, or null
 */
public record DnsSettings(List<InetSocketAddress> servers, Mode mode, Duration timeout, int retries,
                          Duration lookupTimeout, List<String> trustAnchors, Path trustAnchorFile) {

    /** Where DNSSEC status comes from. */
    public enum Mode {
        /**
         * Validate in-process (dnsjava's ValidatingResolver) from trust anchors: the IANA root
         * KSKs are built in; an extra anchor for the root replaces them (tests sign their own root).
         * The servers must be recursive resolvers that pass DNSSEC records through (DO, CD).
         */
        VALIDATE,
        /**
         * Send DO and AD, and trust the AD bit of the servers' answers (Postfix's model). Only safe
         * when the servers validate and the path to them is trusted (loopback).
         */
        TRUST_AD
    }

    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);
    public static final int DEFAULT_RETRIES = 2;

    public DnsSettings {
        Objects.requireNonNull(mode, "mode");
        if (servers == null || servers.isEmpty()) {
            throw new IllegalArgumentException("at least one DNS server is needed");
        }
        servers = List.copyOf(servers);
        timeout = timeout == null ? DEFAULT_TIMEOUT : timeout;
        retries = Math.max(1, retries);
        if (lookupTimeout == null) {
            lookupTimeout = timeout.multipliedBy((long) retries * servers.size() * 4L);
        }
        trustAnchors = trustAnchors == null ? List.of() : List.copyOf(trustAnchors);
    }

    /** Settings for the given {@code host:port} servers ({@code [v6]:port}; port defaults to 53). */
    public static DnsSettings of(Mode mode, String... servers) {
        List<InetSocketAddress> list = new ArrayList<>();
        for (String s : servers) {
            list.add(parseServer(s));
        }
        return new DnsSettings(list, mode, DEFAULT_TIMEOUT, DEFAULT_RETRIES, null, List.of(), null);
    }

    /**
     * The nameservers of {@code /etc/resolv.conf} (port 53) in {@link Mode#TRUST_AD}: the system
     * resolver is assumed to validate and to sit on a trusted path (as glibc's
     * {@code options trust-ad}). 127.0.0.1 when the file lists none or cannot be read.
     */
    public static DnsSettings defaults() {
        return fromResolvConf(Path.of("/etc/resolv.conf"));
    }

    static DnsSettings fromResolvConf(Path file) {
        List<InetSocketAddress> list = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 2 && f[0].equals("nameserver")) {
                    String host = f[1];
                    int zone = host.indexOf('%');
                    if (zone > 0) {
                        host = host.substring(0, zone);
                    }
                    list.add(new InetSocketAddress(host, 53));
                }
            }
        } catch (IOException e) {
            // fall through to the loopback default
        }
        if (list.isEmpty()) {
            list.add(new InetSocketAddress("127.0.0.1", 53));
        }
        return new DnsSettings(list, Mode.TRUST_AD, DEFAULT_TIMEOUT, DEFAULT_RETRIES, null, List.of(), null);
    }

    /** Parses {@code host}, {@code host:port}, {@code v6addr}, {@code [v6addr]} or {@code [v6addr]:port}. */
    public static InetSocketAddress parseServer(String s) {
        String t = s.trim();
        String host = t;
        int port = 53;
        if (t.startsWith("[")) {
            int end = t.indexOf(']');
            if (end < 0) {
                throw new IllegalArgumentException("bad server address: " + s);
            }
            host = t.substring(1, end);
            if (end + 1 < t.length()) {
                if (t.charAt(end + 1) != ':') {
                    throw new IllegalArgumentException("bad server address: " + s);
                }
                port = port(t.substring(end + 2), s);
            }
        } else if (t.indexOf(':') >= 0 && t.indexOf(':') == t.lastIndexOf(':')) {
            host = t.substring(0, t.indexOf(':'));
            try {
                port = Integer.parseInt(t.substring(t.indexOf(':') + 1));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad port in " + s);
            }
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("bad port in " + s);
        }
        java.net.InetAddress address;
        try {
            // an address, as in /etc/resolv.conf: looking a resolver's name up would need a resolver
            address = java.net.InetAddress.ofLiteral(host);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + s.strip() + "' is not an IP address (give a resolver as ADDRESS"
                    + " or ADDRESS:PORT, IPv6 as [ADDRESS]:PORT)");
        }
        return new InetSocketAddress(address, port);
    }

    private static int port(String text, String server) {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in " + server);
        }
    }

    public DnsSettings withMode(Mode m) {
        return new DnsSettings(servers, m, timeout, retries, lookupTimeout, trustAnchors, trustAnchorFile);
    }

    /** Per-query timeout; the lookup timeout is derived again from it. */
    public DnsSettings withTimeout(Duration t, int retryCount) {
        return new DnsSettings(servers, mode, t, retryCount, null, trustAnchors, trustAnchorFile);
    }

    public DnsSettings withLookupTimeout(Duration t) {
        return new DnsSettings(servers, mode, timeout, retries, t, trustAnchors, trustAnchorFile);
    }

    public DnsSettings withTrustAnchors(List<String> anchors) {
        return new DnsSettings(servers, mode, timeout, retries, lookupTimeout, anchors, trustAnchorFile);
    }

    public DnsSettings withTrustAnchorFile(Path file) {
        return new DnsSettings(servers, mode, timeout, retries, lookupTimeout, trustAnchors, file);
    }
}

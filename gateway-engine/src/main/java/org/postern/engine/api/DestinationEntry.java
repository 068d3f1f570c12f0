package org.postern.engine.api;

/**
 * DLV-1: one row of the destination controls. {@code domain} is an exact domain
 * ({@code example.com}), a parent-domain entry ({@code .example.com}, matching every subdomain), or
 * {@link #DEFAULT_DOMAIN}. {@code route} (DLV-9) is {@code host[:port]} or null for MX routing.
 * {@code reconnectInClear} (off by default) lets Preferred reconnect in clear after a failed handshake.
 */
public record DestinationEntry(String domain, OutboundTls tls, DaneSetting dane, int maxConnections,
                               String route, boolean reconnectInClear) {

    public static final String DEFAULT_DOMAIN = "default";
    public static final int DEFAULT_MAX_CONNECTIONS = 20;

    public boolean isDefault() {
        return DEFAULT_DOMAIN.equals(domain);
    }

    public static DestinationEntry defaults() {
        return new DestinationEntry(DEFAULT_DOMAIN, OutboundTls.PREFERRED, DaneSetting.NONE, DEFAULT_MAX_CONNECTIONS,
                null, false);
    }
}

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

    /** This entry with its DEFAULT settings resolved through {@code defaultEntry} (DLV-1): what delivery uses. */
    public DestinationEntry resolvedWith(DestinationEntry defaultEntry) {
        return new DestinationEntry(domain, tls == OutboundTls.DEFAULT ? defaultEntry.tls() : tls,
                dane == DaneSetting.DEFAULT ? defaultEntry.dane() : dane, maxConnections, route, reconnectInClear);
    }

    /** DANE-1: DANE applies only where the (resolved) TLS setting is Preferred or Required, any variant. */
    public static boolean daneApplies(OutboundTls resolvedTls) {
        return resolvedTls != OutboundTls.NONE && resolvedTls != OutboundTls.DEFAULT;
    }

    /**
     * DANE-1: why the (resolved) DANE setting cannot be honoured under the (resolved) TLS setting, or
     * null when it can. Opportunistic and Mandatory DANE need TLS; with TLS None they are refused.
     */
    public static String daneProblem(OutboundTls resolvedTls, DaneSetting resolvedDane) {
        if (!daneApplies(resolvedTls) && (resolvedDane == DaneSetting.OPPORTUNISTIC || resolvedDane == DaneSetting.MANDATORY)) {
            return "DANE cannot be " + resolvedDane.cliName() + " where the TLS setting is none";
        }
        return null;
    }

    public static DestinationEntry defaults() {
        return new DestinationEntry(DEFAULT_DOMAIN, OutboundTls.PREFERRED, DaneSetting.NONE, DEFAULT_MAX_CONNECTIONS,
                null, false);
    }
}

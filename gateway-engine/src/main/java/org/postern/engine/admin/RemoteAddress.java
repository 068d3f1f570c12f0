package org.postern.engine.admin;

import java.net.URI;
import java.util.Locale;
import org.postern.engine.api.PosternException;

/** A remote engine's HTTPS address as the administrator types it: {@code https://host[:port]} (default port 8443). */
record RemoteAddress(String host, int port) {

    static RemoteAddress of(URI uri) {
        if (uri == null || uri.getScheme() == null || !uri.getScheme().toLowerCase(Locale.ROOT).equals("https")
                || uri.getHost() == null) {
            throw new PosternException("'" + uri + "' is not an engine address; give https://HOST[:PORT]");
        }
        String host = uri.getHost();
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        return new RemoteAddress(host, uri.getPort() == -1 ? org.postern.engine.api.AdminApi.HttpsSettings.DEFAULT_PORT
                : uri.getPort());
    }

    /** The base URI of the API on this address. */
    String base() {
        return "https://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}

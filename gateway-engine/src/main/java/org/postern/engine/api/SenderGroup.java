package org.postern.engine.api;

import java.util.List;

/**
 * LIS-2: a named, ordered sender group. Patterns: an IP address ({@code 192.0.2.7}, {@code ::1}),
 * a CIDR block ({@code 10.0.0.0/8}), a host name ({@code mx.example.com}), or a domain suffix
 * ({@code .example.com}, matching every host under it). Host-name patterns are matched against
 * the client's forward-confirmed reverse DNS name.
 */
public record SenderGroup(String name, List<String> patterns, String policy) {

    public SenderGroup {
        patterns = List.copyOf(patterns);
    }
}

package org.postern.engine.api;

import java.util.List;

/**
 * LIS-1: a listener with its host access table (LIS-2). {@code certificate} null means the demo
 * certificate (LIS-7). {@code acceptedDomains} are the recipient domains an ACCEPT policy takes
 * mail for (exact or any subdomain).
 */
public record ListenerSpec(
        String name,
        ListenerKind kind,
        String address,
        int port,
        String defaultDomain,
        List<String> acceptedDomains,
        int maxConnections,
        int acceptQueue,
        String certificate,
        List<SenderGroup> senderGroups,
        List<MailFlowPolicy> policies,
        String defaultPolicy) {

    public static final int DEFAULT_MAX_CONNECTIONS = 1000;
    public static final int DEFAULT_ACCEPT_QUEUE = 50;

    public ListenerSpec {
        acceptedDomains = List.copyOf(acceptedDomains);
        senderGroups = List.copyOf(senderGroups);
        policies = List.copyOf(policies);
    }

    public MailFlowPolicy policy(String policyName) {
        return policies.stream().filter(p -> p.name().equalsIgnoreCase(policyName)).findFirst()
                .orElseThrow(() -> new PosternException("listener '" + name + "' has no policy named '" + policyName + "'"));
    }

    public ListenerSpec withCertificate(String cert) {
        return new ListenerSpec(name, kind, address, port, defaultDomain, acceptedDomains, maxConnections, acceptQueue,
                cert, senderGroups, policies, defaultPolicy);
    }
}

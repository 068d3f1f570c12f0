package org.postern.engine.policy;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.SenderGroup;

/**
 * LIS-2: resolves the mail-flow policy of a connecting client. Sender groups are tried in order;
 * the first matching pattern decides; otherwise the listener's default policy applies. The
 * client's host name is looked up only if a host-name pattern needs it, and at most once.
 */
public final class HostAccessTable {

    /** The decision: the matching group (null for the default) and its policy. */
    public record Decision(String senderGroup, MailFlowPolicy policy) {
    }

    private record CompiledGroup(SenderGroup group, List<AddressPattern> patterns) {
    }

    private final List<CompiledGroup> groups;
    private final MailFlowPolicy defaultPolicy;
    private final ListenerSpec listener;

    public HostAccessTable(ListenerSpec listener) {
        this.listener = listener;
        this.groups = listener.senderGroups().stream()
                .map(g -> new CompiledGroup(g, g.patterns().stream().map(AddressPattern::parse).toList()))
                .toList();
        this.defaultPolicy = listener.policy(listener.defaultPolicy());
    }

    public Decision resolve(InetAddress client, Supplier<Optional<String>> hostnameLookup) {
        Optional<String> hostname = null;
        for (CompiledGroup g : groups) {
            for (AddressPattern p : g.patterns()) {
                if (p.needsHostname() && hostname == null) {
                    hostname = hostnameLookup.get();
                }
                if (p.matches(client, hostname == null ? Optional.empty() : hostname)) {
                    return new Decision(g.group().name(), listener.policy(g.group().policy()));
                }
            }
        }
        return new Decision(null, defaultPolicy);
    }
}

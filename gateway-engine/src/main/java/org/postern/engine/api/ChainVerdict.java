package org.postern.engine.api;

import java.util.List;

/**
 * CON-6: what can be said of a stored chain. {@code problems} name each gap or broken link;
 * {@code trustedBy} names the trust anchor the chain ends at, or is null.
 */
public record ChainVerdict(boolean complete, boolean trusted, String trustedBy, List<String> problems) {

    public ChainVerdict {
        problems = List.copyOf(problems);
    }

    public String summary() {
        if (!problems.isEmpty()) {
            return String.join("; ", problems);
        }
        return trusted ? "chain complete, trusted by " + trustedBy : "chain complete, not trusted by any enabled CA";
    }
}

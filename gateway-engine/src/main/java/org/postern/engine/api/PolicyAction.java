package org.postern.engine.api;

import java.util.Arrays;

/** LIS-2: what a mail-flow policy does with a connection. */
public enum PolicyAction {
    /** Accept mail for the listener's accepted domains only. */
    ACCEPT("accept"),
    /** Accept mail for any domain (relaying; for private listeners and trusted senders). */
    RELAY("relay"),
    /** Refuse the connection with 554. */
    REJECT("reject");

    private final String cliName;

    PolicyAction(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static PolicyAction fromCliName(String s) {
        return Arrays.stream(values()).filter(v -> v.cliName.equalsIgnoreCase(s)).findFirst()
                .orElseThrow(() -> new PosternException("unknown action '" + s + "'; choose accept, relay or reject"));
    }
}

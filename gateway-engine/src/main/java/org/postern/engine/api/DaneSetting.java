package org.postern.engine.api;

import java.util.Arrays;

/** DANE-1: the DANE setting of a destination-controls entry. */
public enum DaneSetting {
    DEFAULT("default"), NONE("none"), OPPORTUNISTIC("opportunistic"), MANDATORY("mandatory");

    private final String cliName;

    DaneSetting(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static DaneSetting fromCliName(String s) {
        return Arrays.stream(values()).filter(v -> v.cliName.equalsIgnoreCase(s)).findFirst()
                .orElseThrow(() -> new PosternException("unknown DANE setting '" + s
                        + "'; choose default, none, opportunistic or mandatory"));
    }
}

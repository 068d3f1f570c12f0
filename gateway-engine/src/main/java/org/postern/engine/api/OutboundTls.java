package org.postern.engine.api;

import java.util.Arrays;

/** DLV-2: the TLS setting of a destination-controls entry, weakest to strongest. */
public enum OutboundTls {
    /** Use the default entry's setting. */
    DEFAULT("default"),
    /** Never issue STARTTLS. */
    NONE("none"),
    /** STARTTLS when offered, no certificate check; clear when not offered or refused before 220. */
    PREFERRED("preferred"),
    /** TLS must be negotiated; certificate not checked. */
    REQUIRED("required"),
    /** TLS when offered, certificate checked; unverified TLS still sends (logged), no TLS sends in clear. */
    PREFERRED_VERIFY("preferred-verify"),
    /** TLS and a verified certificate (CN or any SAN may match). */
    REQUIRED_VERIFY("required-verify"),
    /** As REQUIRED_VERIFY with RFC 6125 identity rules and the verified/trusted distinction. */
    REQUIRED_VERIFY_HOSTED("required-verify-hosted");

    private final String cliName;

    OutboundTls(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public boolean verifies() {
        return this == PREFERRED_VERIFY || this == REQUIRED_VERIFY || this == REQUIRED_VERIFY_HOSTED;
    }

    public boolean requiresTls() {
        return this == REQUIRED || this == REQUIRED_VERIFY || this == REQUIRED_VERIFY_HOSTED;
    }

    public static OutboundTls fromCliName(String s) {
        return Arrays.stream(values()).filter(v -> v.cliName.equalsIgnoreCase(s)).findFirst()
                .orElseThrow(() -> new PosternException("unknown TLS setting '" + s + "'; choose one of "
                        + String.join(", ", Arrays.stream(values()).map(OutboundTls::cliName).toList())));
    }
}

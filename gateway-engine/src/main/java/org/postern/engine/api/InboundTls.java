package org.postern.engine.api;

import java.util.Arrays;

/** LIS-3..5: the TLS setting of a mail-flow policy. The default is {@link #NO} (LIS-2). */
public enum InboundTls {
    /** STARTTLS not advertised; the command is refused. */
    NO("no"),
    /** STARTTLS advertised; clients may use it. */
    PREFERRED("preferred"),
    /** RFC 3207 §4: nothing but NOOP, EHLO, STARTTLS and QUIT before TLS. */
    REQUIRED("required");

    private final String cliName;

    InboundTls(String cliName) {
        this.cliName = cliName;
    }

    public String cliName() {
        return cliName;
    }

    public static InboundTls fromCliName(String s) {
        return Arrays.stream(values()).filter(v -> v.cliName.equalsIgnoreCase(s)).findFirst()
                .orElseThrow(() -> new PosternException("unknown TLS setting '" + s + "'; choose no, preferred or required"));
    }
}

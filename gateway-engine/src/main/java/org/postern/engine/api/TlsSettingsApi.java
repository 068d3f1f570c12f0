package org.postern.engine.api;

import java.util.List;

/**
 * TLS-1 (the vendor's {@code sslconfig}): the protocols and cipher suites the engine negotiates,
 * one policy per direction, applied to the next connection. Defaults: TLS 1.2 and 1.3 only,
 * forward-secret AEAD suites, the server's suite order. The engine refuses what it cannot honour
 * or what is unsafe (SSLv3, TLS 1.0 and 1.1 by RFC 8996 and RFC 7568; suites that are not
 * forward-secret AEAD), naming what it supports.
 */
public interface TlsSettingsApi {

    /** Inbound: the listeners (STARTTLS server); outbound: delivery (STARTTLS client). */
    enum Direction {
        INBOUND, OUTBOUND;

        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** Protocols and cipher suites in order of preference (JSSE/IANA names). */
    record TlsPolicy(List<String> protocols, List<String> cipherSuites) {
        public TlsPolicy {
            protocols = List.copyOf(protocols);
            cipherSuites = List.copyOf(cipherSuites);
        }
    }

    /** The policy in force for {@code direction} (the default when none is stored). */
    TlsPolicy get(Direction direction);

    /** Whether {@code direction} runs on the defaults (nothing stored). */
    boolean isDefault(Direction direction);

    /**
     * Validates and stores {@code policy} for {@code direction}; returns it with names in their
     * canonical spelling. Throws {@link PosternException} and changes nothing when it is refused.
     */
    TlsPolicy set(Direction direction, TlsPolicy policy);

    /** Back to the defaults for {@code direction}. */
    void reset(Direction direction);

    /** The default policy (the same for both directions). */
    TlsPolicy defaults();

    /** The protocols a policy may name. */
    List<String> allowedProtocols();

    /** The cipher suites a policy may name: this JDK's forward-secret AEAD suites. */
    List<String> allowedCipherSuites();
}

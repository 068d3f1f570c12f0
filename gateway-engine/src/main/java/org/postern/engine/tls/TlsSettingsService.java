package org.postern.engine.tls;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsSettingsApi;
import org.postern.engine.config.Settings;

/**
 * Stores the TLS policy of each direction in the settings table (TLS-1). Sockets ask
 * {@link #policy(Direction)} at every connection, so a change applies to the next one, also when
 * another process (the CLI) made it. A stored policy this runtime can no longer honour (a suite
 * removed by a JDK update) gives way to the defaults rather than to a failing listener.
 */
public final class TlsSettingsService implements TlsSettingsApi {

    private final Settings settings;

    public TlsSettingsService(Settings settings) {
        this.settings = settings;
    }

    private static String key(Direction d, String what) {
        return "tls." + d.label() + "." + what;
    }

    @Override
    public TlsPolicy get(Direction direction) {
        Optional<String> protocols = settings.get(key(direction, "protocols"));
        Optional<String> suites = settings.get(key(direction, "ciphers"));
        if (protocols.isEmpty() || suites.isEmpty()) {
            return defaults();
        }
        try {
            return TlsPolicyRules.validate(new TlsPolicy(split(protocols.get()), split(suites.get())));
        } catch (PosternException e) {
            return defaults();
        }
    }

    private static List<String> split(String list) {
        return Arrays.stream(list.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    @Override
    public boolean isDefault(Direction direction) {
        return settings.get(key(direction, "protocols")).isEmpty();
    }

    @Override
    public TlsPolicy set(Direction direction, TlsPolicy policy) {
        TlsPolicy valid = TlsPolicyRules.validate(policy);
        settings.put(key(direction, "protocols"), String.join(",", valid.protocols()));
        settings.put(key(direction, "ciphers"), String.join(",", valid.cipherSuites()));
        return valid;
    }

    @Override
    public void reset(Direction direction) {
        settings.remove(key(direction, "protocols"));
        settings.remove(key(direction, "ciphers"));
    }

    @Override
    public TlsPolicy defaults() {
        return TlsPolicyRules.defaults();
    }

    @Override
    public List<String> allowedProtocols() {
        return TlsPolicyRules.allowedProtocols();
    }

    @Override
    public List<String> allowedCipherSuites() {
        return TlsPolicyRules.allowedCipherSuites();
    }

    /** The live policy of {@code direction}, for the TLS contexts. */
    public Supplier<TlsPolicy> policy(Direction direction) {
        return () -> get(direction);
    }
}

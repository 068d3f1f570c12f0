package org.postern.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.postern.engine.api.DnsApi;
import org.postern.engine.api.PosternException;
import org.postern.engine.config.Settings;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.dns.DnsSettings;
import org.postern.engine.dns.DnsjavaResolver;

/** Stores the DNS settings and hands out one shared resolver, rebuilt when the settings change. */
final class DnsConfiguration implements DnsApi {

    private static final String RESOLVERS = "dns.resolvers";
    private static final String MODE = "dns.dnssec";
    private static final String ANCHOR_FILE = "dns.trust-anchor-file";

    private final Settings settings;
    private volatile DnsResolver resolver;

    DnsConfiguration(Settings settings) {
        this.settings = settings;
    }

    @Override
    public DnsConfig get() {
        String servers = settings.get(RESOLVERS).orElse("");
        return new DnsConfig(servers.isBlank() ? List.of() : Arrays.asList(servers.split(",")),
                settings.get(MODE).orElse("trust-ad"), settings.get(ANCHOR_FILE).orElse(null));
    }

    @Override
    public void set(DnsConfig c) {
        DnsResolver next; // built first: bad input is refused before anything is stored
        try {
            next = new DnsjavaResolver(toSettings(c));
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new PosternException("the DNS settings cannot be used: " + e.getMessage());
        }
        settings.put(RESOLVERS, String.join(",", c.resolvers()));
        settings.put(MODE, c.dnssec().toLowerCase(Locale.ROOT));
        if (c.trustAnchorFile() == null) {
            settings.remove(ANCHOR_FILE);
        } else {
            settings.put(ANCHOR_FILE, c.trustAnchorFile());
        }
        resolver = next;
    }

    /** The shared resolver for the current settings. */
    DnsResolver resolver() {
        DnsResolver r = resolver;
        if (r == null) {
            synchronized (this) {
                r = resolver;
                if (r == null) {
                    r = new DnsjavaResolver(toSettings(get()));
                    resolver = r;
                }
            }
        }
        return r;
    }

    static DnsSettings toSettings(DnsConfig c) {
        DnsSettings.Mode mode = switch (c.dnssec() == null ? "" : c.dnssec().toLowerCase(Locale.ROOT)) {
            case "validate" -> DnsSettings.Mode.VALIDATE;
            case "trust-ad" -> DnsSettings.Mode.TRUST_AD;
            default -> throw new PosternException("DNSSEC mode '" + c.dnssec() + "' is not validate or trust-ad");
        };
        DnsSettings s;
        try {
            s = c.resolvers().isEmpty()
                    ? DnsSettings.defaults()
                    : DnsSettings.of(mode, c.resolvers().toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            throw new PosternException("bad resolver address: " + e.getMessage());
        }
        if (c.resolvers().isEmpty()) {
            s = new DnsSettings(s.servers(), mode, s.timeout(), s.retries(), null, List.of(), null);
        }
        if (c.trustAnchorFile() != null) {
            Path p = Path.of(c.trustAnchorFile());
            if (!Files.isReadable(p)) {
                throw new PosternException("cannot read the trust anchor file " + p);
            }
            s = s.withTrustAnchorFile(p);
        }
        return s;
    }
}

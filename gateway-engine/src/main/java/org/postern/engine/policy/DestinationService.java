package org.postern.engine.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.api.DestinationEntry;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.PosternException;
import org.postern.engine.config.Database;
import org.postern.engine.config.Settings;
import org.postern.engine.pki.Fqdn;

/**
 * Destination controls (DLV-1): storage, validation and the one resolver that says which entry
 * applies to a recipient domain — exact domain, then parent-domain entries from the most specific
 * ({@code .mail.example.com} before {@code .example.com}), then the default entry; DEFAULT
 * settings resolve to the default entry's.
 */
public final class DestinationService implements DestinationApi {

    static final String CLIENT_CERTIFICATE = "outbound.client.certificate";
    static final String REQUIRED_TLS_ALERT = "outbound.required-tls-alert";
    static final String QUEUE_LIFETIME = "outbound.queue-lifetime-hours";
    static final String FQDN_CHECK = "outbound.verify.fqdn-check";
    static final String ALGORITHM_CHECK = "outbound.verify.algorithm-check";
    static final String DANE_ALERT = "outbound.dane-alert";

    private final Database db;
    private final Settings settings;
    private final java.util.function.Predicate<String> certificateExists;
    private Prober prober;

    /** The probe, wired by the composition root (delivery sits above policy). */
    @FunctionalInterface
    public interface Prober {
        org.postern.engine.api.ProbeReport probe(String domain, OutboundTls setting, DaneSetting dane);
    }

    public DestinationService(Database db, Settings settings, java.util.function.Predicate<String> certificateExists) {
        this.db = db;
        this.settings = settings;
        this.certificateExists = certificateExists;
    }

    @Override
    public List<DestinationEntry> list() {
        return db.query("SELECT * FROM destinations ORDER BY domain <> 'default', domain COLLATE NOCASE", DestinationService::map);
    }

    @Override
    public DestinationEntry get(String domain) {
        return find(normalize(domain)).orElseThrow(() -> new PosternException("no destination entry for '" + domain + "'"));
    }

    private Optional<DestinationEntry> find(String domain) {
        return db.queryOne("SELECT * FROM destinations WHERE domain = ?", DestinationService::map, domain);
    }

    @Override
    public void save(DestinationEntry e) {
        String domain = requireDomain(e.domain());
        boolean isDefault = DestinationEntry.DEFAULT_DOMAIN.equals(domain);
        if (e.tls() == null || e.dane() == null) {
            throw new PosternException("a destination entry needs a TLS and a DANE setting");
        }
        if (isDefault && (e.tls() == OutboundTls.DEFAULT || e.dane() == DaneSetting.DEFAULT)) {
            throw new PosternException("the default entry cannot inherit ('default') its TLS or DANE setting");
        }
        DestinationEntry resolved = isDefault ? e : e.resolvedWith(defaultEntry());
        String daneProblem = DestinationEntry.daneProblem(resolved.tls(), resolved.dane());
        if (daneProblem != null) {
            throw new PosternException(daneProblem);
        }
        if (isDefault) {
            refuseInheritedTlsNoneUnderOwnDane(e);
        }
        requireMaxConnections(e.maxConnections());
        String route = e.route() == null || e.route().isBlank() ? null : e.route().strip();
        requireRoute(route);
        db.update("INSERT INTO destinations(domain, tls, dane, max_connections, route, reconnect_in_clear)"
                        + " VALUES(?, ?, ?, ?, ?, ?) ON CONFLICT(domain) DO UPDATE SET tls = excluded.tls, dane = excluded.dane,"
                        + " max_connections = excluded.max_connections, route = excluded.route,"
                        + " reconnect_in_clear = excluded.reconnect_in_clear",
                domain, e.tls().name(), e.dane().name(), e.maxConnections(), route, e.reconnectInClear() ? 1 : 0);
    }

    /**
     * DANE-1: a default entry with TLS None would leave entries that inherit their TLS setting but
     * chose DANE Opportunistic or Mandatory themselves with a DANE setting delivery cannot honour.
     */
    private void refuseInheritedTlsNoneUnderOwnDane(DestinationEntry newDefault) {
        if (DestinationEntry.daneApplies(newDefault.tls())) {
            return;
        }
        List<String> stranded = list().stream().filter(x -> !x.isDefault() && x.tls() == OutboundTls.DEFAULT
                        && DestinationEntry.daneProblem(newDefault.tls(), x.dane()) != null)
                .map(DestinationEntry::domain).toList();
        if (!stranded.isEmpty()) {
            throw new PosternException("the default TLS setting cannot be none while entries that inherit it use DANE,"
                    + " which needs TLS: " + String.join(", ", stranded) + "; change their TLS or DANE setting first");
        }
    }

    @Override
    public void delete(String domain) {
        String d = normalize(domain);
        if (DestinationEntry.DEFAULT_DOMAIN.equals(d)) {
            throw new PosternException("the default entry cannot be deleted; edit it instead");
        }
        if (db.update("DELETE FROM destinations WHERE domain = ?", d) == 0) {
            throw new PosternException("no destination entry for '" + domain + "'");
        }
    }

    private DestinationEntry defaultEntry() {
        return find(DestinationEntry.DEFAULT_DOMAIN).orElse(DestinationEntry.defaults());
    }

    @Override
    public DestinationEntry effective(String recipientDomain) {
        String domain = normalize(recipientDomain);
        DestinationEntry def = defaultEntry();
        DestinationEntry match = find(domain).orElse(null);
        if (match == null) {
            List<String> parents = new ArrayList<>();
            for (int dot = domain.indexOf('.'); dot >= 0; dot = domain.indexOf('.', dot + 1)) {
                parents.add(domain.substring(dot));
            }
            for (String parent : parents) {
                match = find(parent).orElse(null);
                if (match != null) {
                    break;
                }
            }
        }
        if (match == null) {
            match = def;
        }
        return match.resolvedWith(def);
    }

    @Override
    public org.postern.engine.api.ProbeReport probe(String domain, OutboundTls setting, DaneSetting dane) {
        if (prober == null) {
            throw new PosternException("probing is not available");
        }
        return prober.probe(requireRecipientDomain(domain), setting, dane);
    }

    /** The probe is wired by the composition root (delivery sits above policy). */
    public void setProber(Prober prober) {
        this.prober = prober;
    }

    @Override
    public GlobalSettings globalSettings() {
        return new GlobalSettings(settings.get(CLIENT_CERTIFICATE).orElse(null),
                settings.get(REQUIRED_TLS_ALERT).map(Boolean::parseBoolean).orElse(false),
                settings.getInt(QUEUE_LIFETIME, 120),
                settings.get(FQDN_CHECK).map(Boolean::parseBoolean).orElse(false),
                settings.get(ALGORITHM_CHECK).map(Boolean::parseBoolean).orElse(false),
                settings.get(DANE_ALERT).map(Boolean::parseBoolean).orElse(false));
    }

    @Override
    public void saveGlobalSettings(GlobalSettings g) {
        if (g.clientCertificate() != null && !certificateExists.test(g.clientCertificate())) {
            throw new PosternException("no certificate named '" + g.clientCertificate() + "'");
        }
        requireQueueLifetime(g.queueLifetimeHours());
        db.transaction(tx -> {
            if (g.clientCertificate() == null) {
                settings.remove(CLIENT_CERTIFICATE);
            } else {
                settings.put(CLIENT_CERTIFICATE, g.clientCertificate());
            }
            settings.put(REQUIRED_TLS_ALERT, Boolean.toString(g.requiredTlsAlert()));
            settings.put(QUEUE_LIFETIME, Integer.toString(g.queueLifetimeHours()));
            settings.put(FQDN_CHECK, Boolean.toString(g.fqdnCheck()));
            settings.put(ALGORITHM_CHECK, Boolean.toString(g.algorithmCheck()));
            settings.put(DANE_ALERT, Boolean.toString(g.daneAlert()));
            return null;
        });
    }

    // The input rules of the destination controls; the console shows their messages as you type.

    /**
     * A destination entry's domain, normalised (lower case, no root dot): {@code default}, an exact
     * domain ({@code example.com}), or a parent-domain entry ({@code .example.com}) — never a
     * wildcard, which {@link #effective} would never match.
     */
    public static String requireDomain(String domain) {
        String d = normalize(domain);
        if (DestinationEntry.DEFAULT_DOMAIN.equals(d)) {
            return d;
        }
        String name = d.startsWith(".") ? d.substring(1) : d;
        if (name.startsWith("*.")) {
            throw new PosternException("destination domain '" + d + "' is a wildcard; write ."
                    + name.substring(2) + " (with a leading dot) for every subdomain of " + name.substring(2));
        }
        Fqdn.require("destination domain", name);
        return d;
    }

    public static void requireMaxConnections(int maxConnections) {
        if (maxConnections < 1 || maxConnections > 10_000) {
            throw new PosternException("maximum concurrent connections must be 1–10000, not " + maxConnections);
        }
    }

    /** DLV-9: null or blank for MX routing, else {@link Route#parse}'s rules. */
    public static void requireRoute(String route) {
        if (route != null && !route.isBlank()) {
            Route.parse(route);
        }
    }

    /** The recipient domain a probe tests, normalised: one mail domain (not an entry pattern). */
    public static String requireRecipientDomain(String domain) {
        String d = normalize(domain);
        if (d.startsWith(".")) {
            throw new PosternException("recipient domain '" + d + "' starts with a dot; give one domain,"
                    + " e.g. " + d.substring(1));
        }
        Fqdn.requireSingle("recipient domain", d);
        return d;
    }

    public static void requireQueueLifetime(int hours) {
        if (hours < 1 || hours > 24 * 30) {
            throw new PosternException("the queue lifetime must be 1–720 hours, not " + hours);
        }
    }

    static String normalize(String domain) {
        if (domain == null || domain.isBlank()) {
            throw new PosternException("a destination domain is required");
        }
        String d = domain.strip().toLowerCase(Locale.ROOT);
        return d.endsWith(".") && d.length() > 1 ? d.substring(0, d.length() - 1) : d;
    }

    private static DestinationEntry map(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new DestinationEntry(rs.getString("domain"), OutboundTls.valueOf(rs.getString("tls")),
                DaneSetting.valueOf(rs.getString("dane")), rs.getInt("max_connections"), rs.getString("route"),
                rs.getInt("reconnect_in_clear") == 1);
    }
}

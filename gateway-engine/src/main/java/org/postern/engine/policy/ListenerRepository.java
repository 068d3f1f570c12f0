package org.postern.engine.policy;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PolicyAction;
import org.postern.engine.api.SenderGroup;
import org.postern.engine.config.Database;

/** SQL for listeners, their policies and sender groups. A listener is written whole, in one transaction. */
public final class ListenerRepository {

    private final Database db;

    public ListenerRepository(Database db) {
        this.db = db;
    }

    public List<ListenerSpec> all() {
        return db.query("SELECT * FROM listeners ORDER BY name COLLATE NOCASE", this::map);
    }

    public Optional<ListenerSpec> find(String name) {
        return db.queryOne("SELECT * FROM listeners WHERE name = ?", this::map, name);
    }

    /** Inserts {@code spec}, replacing the listener {@code oldName} when it is not null. */
    public void save(String oldName, ListenerSpec spec) {
        db.transaction(tx -> {
            if (oldName != null) {
                tx.update("DELETE FROM listeners WHERE name = ?", oldName);
            }
            tx.update("INSERT INTO listeners(name, kind, address, port, default_domain, accepted_domains, max_connections,"
                            + " accept_queue, certificate, default_policy) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    spec.name(), spec.kind().name(), spec.address(), spec.port(), spec.defaultDomain(),
                    String.join(",", spec.acceptedDomains()), spec.maxConnections(), spec.acceptQueue(),
                    spec.certificate(), spec.defaultPolicy());
            for (MailFlowPolicy p : spec.policies()) {
                tx.update("INSERT INTO mail_flow_policies(listener, name, action, tls, max_message_size, max_recipients)"
                                + " VALUES(?, ?, ?, ?, ?, ?)", spec.name(), p.name(), p.action().name(), p.tls().name(),
                        p.maxMessageSize(), p.maxRecipients());
            }
            int position = 0;
            for (SenderGroup g : spec.senderGroups()) {
                tx.update("INSERT INTO sender_groups(listener, position, name, patterns, policy) VALUES(?, ?, ?, ?, ?)",
                        spec.name(), position++, g.name(), String.join(",", g.patterns()), g.policy());
            }
            return null;
        });
    }

    public void delete(String name) {
        db.update("DELETE FROM listeners WHERE name = ?", name);
    }

    /** Names of listeners bound to a certificate entry (CERT-1 "used by"). */
    public List<String> usingCertificate(String certificate) {
        return db.query("SELECT name FROM listeners WHERE certificate = ? COLLATE NOCASE ORDER BY name",
                rs -> rs.getString(1), certificate);
    }

    /**
     * Names of listeners served by a certificate entry (CERT-1 "used by"): those bound to it and,
     * for the demo entry, those without a certificate, which present the demo certificate (LIS-7).
     */
    public List<String> servedBy(String certificate, boolean demo) {
        return db.query("SELECT name FROM listeners WHERE certificate = ? COLLATE NOCASE OR (? AND certificate IS NULL)"
                + " ORDER BY name", rs -> rs.getString(1), certificate, demo);
    }

    private ListenerSpec map(ResultSet rs) throws SQLException {
        String name = rs.getString("name");
        List<MailFlowPolicy> policies = db.query(
                "SELECT * FROM mail_flow_policies WHERE listener = ? ORDER BY rowid", r -> new MailFlowPolicy(
                        r.getString("name"), PolicyAction.valueOf(r.getString("action")), InboundTls.valueOf(r.getString("tls")),
                        r.getLong("max_message_size"), r.getInt("max_recipients")), name);
        List<SenderGroup> groups = db.query("SELECT * FROM sender_groups WHERE listener = ? ORDER BY position",
                r -> new SenderGroup(r.getString("name"), split(r.getString("patterns")), r.getString("policy")), name);
        return new ListenerSpec(name, ListenerKind.valueOf(rs.getString("kind")), rs.getString("address"),
                rs.getInt("port"), rs.getString("default_domain"), split(rs.getString("accepted_domains")),
                rs.getInt("max_connections"), rs.getInt("accept_queue"), rs.getString("certificate"), groups, policies,
                rs.getString("default_policy"));
    }

    private static List<String> split(String csv) {
        return csv == null || csv.isBlank() ? List.of() : Arrays.stream(csv.split(",")).map(String::strip).toList();
    }
}

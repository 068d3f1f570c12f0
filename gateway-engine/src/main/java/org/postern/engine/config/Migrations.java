package org.postern.engine.config;

import java.sql.SQLException;
import java.util.List;

/**
 * Ordered schema migrations. The schema version is SQLite's {@code user_version}; each migration
 * runs in its own transaction together with the version bump. Append new migrations; never edit
 * one that has shipped.
 */
final class Migrations {

    private Migrations() {
    }

    static final List<String[]> ALL = List.<String[]>of(
            // 1: settings and the certificate store (CERT-1, CERT-10)
            new String[] {
                """
                CREATE TABLE settings (
                    key   TEXT PRIMARY KEY,
                    value TEXT NOT NULL
                )""",
                """
                CREATE TABLE certificates (
                    name          TEXT PRIMARY KEY COLLATE NOCASE,
                    status        TEXT NOT NULL,
                    demo          INTEGER NOT NULL DEFAULT 0,
                    private_key   BLOB NOT NULL,
                    chain_pem     TEXT NOT NULL,
                    created_at    TEXT NOT NULL,
                    updated_at    TEXT NOT NULL
                )"""
            },
            // 2: listeners with their host access tables (LIS-1, LIS-2), the queue index (LIS-10),
            //    the mail log (LOG-1, LOG-2), and the default listeners
            new String[] {
                """
                CREATE TABLE listeners (
                    name             TEXT PRIMARY KEY COLLATE NOCASE,
                    kind             TEXT NOT NULL,
                    address          TEXT NOT NULL,
                    port             INTEGER NOT NULL,
                    default_domain   TEXT,
                    accepted_domains TEXT NOT NULL DEFAULT '',
                    max_connections  INTEGER NOT NULL,
                    accept_queue     INTEGER NOT NULL,
                    certificate      TEXT REFERENCES certificates(name) ON UPDATE CASCADE,
                    default_policy   TEXT NOT NULL,
                    UNIQUE(address, port)
                )""",
                """
                CREATE TABLE mail_flow_policies (
                    listener         TEXT NOT NULL REFERENCES listeners(name) ON DELETE CASCADE ON UPDATE CASCADE,
                    name             TEXT NOT NULL COLLATE NOCASE,
                    action           TEXT NOT NULL,
                    tls              TEXT NOT NULL DEFAULT 'NO',
                    max_message_size INTEGER NOT NULL,
                    max_recipients   INTEGER NOT NULL,
                    PRIMARY KEY(listener, name)
                )""",
                """
                CREATE TABLE sender_groups (
                    listener TEXT NOT NULL REFERENCES listeners(name) ON DELETE CASCADE ON UPDATE CASCADE,
                    position INTEGER NOT NULL,
                    name     TEXT NOT NULL COLLATE NOCASE,
                    patterns TEXT NOT NULL,
                    policy   TEXT NOT NULL,
                    PRIMARY KEY(listener, name)
                )""",
                """
                CREATE TABLE queue (
                    id           TEXT PRIMARY KEY,
                    sender       TEXT NOT NULL,
                    recipients   TEXT NOT NULL,
                    size         INTEGER NOT NULL,
                    received_at  TEXT NOT NULL,
                    listener     TEXT,
                    client       TEXT,
                    state        TEXT NOT NULL,
                    attempts     INTEGER NOT NULL DEFAULT 0,
                    next_attempt TEXT,
                    last_error   TEXT
                )""",
                """
                CREATE TABLE mail_log (
                    id           INTEGER PRIMARY KEY AUTOINCREMENT,
                    time         TEXT NOT NULL,
                    event        TEXT NOT NULL,
                    connection   TEXT,
                    message_id   TEXT,
                    listener     TEXT,
                    remote       TEXT,
                    sender       TEXT,
                    recipient    TEXT,
                    domain       TEXT,
                    tls          TEXT,
                    protocol     TEXT,
                    cipher       TEXT,
                    peer_subject TEXT,
                    result_type  TEXT,
                    text         TEXT NOT NULL
                )""",
                "CREATE INDEX mail_log_time ON mail_log(time)",
                "CREATE INDEX mail_log_message ON mail_log(message_id)",
                "CREATE INDEX mail_log_sender ON mail_log(sender)",
                "CREATE INDEX mail_log_recipient ON mail_log(recipient)",
                "CREATE INDEX mail_log_domain ON mail_log(domain)",
                // defaults: a public listener on loopback and a private relay listener (LIS-1)
                """
                INSERT INTO listeners(name, kind, address, port, default_domain, accepted_domains, max_connections,
                                      accept_queue, certificate, default_policy)
                VALUES ('IncomingMail', 'PUBLIC', '127.0.0.1', 2525, 'localhost', 'localhost', 1000, 50, NULL, 'ACCEPTED'),
                       ('OutgoingMail', 'PRIVATE', '127.0.0.1', 10025, 'localhost', '', 1000, 50, NULL, 'BLOCKED')""",
                """
                INSERT INTO mail_flow_policies(listener, name, action, tls, max_message_size, max_recipients)
                VALUES ('IncomingMail', 'ACCEPTED', 'ACCEPT', 'NO', 20971520, 1000),
                       ('IncomingMail', 'TRUSTED', 'ACCEPT', 'NO', 104857600, 5000),
                       ('IncomingMail', 'BLOCKED', 'REJECT', 'NO', 20971520, 1000),
                       ('OutgoingMail', 'RELAYED', 'RELAY', 'NO', 104857600, 5000),
                       ('OutgoingMail', 'BLOCKED', 'REJECT', 'NO', 20971520, 1000)""",
                """
                INSERT INTO sender_groups(listener, position, name, patterns, policy)
                VALUES ('IncomingMail', 0, 'ALLOWLIST', '', 'TRUSTED'),
                       ('IncomingMail', 1, 'BLOCKLIST', '', 'BLOCKED'),
                       ('OutgoingMail', 0, 'RELAYLIST', '127.0.0.0/8,::1', 'RELAYED')"""
            },
            // 3: destination controls (DLV-1, DLV-9) and alert recipients (ALR-1)
            new String[] {
                """
                CREATE TABLE destinations (
                    domain             TEXT PRIMARY KEY COLLATE NOCASE,
                    tls                TEXT NOT NULL,
                    dane               TEXT NOT NULL,
                    max_connections    INTEGER NOT NULL,
                    route              TEXT,
                    reconnect_in_clear INTEGER NOT NULL DEFAULT 0
                )""",
                "INSERT INTO destinations(domain, tls, dane, max_connections) VALUES ('default', 'PREFERRED', 'NONE', 20)",
                """
                CREATE TABLE alert_recipients (
                    address  TEXT NOT NULL COLLATE NOCASE,
                    type     TEXT NOT NULL,
                    severity TEXT NOT NULL,
                    PRIMARY KEY(address, type, severity)
                )""",
                "CREATE INDEX queue_due ON queue(state, next_attempt)"
            },
            // 4: the system and custom CA lists (CA-1..6); both enabled. The system list's roots are
            //    loaded from the bundle on first start (origin stays NULL until then).
            new String[] {
                """
                CREATE TABLE ca_lists (
                    list       TEXT PRIMARY KEY,
                    enabled    INTEGER NOT NULL DEFAULT 1,
                    origin     TEXT,
                    version    TEXT,
                    source     TEXT,
                    updated_at TEXT
                )""",
                """
                CREATE TABLE ca_certificates (
                    list        TEXT NOT NULL REFERENCES ca_lists(list),
                    fingerprint TEXT NOT NULL,
                    subject     TEXT NOT NULL,
                    der         BLOB NOT NULL,
                    added_at    TEXT NOT NULL,
                    PRIMARY KEY(list, fingerprint)
                )""",
                "INSERT INTO ca_lists(list, enabled) VALUES ('SYSTEM', 1), ('CUSTOM', 1)"
            });

    static int latestVersion() {
        return ALL.size();
    }

    static void apply(Database db) throws SQLException {
        int current = db.userVersion();
        if (current > ALL.size()) {
            throw new IllegalStateException("the database has schema version " + current
                    + " but this Postern knows only up to " + ALL.size() + "; use a newer Postern");
        }
        for (int v = current; v < ALL.size(); v++) {
            final int target = v + 1;
            final String[] statements = ALL.get(v);
            db.transaction(tx -> {
                for (String sql : statements) {
                    tx.execute(sql);
                }
                tx.setUserVersion(target);
                return null;
            });
        }
    }
}

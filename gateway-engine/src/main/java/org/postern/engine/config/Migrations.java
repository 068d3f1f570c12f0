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

package org.postern.engine.config;

import java.util.Optional;

/** Typed access to the key/value settings table. */
public final class Settings {

    private final Database db;

    public Settings(Database db) {
        this.db = db;
    }

    public Optional<String> get(String key) {
        return db.queryOne("SELECT value FROM settings WHERE key = ?", rs -> rs.getString(1), key);
    }

    public int getInt(String key, int defaultValue) {
        return get(key).map(Integer::parseInt).orElse(defaultValue);
    }

    public void put(String key, String value) {
        db.update("INSERT INTO settings(key, value) VALUES(?, ?) "
                + "ON CONFLICT(key) DO UPDATE SET value = excluded.value", key, value);
    }

    public void remove(String key) {
        db.update("DELETE FROM settings WHERE key = ?", key);
    }
}

package org.postern.engine.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQLite layer: WAL mode, migrations to the latest version, atomic transactions. */
class DatabaseTest {

    @TempDir
    Path dir;

    @Test
    void opensInWalModeAtTheLatestSchemaVersionAndReopens() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            assertThat(db.queryOne("PRAGMA journal_mode", rs -> rs.getString(1))).contains("wal");
            assertThat(db.userVersion()).isEqualTo(Migrations.latestVersion());
            new Settings(db).put("a", "1");
        }
        try (Database db = Database.open(dir.resolve("t.db"))) {
            assertThat(db.userVersion()).isEqualTo(Migrations.latestVersion());
            assertThat(new Settings(db).get("a")).contains("1");
        }
    }

    @Test
    void aFailedTransactionLeavesNothingBehind() {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            Settings s = new Settings(db);
            assertThatThrownBy(() -> db.transaction(tx -> {
                s.put("x", "1");
                s.put("y", "2");
                throw new IllegalArgumentException("boom");
            })).hasMessage("boom");
            assertThat(s.get("x")).isEmpty();
            assertThat(s.get("y")).isEmpty();
        }
    }

    @Test
    void refusesADatabaseFromANewerPostern() throws Exception {
        try (Database db = Database.open(dir.resolve("t.db"))) {
            db.setUserVersion(Migrations.latestVersion() + 1);
        }
        assertThatThrownBy(() -> Database.open(dir.resolve("t.db"))).hasMessageContaining("use a newer Postern");
    }
}

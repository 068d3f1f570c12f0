package org.postern.engine.pki;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.PosternException;
import org.postern.engine.config.Database;

/** SQL for the {@code certificates} table. Names are unique without regard to case (CERT-4). */
public final class CertificateRepository {

    private final Database db;

    public CertificateRepository(Database db) {
        this.db = db;
    }

    public List<CertificateEntry> all() {
        return db.query("SELECT name, status, demo, private_key, chain_pem FROM certificates ORDER BY name COLLATE NOCASE",
                CertificateRepository::map);
    }

    public Optional<CertificateEntry> find(String name) {
        return db.queryOne("SELECT name, status, demo, private_key, chain_pem FROM certificates WHERE name = ?",
                CertificateRepository::map, name);
    }

    public CertificateEntry require(String name) {
        return find(name).orElseThrow(() -> new PosternException("no certificate named '" + name + "'"));
    }

    public boolean exists(String name) {
        return find(name).isPresent();
    }

    public void insert(CertificateEntry e) {
        String now = Instant.now().toString();
        db.transaction(tx -> {
            if (exists(e.name())) {
                throw new PosternException("a certificate named '" + e.name() + "' already exists; choose another name");
            }
            tx.update("INSERT INTO certificates(name, status, demo, private_key, chain_pem, created_at, updated_at)"
                    + " VALUES(?, ?, ?, ?, ?, ?, ?)", e.name(), e.status().name(), e.demo() ? 1 : 0, e.sealedKey(),
                    Pem.encode(e.chain()), now, now);
            return null;
        });
    }

    public void update(CertificateEntry e) {
        int n = db.update("UPDATE certificates SET status = ?, chain_pem = ?, updated_at = ? WHERE name = ?",
                e.status().name(), Pem.encode(e.chain()), Instant.now().toString(), e.name());
        if (n != 1) {
            throw new PosternException("no certificate named '" + e.name() + "'");
        }
    }

    public void delete(String name) {
        db.update("DELETE FROM certificates WHERE name = ?", name);
    }

    private static CertificateEntry map(ResultSet rs) throws SQLException {
        String pem = rs.getString("chain_pem");
        return new CertificateEntry(rs.getString("name"), CertificateStatus.valueOf(rs.getString("status")),
                rs.getInt("demo") == 1, rs.getBytes("private_key"),
                CertificateReader.read(pem.getBytes(StandardCharsets.US_ASCII)));
    }
}

package org.postern.engine.trust;

import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.config.Database;
import org.postern.engine.pki.X509;

/** The {@code ca_lists} and {@code ca_certificates} tables (CA-1..6). */
public final class CaListRepository {

    /** Where the system list's roots came from. */
    enum Origin { BUNDLED, FILE, OPERATING_SYSTEM }

    /** One list's row: {@code origin} is null while the system list was never loaded. */
    record ListRow(CaList list, boolean enabled, Origin origin, String version, String source, Instant updated) {
    }

    private final Database db;

    public CaListRepository(Database db) {
        this.db = db;
    }

    Database database() {
        return db;
    }

    ListRow list(CaList list) {
        return db.queryOne("SELECT enabled, origin, version, source, updated_at FROM ca_lists WHERE list = ?",
                rs -> new ListRow(list, rs.getInt(1) != 0,
                        rs.getString(2) == null ? null : Origin.valueOf(rs.getString(2)),
                        rs.getString(3), rs.getString(4),
                        rs.getString(5) == null ? null : Instant.parse(rs.getString(5))),
                list.name()).orElseThrow(() -> new IllegalStateException("the CA list " + list + " is missing"));
    }

    void setEnabled(CaList list, boolean enabled) {
        db.update("UPDATE ca_lists SET enabled = ? WHERE list = ?", enabled ? 1 : 0, list.name());
    }

    void setProvenance(CaList list, Origin origin, String version, String source, Instant updated) {
        db.update("UPDATE ca_lists SET origin = ?, version = ?, source = ?, updated_at = ? WHERE list = ?",
                origin.name(), version, source, updated.toString(), list.name());
    }

    int count(CaList list) {
        return db.queryOne("SELECT COUNT(*) FROM ca_certificates WHERE list = ?", rs -> rs.getInt(1), list.name())
                .orElse(0);
    }

    /** The list's certificates in the order they were added. */
    List<X509Certificate> certificates(CaList list) {
        return db.query("SELECT der FROM ca_certificates WHERE list = ? ORDER BY rowid",
                rs -> parse(rs.getBytes(1)), list.name());
    }

    Optional<X509Certificate> find(CaList list, String fingerprint) {
        return db.queryOne("SELECT der FROM ca_certificates WHERE list = ? AND fingerprint = ?",
                rs -> parse(rs.getBytes(1)), list.name(), fingerprint);
    }

    boolean contains(CaList list, String fingerprint) {
        return find(list, fingerprint).isPresent();
    }

    /** Adds {@code cert} unless the list holds it already; true when added. */
    boolean add(CaList list, X509Certificate cert, Instant now) {
        try {
            return db.update("INSERT OR IGNORE INTO ca_certificates(list, fingerprint, subject, der, added_at) "
                            + "VALUES (?, ?, ?, ?, ?)", list.name(), X509.fingerprint(cert, "SHA-256"),
                    X509.readable(cert.getSubjectX500Principal()), cert.getEncoded(), now.toString()) == 1;
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
    }

    boolean delete(CaList list, String fingerprint) {
        return db.update("DELETE FROM ca_certificates WHERE list = ? AND fingerprint = ?", list.name(), fingerprint) == 1;
    }

    void clear(CaList list) {
        db.update("DELETE FROM ca_certificates WHERE list = ?", list.name());
    }

    private static X509Certificate parse(byte[] der) {
        try {
            return X509.parseDer(der);
        } catch (CertificateException e) {
            throw new IllegalStateException("a stored CA certificate cannot be read: " + e.getMessage(), e);
        }
    }
}

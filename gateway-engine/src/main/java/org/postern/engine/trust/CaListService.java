package org.postern.engine.trust;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;
import org.postern.engine.api.CaListApi;
import org.postern.engine.api.PosternException;
import org.postern.engine.pki.Pem;
import org.postern.engine.pki.X509;
import org.postern.engine.trust.CaListRepository.ListRow;
import org.postern.engine.trust.CaListRepository.Origin;

/**
 * CA-1..6: the system list (bundled with Postern, replaceable by a newer bundle or the operating
 * system's trust store; never edited root by root) and the custom list (imported by the
 * administrator). Every change is one transaction and then refreshes {@link #anchors()}.
 */
public final class CaListService implements CaListApi {

    /** Where operating systems keep their trust store as one PEM bundle; the first readable one is used. */
    public static final List<Path> OPERATING_SYSTEM_TRUST_STORES = List.of(
            Path.of("/etc/ssl/certs/ca-certificates.crt"),                 // Debian, Ubuntu, Arch, Gentoo
            Path.of("/etc/pki/ca-trust/extracted/pem/tls-ca-bundle.pem"),  // Fedora, RHEL
            Path.of("/etc/pki/tls/certs/ca-bundle.crt"),                   // older Fedora, RHEL
            Path.of("/etc/ssl/ca-bundle.pem"),                             // openSUSE
            Path.of("/etc/ssl/cert.pem"));                                 // Alpine, macOS, BSD

    static final int MAX_VERSION_LENGTH = 100;

    private final CaListRepository repository;
    private final Supplier<SystemBundle> bundle;
    private final List<Path> osTrustStores;
    private final CaLists anchors;

    /** The bundled system list and the usual operating system trust stores. */
    public CaListService(CaListRepository repository) {
        this(repository, SystemBundle::bundled, OPERATING_SYSTEM_TRUST_STORES);
    }

    /**
     * Installs the bundled system list when the data directory has none yet, or when the stored
     * one came from an earlier bundle (a list the administrator replaced is kept).
     */
    public CaListService(CaListRepository repository, Supplier<SystemBundle> bundle, List<Path> osTrustStores) {
        this.repository = repository;
        this.bundle = bundle;
        this.osTrustStores = List.copyOf(osTrustStores);
        installBundledSystemList();
        this.anchors = new CaLists(repository);
    }

    /** The enabled roots: what the certificate verifier and the chain verdict trust (CA-3). */
    public CaLists anchors() {
        return anchors;
    }

    private void installBundledSystemList() {
        ListRow row = repository.list(CaList.SYSTEM);
        if (row.origin() != null && row.origin() != Origin.BUNDLED) {
            return;
        }
        SystemBundle b = bundle.get();
        if (row.origin() == Origin.BUNDLED && b.version().equals(row.version())) {
            return;
        }
        List<X509Certificate> roots = validRoots(CaFile.read(b.pem()), true, "the bundled system CA list");
        if (roots.size() != b.count()) {
            throw new IllegalStateException("the bundled system CA list holds " + roots.size()
                    + " CA certificates but its properties record " + b.count());
        }
        replaceSystem(roots, Origin.BUNDLED, b.version(), b.description());
    }

    // --- CA-1, CA-2, CA-6: facts, enable/disable, roots ------------------------------------------

    @Override
    public CaListInfo info(CaList list) {
        return repository.database().transaction(tx -> {
            ListRow row = repository.list(list);
            return new CaListInfo(list, row.enabled(), repository.count(list), row.version(), row.source(),
                    row.updated());
        });
    }

    @Override
    public void setEnabled(CaList list, boolean enabled) {
        repository.setEnabled(list, enabled);
        anchors.refresh();
    }

    @Override
    public List<CaCertificate> certificates(CaList list) {
        return repository.certificates(list).stream().map(CaListService::view).toList();
    }

    static CaCertificate view(X509Certificate c) {
        return new CaCertificate(X509.readable(c.getSubjectX500Principal()), X509.readable(c.getIssuerX500Principal()),
                c.getNotBefore().toInstant(), c.getNotAfter().toInstant(), X509.fingerprint(c, "SHA-256"), Pem.encode(c),
                PartnerCertificates.isPartner(c));
    }

    // --- CA-2: the custom list -------------------------------------------------------------------

    @Override
    public int importCustom(byte[] pem, boolean fqdnCheck) {
        List<CaFile.Entry> entries = CaFile.read(pem);
        List<String> problems = new ArrayList<>();
        for (CaFile.Entry e : entries) {
            // CA-7: a self-signed end-entity certificate is a partner certificate, an anchor for itself only
            CaFile.notCaReason(e.certificate())
                    .filter(r -> !PartnerCertificates.isPartner(e.certificate()))
                    .ifPresent(r -> problems.add(e.describe() + " is not a CA certificate: " + r
                            + "; nor is it self-signed, as a partner certificate must be"));
            if (fqdnCheck) {
                CaFile.fqdnProblems(e.certificate()).forEach(p -> problems.add(e.describe() + ": " + p));
            }
        }
        if (!problems.isEmpty()) {
            throw new PosternException("nothing imported: " + String.join("; ", problems));
        }
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        int added = repository.database().transaction(tx -> {
            int n = 0;
            for (CaFile.Entry e : entries) {
                if (repository.add(CaList.CUSTOM, e.certificate(), now)) {
                    n++;
                }
            }
            return n;
        });
        if (added > 0) {
            anchors.refresh();
        }
        return added;
    }

    @Override
    public void deleteCustom(String sha256Fingerprint) {
        String fp = normalizeFingerprint(sha256Fingerprint);
        if (repository.delete(CaList.CUSTOM, fp)) {
            anchors.refresh();
            return;
        }
        if (repository.contains(CaList.SYSTEM, fp)) {
            throw new PosternException("the certificate " + fp + " is in the system CA list, whose roots cannot be"
                    + " deleted; disable the system list or update it instead");
        }
        throw new PosternException("the custom CA list holds no certificate with SHA-256 fingerprint " + fp);
    }

    /**
     * A SHA-256 fingerprint in the stored form (upper-case hex pairs joined by colons) from hex
     * with or without colons or spaces, in either case.
     */
    public static String normalizeFingerprint(String fingerprint) {
        String hex = fingerprint == null ? "" : fingerprint.replaceAll("[:\\s]", "").toUpperCase(Locale.ROOT);
        if (!hex.matches("[0-9A-F]{64}")) {
            throw new PosternException("'" + (fingerprint == null ? "" : fingerprint.strip())
                    + "' is not a SHA-256 fingerprint (64 hexadecimal digits, colons optional)");
        }
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 64; i += 2) {
            if (i > 0) {
                sb.append(':');
            }
            sb.append(hex, i, i + 2);
        }
        return sb.toString();
    }

    // --- CA-4: export ----------------------------------------------------------------------------

    @Override
    public String exportPem(CaList list) {
        CaListInfo info = info(list);
        List<X509Certificate> certs = repository.certificates(list);
        StringBuilder sb = new StringBuilder();
        sb.append("# Postern ").append(label(list)).append(": ").append(certs.size())
                .append(certs.size() == 1 ? " certificate" : " certificates");
        if (info.version() != null) {
            sb.append(", version ").append(info.version());
        }
        sb.append(", exported ").append(Instant.now().truncatedTo(ChronoUnit.SECONDS)).append('\n');
        if (info.source() != null) {
            sb.append("# Source: ").append(info.source().replaceAll("\\R", " ")).append('\n');
        }
        for (X509Certificate c : certs) {
            sb.append('\n').append("# ").append(X509.readable(c.getSubjectX500Principal())).append('\n')
                    .append("# SHA-256 ").append(X509.fingerprint(c, "SHA-256")).append('\n')
                    .append(Pem.encode(c));
        }
        return sb.toString();
    }

    /** CA-5: the version the administrator gives a new system list, stripped: one line of at most 100 characters. */
    public static String requireVersion(String version) {
        String v = version == null ? "" : version.strip();
        if (v.isEmpty()) {
            throw new PosternException("a version is required for the new system CA list");
        }
        if (v.length() > MAX_VERSION_LENGTH || v.chars().anyMatch(Character::isISOControl)) {
            throw new PosternException("the version must be one line of at most " + MAX_VERSION_LENGTH + " characters");
        }
        return v;
    }

    static String label(CaList list) {
        return list == CaList.SYSTEM ? "system CA list" : "custom CA list";
    }

    // --- CA-5: update the system list ------------------------------------------------------------

    @Override
    public CaListInfo updateSystem(byte[] pemBundle, String version) {
        String v = requireVersion(version);
        List<X509Certificate> roots = validRoots(CaFile.read(pemBundle), true, "the bundle");
        replaceSystem(roots, Origin.FILE, v, "PEM bundle imported by the administrator");
        return info(CaList.SYSTEM);
    }

    @Override
    public CaListInfo updateSystemFromOperatingSystem() {
        Path store = osTrustStores.stream().filter(Files::isReadable).findFirst()
                .orElseThrow(() -> new PosternException("no operating system trust store found (looked for "
                        + String.join(", ", osTrustStores.stream().map(Path::toString).toList()) + ")"));
        byte[] content;
        Instant modified;
        try {
            content = Files.readAllBytes(store);
            modified = Files.getLastModifiedTime(store).toInstant();
        } catch (IOException e) {
            throw new PosternException("cannot read the operating system trust store " + store + ": " + e.getMessage());
        }
        List<CaFile.Entry> entries;
        try {
            entries = CaFile.read(content);
        } catch (PosternException e) {
            throw new PosternException("the operating system trust store " + store + " cannot be used: " + e.getMessage());
        }
        List<X509Certificate> roots = validRoots(entries, false, "the operating system trust store " + store);
        int skipped = distinct(entries).size() - roots.size();
        String version = "os-" + DateTimeFormatter.ofPattern("yyyyMMdd").withZone(ZoneOffset.UTC).format(modified);
        String source = "operating system trust store " + store + " of "
                + DateTimeFormatter.ISO_LOCAL_DATE.withZone(ZoneOffset.UTC).format(modified)
                + (skipped == 0 ? "" : "; " + skipped + " non-CA certificate" + (skipped == 1 ? "" : "s") + " skipped");
        replaceSystem(roots, Origin.OPERATING_SYSTEM, version, source);
        return info(CaList.SYSTEM);
    }

    /**
     * The distinct CA certificates of {@code entries}. Strict: any non-CA certificate refuses the
     * whole set, naming each; otherwise non-CA certificates are left out. None at all is refused.
     */
    private static List<X509Certificate> validRoots(List<CaFile.Entry> entries, boolean strict, String what) {
        List<X509Certificate> roots = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (CaFile.Entry e : distinct(entries)) {
            var reason = CaFile.notCaReason(e.certificate());
            if (reason.isEmpty()) {
                roots.add(e.certificate());
            } else {
                problems.add(e.describe() + " is not a CA certificate: " + reason.get());
            }
        }
        if (strict && !problems.isEmpty()) {
            throw new PosternException("the system CA list is unchanged: " + String.join("; ", problems));
        }
        if (roots.isEmpty()) {
            throw new PosternException("the system CA list is unchanged: " + what + " holds no CA certificate");
        }
        return roots;
    }

    private static List<CaFile.Entry> distinct(List<CaFile.Entry> entries) {
        Map<String, CaFile.Entry> byFingerprint = new LinkedHashMap<>();
        entries.forEach(e -> byFingerprint.putIfAbsent(X509.fingerprint(e.certificate(), "SHA-256"), e));
        return List.copyOf(byFingerprint.values());
    }

    private void replaceSystem(List<X509Certificate> roots, Origin origin, String version, String source) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        repository.database().transaction(tx -> {
            repository.clear(CaList.SYSTEM);
            for (X509Certificate c : roots) {
                repository.add(CaList.SYSTEM, c, now);
            }
            repository.setProvenance(CaList.SYSTEM, origin, version, source, now);
            return null;
        });
        if (anchors != null) {
            anchors.refresh();
        }
    }
}

package org.postern.engine.pki;

import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.bouncycastle.asn1.x500.X500Name;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateDetails;
import org.postern.engine.api.CertificateStatus;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.CertificateSummary.Expiry;
import org.postern.engine.api.ChainVerdict;
import org.postern.engine.api.FileInspection;
import org.postern.engine.api.NewCertificateRequest;
import org.postern.engine.api.PemBundle;
import org.postern.engine.api.Pkcs12Contents;
import org.postern.engine.api.Pkcs12Encryption;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsaRecord;
import org.postern.engine.api.TlsaRequest;
import org.postern.engine.api.TlsaRolloverCheck;
import org.postern.engine.api.TlsaRolloverException;
import org.postern.engine.config.Settings;
import org.postern.engine.dane.RolloverCheck;
import org.postern.engine.dane.TlsaGenerator;
import org.postern.engine.tls.ChainBuilder;
import org.postern.engine.trust.TrustAnchors;

/** The certificate store's operations (CERT-1..11), behind {@link CertificateApi}. */
public final class CertificateService implements CertificateApi {

    static final String EXPIRY_SETTING = "certificates.expiry-warning-days";
    static final int DEFAULT_EXPIRY_DAYS = 30;

    private final CertificateRepository repository;
    private final KeyVault vault;
    private final Settings settings;
    private final TrustAnchors anchors;
    private final CertificateUsage usage;
    private final RolloverCheck rollover;
    private final Function<String, List<String>> listenersUsing;
    private final List<Runnable> changeListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public CertificateService(CertificateRepository repository, KeyVault vault, Settings settings,
                              TrustAnchors anchors, CertificateUsage usage, RolloverCheck rollover,
                              Function<String, List<String>> listenersUsing) {
        this.repository = repository;
        this.rollover = rollover;
        this.listenersUsing = listenersUsing;
        this.vault = vault;
        this.settings = settings;
        this.anchors = anchors;
        this.usage = usage;
    }

    /** CERT-9: puts the shipped demo certificate in the store if it is not there. */
    public void installDemoCertificate() {
        if (repository.all().stream().noneMatch(CertificateEntry::demo)) {
            repository.insert(new CertificateEntry(DemoCertificate.NAME, CertificateStatus.IMPORTED, true,
                    vault.seal(DemoCertificate.key()), DemoCertificate.chain()));
        }
    }

    /** A private key with its chain, for the engine's TLS contexts (never exposed through the API). */
    public record KeyMaterial(String name, boolean demo, PrivateKey key, List<X509Certificate> chain) {
    }

    /** The key material of {@code name}, or of the demo certificate when {@code name} is null (LIS-7). */
    public KeyMaterial keyMaterial(String name) {
        CertificateEntry e = name == null
                ? repository.all().stream().filter(CertificateEntry::demo).findFirst()
                        .orElseThrow(() -> new PosternException("the demo certificate is missing from the store"))
                : repository.require(name);
        return new KeyMaterial(e.name(), e.demo(), vault.unseal(e.sealedKey()), e.chain());
    }

    /** Runs {@code listener} after every change to the store (listeners reload their certificates). */
    public void onChange(Runnable listener) {
        changeListeners.add(listener);
    }

    private void changed() {
        changeListeners.forEach(Runnable::run);
    }

    // --- CERT-1 -------------------------------------------------------------------------------

    @Override
    public List<CertificateSummary> list() {
        return repository.all().stream().map(this::summary).toList();
    }

    @Override
    public CertificateDetails details(String name) {
        CertificateEntry e = repository.require(name);
        return new CertificateDetails(summary(e), e.chain().stream().map(X509::view).toList(), verdict(e));
    }

    CertificateSummary summary(CertificateEntry e) {
        X509Certificate leaf = e.leaf();
        Instant now = Instant.now();
        Instant notAfter = leaf.getNotAfter().toInstant();
        long daysLeft = Duration.between(now, notAfter).toDays();
        int threshold = expiryWarningDays();
        Expiry expiry;
        if (now.isAfter(notAfter)) {
            expiry = Expiry.EXPIRED;
        } else if (now.isBefore(leaf.getNotBefore().toInstant())) {
            expiry = Expiry.NOT_YET_VALID;
        } else if (daysLeft < threshold) {
            expiry = Expiry.EXPIRING;
        } else {
            expiry = Expiry.VALID;
        }
        List<String> warnings = new ArrayList<>();
        if (e.demo()) {
            warnings.add(DemoCertificate.WARNING);
        }
        switch (expiry) {
            case EXPIRED -> warnings.add("expired on " + date(notAfter));
            case EXPIRING -> warnings.add("expires in " + daysLeft + " day" + (daysLeft == 1 ? "" : "s")
                    + " (" + date(notAfter) + ")");
            case NOT_YET_VALID -> warnings.add("not valid before " + date(leaf.getNotBefore().toInstant()));
            case VALID -> { }
        }
        int rsaBits = KeyPairs.rsaBits(leaf.getPublicKey());
        if (rsaBits > 0 && rsaBits < 2048) {
            warnings.add("weak key: RSA " + rsaBits + " bits (under 2048)");
        }
        if (X509.weakSignature(leaf)) {
            warnings.add("weak signature algorithm " + leaf.getSigAlgName());
        }
        if (e.status() == CertificateStatus.CA_SIGNED || e.status() == CertificateStatus.IMPORTED) {
            warnings.addAll(ChainOrder.check(e.chain()));
        }
        return new CertificateSummary(e.name(), X509.commonName(leaf), X509.dnsNames(leaf),
                X509.readable(leaf.getSubjectX500Principal()), X509.readable(leaf.getIssuerX500Principal()),
                leaf.getNotBefore().toInstant(), notAfter, KeyPairs.describe(leaf.getPublicKey()),
                leaf.getSigAlgName(), e.status(), e.demo(), expiry, daysLeft, usage.usagesOf(e.name(), e.demo()), warnings);
    }

    /** CON-6: the stored chain's gaps (CERT-6) and whether a path to an enabled anchor exists (CA-8). */
    private ChainVerdict verdict(CertificateEntry e) {
        List<String> problems = new ArrayList<>(ChainOrder.check(e.chain()));
        X509Certificate top = e.chain().getLast();
        ChainBuilder.Built path = anchors.trustedPath(e.chain(), Instant.now());
        if (path.ok()) {
            if (!X509.isSelfIssued(top)) {
                // the last problem is the top's missing issuer, which the trust anchor supplies
                problems.removeLast();
            }
            return new ChainVerdict(problems.isEmpty(), true, anchors.nameOf(path.anchor()), problems);
        }
        if (path.failure() != ChainBuilder.Failure.NOT_TRUSTED) {
            // a path to an anchor exists but is not valid now (expired, or a PKIX rule broken)
            problems.add("not trusted: " + path.reason());
        }
        if (problems.isEmpty() && e.chain().size() == 1 && X509.isSelfSigned(top)) {
            return new ChainVerdict(true, false, null,
                    List.of("self-signed: trusted only by peers that import this certificate"));
        }
        return new ChainVerdict(problems.isEmpty(), false, null, problems);
    }

    // --- CERT-2..4 ----------------------------------------------------------------------------

    @Override
    public CertificateSummary createSelfSigned(NewCertificateRequest r) {
        List<String> dnsNames = CertificateInput.dnsNames(r.commonName(), r.extraDnsNames(), r.fqdnCheck());
        String cn = r.commonName().strip();
        String country = CertificateInput.country(r.country());
        CertificateInput.requireOrganization(r.organization());
        CertificateInput.requireOrganizationalUnit(r.organizationalUnit());
        CertificateInput.requireCity(r.city());
        CertificateInput.requireState(r.state());
        CertificateInput.requireValidity(r.validityDays());
        if (r.keyType() == null) {
            throw new PosternException("a key type is required");
        }
        String name = entryName(r.name(), cn);
        X500Name subject = SubjectName.of(cn, r.organization(), r.organizationalUnit(), r.city(), r.state(), country);
        KeyPair keys = KeyPairs.generate(r.keyType());
        X509Certificate cert = CertificateIssuer.selfSigned(keys, subject, dnsNames, r.validityDays());
        CertificateEntry entry = new CertificateEntry(name, CertificateStatus.SELF_SIGNED, false,
                vault.seal(keys.getPrivate()), List.of(cert));
        repository.insert(entry);
        return summary(entry);
    }

    private String entryName(String requested, String fallback) {
        return CertificateInput.entryName(requested, fallback, repository::exists);
    }

    // --- CERT-5, CERT-6 -----------------------------------------------------------------------

    @Override
    public String certificateSigningRequest(String name) {
        CertificateEntry e = repository.require(name);
        if (e.demo()) {
            throw new PosternException("the demo certificate cannot be sent to a CA; create your own certificate");
        }
        if (e.status() == CertificateStatus.IMPORTED) {
            throw new PosternException("'" + name + "' was imported; a CSR is available for entries created here");
        }
        PrivateKey key = vault.unseal(e.sealedKey());
        X509Certificate leaf = e.leaf();
        String pem = Pem.encode(CsrFactory.create(X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded()),
                X509.dnsNames(leaf), leaf.getPublicKey(), key));
        if (e.status() == CertificateStatus.SELF_SIGNED) {
            repository.update(e.withChain(CertificateStatus.CSR_PENDING, e.chain()));
        }
        return pem;
    }

    @Override
    public CertificateSummary uploadSigned(String name, byte[] certificate, byte[] intermediates, boolean confirmTlsa) {
        CertificateEntry e = repository.require(name);
        ChainOrder.Result ordered = signedChain(e, certificate, intermediates);
        if (!confirmTlsa) {
            requireConfirmation(uploadCheck(e, ordered.chain()));
        }
        CertificateEntry updated = e.withChain(CertificateStatus.CA_SIGNED, ordered.chain());
        repository.update(updated);
        changed();
        return withWarnings(summary(updated), ordered.problems());
    }

    @Override
    public TlsaRolloverCheck checkUploadSigned(String name, byte[] certificate, byte[] intermediates) {
        CertificateEntry e = repository.require(name);
        return uploadCheck(e, signedChain(e, certificate, intermediates).chain());
    }

    private TlsaRolloverCheck uploadCheck(CertificateEntry e, List<X509Certificate> chain) {
        return rolloverCheck(e, "install the CA-signed certificate '"
                + X509.readable(chain.getFirst().getSubjectX500Principal()) + "' issued by '"
                + X509.readable(chain.getFirst().getIssuerX500Principal()) + "' in '" + e.name() + "'", chain);
    }

    /** CERT-6: the uploaded certificate with its intermediates, ordered leaf first; validates, stores nothing. */
    private ChainOrder.Result signedChain(CertificateEntry e, byte[] certificate, byte[] intermediates) {
        String name = e.name();
        if (e.demo()) {
            throw new PosternException("the demo certificate cannot be replaced; create your own entry");
        }
        List<X509Certificate> offered = new ArrayList<>(CertificateReader.read(certificate));
        if (intermediates != null && intermediates.length > 0) {
            offered.addAll(CertificateReader.read(intermediates));
        }
        PrivateKey key = vault.unseal(e.sealedKey());
        X509Certificate leaf = offered.stream().filter(c -> KeyMatch.matches(c, key)).findFirst()
                .orElseThrow(() -> new PosternException("certificate does not match the private key of " + name));
        if (X509.isSelfSigned(leaf) && offered.size() == 1) {
            throw new PosternException("the uploaded certificate is self-signed, not signed by a CA");
        }
        List<X509Certificate> others = new ArrayList<>(offered);
        others.remove(leaf);
        return ChainOrder.order(leaf, others);
    }

    // --- DANE-7 rollover safety ---------------------------------------------------------------

    /**
     * The rollover check of a change of entry {@code e} to {@code after} (null: nothing served).
     * Only entries served by a listener are checked: nothing else is reached by DANE senders.
     */
    private TlsaRolloverCheck rolloverCheck(CertificateEntry e, String change, List<X509Certificate> after) {
        List<String> listeners = listenersUsing.apply(e.name());
        if (listeners.isEmpty()) {
            return new TlsaRolloverCheck(e.name(), change, TlsaRolloverCheck.Verdict.NOT_SERVED, List.of(), List.of());
        }
        List<String> hosts = RolloverCheck.hostNames(after == null ? List.of(e.chain()) : List.of(e.chain(), after));
        return rollover.check(e.name(), change + " (served by listener " + String.join(", ", listeners) + ")",
                hosts, after);
    }

    /**
     * DANE-7 for a listener switching from entry {@code from} to entry {@code to} (null: the demo
     * certificate, LIS-7): the TLSA records of the names of both against the chain of {@code to}.
     */
    public TlsaRolloverCheck checkListenerSwitch(String listener, String from, String to) {
        KeyMaterial before = keyMaterial(from);
        KeyMaterial after = keyMaterial(to);
        String change = "listener " + listener + " serves '" + after.name() + "' instead of '" + before.name() + "'";
        if (before.name().equalsIgnoreCase(after.name())) {
            return new TlsaRolloverCheck(after.name(), change, TlsaRolloverCheck.Verdict.SAFE, List.of(), List.of());
        }
        // the demo certificate's name is nobody's MX host (CERT-9): only the names of real entries are looked up
        List<List<X509Certificate>> named = new ArrayList<>();
        if (!before.demo()) {
            named.add(before.chain());
        }
        if (!after.demo()) {
            named.add(after.chain());
        }
        return rollover.check(after.name(), change, RolloverCheck.hostNames(named), after.chain());
    }

    /** Refuses the change when the check warns; a confirmed change is not looked up again (the caller saw the check). */
    private static void requireConfirmation(TlsaRolloverCheck check) {
        if (check.needsConfirmation()) {
            throw new TlsaRolloverException(check);
        }
    }

    @Override
    public CertificateSummary addIntermediates(String name, byte[] intermediates) {
        CertificateEntry e = repository.require(name);
        if (e.demo()) {
            throw new PosternException("the demo certificate's chain cannot be changed");
        }
        List<X509Certificate> pool = new ArrayList<>(e.chain().subList(1, e.chain().size()));
        List<X509Certificate> added = CertificateReader.read(intermediates);
        pool.addAll(added);
        ChainOrder.Result ordered = ChainOrder.order(e.leaf(), pool);
        if (ordered.chain().size() <= e.chain().size()) {
            throw new PosternException("none of the certificates continues the chain of '" + name + "': "
                    + String.join("; ", ordered.problems()));
        }
        CertificateEntry updated = e.withChain(e.status(), ordered.chain());
        repository.update(updated);
        changed();
        return withWarnings(summary(updated), ordered.problems());
    }

    private static CertificateSummary withWarnings(CertificateSummary s, List<String> extra) {
        List<String> all = new ArrayList<>(s.warnings());
        extra.stream().filter(w -> !all.contains(w)).forEach(all::add);
        return new CertificateSummary(s.name(), s.commonName(), s.dnsNames(), s.subject(), s.issuer(), s.notBefore(),
                s.notAfter(), s.keyDescription(), s.signatureAlgorithm(), s.status(), s.demo(), s.expiry(),
                s.daysLeft(), s.usages(), all);
    }

    // --- CERT-7, CERT-8 -----------------------------------------------------------------------

    @Override
    public Pkcs12Contents readPkcs12(byte[] file, char[] password) {
        Pkcs12Codec.Contents c = Pkcs12Codec.read(file, password);
        X509Certificate leaf = c.certificates().getFirst();
        String suggested = blankToNull(c.friendlyName()) != null ? c.friendlyName().strip() : X509.commonName(leaf);
        return new Pkcs12Contents(suggested, KeyPairs.describe(leaf.getPublicKey()),
                c.certificates().stream().map(X509::view).toList(), c.protection());
    }

    @Override
    public CertificateSummary importPkcs12(String name, byte[] file, char[] password, boolean fqdnCheck) {
        Pkcs12Codec.Contents c = Pkcs12Codec.read(file, password);
        X509Certificate leaf = c.certificates().getFirst();
        if (fqdnCheck) {
            CertificateInput.requireFqdns(leaf);
        }
        String fallback = blankToNull(c.friendlyName()) != null ? c.friendlyName().strip() : X509.commonName(leaf);
        if (fallback == null) {
            fallback = X509.fingerprint(leaf, "SHA-256").substring(0, 11);
        }
        String entryName = entryName(name, fallback);
        CertificateEntry entry = new CertificateEntry(entryName, CertificateStatus.IMPORTED, false,
                vault.seal(c.key()), c.certificates());
        repository.insert(entry);
        return summary(entry);
    }

    @Override
    public byte[] exportPkcs12(String name, char[] password, Pkcs12Encryption encryption) {
        CertificateEntry e = repository.require(name);
        return Pkcs12Codec.write(e.name(), vault.unseal(e.sealedKey()), e.chain(), password,
                encryption == null ? Pkcs12Encryption.AES_256 : encryption);
    }

    @Override
    public String exportPem(String name, PemBundle bundle) {
        CertificateEntry e = repository.require(name);
        List<X509Certificate> chain = e.chain();
        return switch (bundle) {
            case CERTIFICATE -> Pem.encode(e.leaf());
            case CHAIN -> Pem.encode(chain);
            case CHAIN_WITHOUT_ROOT -> Pem.encode(chain.size() > 1 && X509.isSelfIssued(chain.getLast())
                    ? chain.subList(0, chain.size() - 1) : chain);
            case KEY_AND_CHAIN -> Pem.encode(vault.unseal(e.sealedKey())) + Pem.encode(chain);
        };
    }

    // --- CON-9, delete, TLSA, inspection, expiry threshold ------------------------------------

    @Override
    public CertificateSummary renew(String name, int validityDays, boolean confirmTlsa) {
        CertificateEntry e = repository.require(name);
        CertificateEntry updated = renewed(e, validityDays);
        if (!confirmTlsa) {
            requireConfirmation(renewCheck(e, updated));
        }
        repository.update(updated);
        changed();
        return summary(updated);
    }

    @Override
    public TlsaRolloverCheck checkRenew(String name, int validityDays) {
        CertificateEntry e = repository.require(name);
        return renewCheck(e, renewed(e, validityDays));
    }

    private TlsaRolloverCheck renewCheck(CertificateEntry e, CertificateEntry updated) {
        return rolloverCheck(e, "renew '" + e.name() + "' with the same key", updated.chain());
    }

    /** CON-9: the entry with a fresh self-signed certificate (same key, subject, SANs); stores nothing. */
    private CertificateEntry renewed(CertificateEntry e, int validityDays) {
        String name = e.name();
        if (e.demo()) {
            throw new PosternException("the demo certificate cannot be renewed; create your own certificate");
        }
        if (e.status() == CertificateStatus.CA_SIGNED || e.status() == CertificateStatus.IMPORTED) {
            throw new PosternException("'" + name + "' is " + e.status().label() + ": renew it by sending a CSR"
                    + " (same key) to the CA and uploading the new certificate");
        }
        CertificateInput.requireValidity(validityDays);
        PrivateKey key = vault.unseal(e.sealedKey());
        X509Certificate old = e.leaf();
        X509Certificate renewed = CertificateIssuer.selfSigned(new KeyPair(old.getPublicKey(), key),
                X500Name.getInstance(old.getSubjectX500Principal().getEncoded()), X509.dnsNames(old), validityDays);
        return e.withChain(CertificateStatus.SELF_SIGNED, List.of(renewed));
    }

    @Override
    public void delete(String name) {
        CertificateEntry e = repository.require(name);
        if (e.demo()) {
            throw new PosternException("the demo certificate cannot be deleted: it is the fallback for listeners"
                    + " without a certificate");
        }
        List<String> uses = usage.usagesOf(e.name(), e.demo());
        if (!uses.isEmpty()) {
            // a certificate in use is never deleted; checkDelete tells what switching away from it means for DANE
            throw new PosternException("'" + name + "' is in use by " + String.join(", ", uses) + "; choose another"
                    + " certificate there first");
        }
        repository.delete(e.name());
        changed();
    }

    @Override
    public TlsaRolloverCheck checkDelete(String name) {
        return deleteCheck(repository.require(name));
    }

    private TlsaRolloverCheck deleteCheck(CertificateEntry e) {
        return rolloverCheck(e, "delete '" + e.name() + "'", null);
    }

    @Override
    public TlsaRecord tlsaRecord(String name, TlsaRequest request) {
        CertificateEntry e = repository.require(name);
        TlsaRecord r = TlsaGenerator.generate(e.chain(), request);
        if (!e.demo()) {
            return r;
        }
        List<String> notes = new ArrayList<>(r.notes());
        notes.add(DemoCertificate.WARNING);
        return new TlsaRecord(r.owner(), r.usage(), r.selector(), r.matchingType(), r.data(), notes);
    }

    @Override
    public List<TlsaRecord> tlsaRollover(String name, String nextName, byte[] nextCertificate, TlsaRequest request) {
        if ((nextName == null || nextName.isBlank()) == (nextCertificate == null)) {
            throw new PosternException("give the next key either as a stored entry or as a certificate file, not both");
        }
        CertificateEntry current = repository.require(name);
        List<X509Certificate> next;
        String nextLabel;
        if (nextCertificate != null) {
            next = CertificateReader.read(nextCertificate);
            nextLabel = "the given certificate";
        } else {
            CertificateEntry e = repository.require(nextName.strip());
            next = e.chain();
            nextLabel = "'" + e.name() + "'";
        }
        TlsaRecord now = tlsaRecord(name, request);
        TlsaRecord following = TlsaGenerator.generate(next, request);
        List<String> notes = new ArrayList<>(following.notes());
        if (now.data().equals(following.data())) {
            notes.add("the next record equals the current one: " + nextLabel + " has the same "
                    + (request.selector() == 1 ? "key" : "certificate") + " as '" + current.name() + "'");
        }
        notes.add("publish both records, wait at least twice the TLSA TTL, switch the listener to the new"
                + " certificate, then remove the old record");
        return List.of(now, new TlsaRecord(following.owner(), following.usage(), following.selector(),
                following.matchingType(), following.data(), notes));
    }

    @Override
    public FileInspection inspect(byte[] content) {
        return FileInspector.inspect(content);
    }

    @Override
    public int expiryWarningDays() {
        return settings.getInt(EXPIRY_SETTING, DEFAULT_EXPIRY_DAYS);
    }

    @Override
    public void setExpiryWarningDays(int days) {
        if (days < 1 || days > 365) {
            throw new PosternException("the expiry warning must be between 1 and 365 days, not " + days);
        }
        settings.put(EXPIRY_SETTING, Integer.toString(days));
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s;
    }

    private static String date(Instant i) {
        return LocalDate.ofInstant(i, ZoneOffset.UTC).toString();
    }
}

package org.postern.engine.trust;

import java.security.PublicKey;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.security.auth.x500.X500Principal;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.pki.X509;

/**
 * CA-3: the trust anchors of the enabled CA lists — the system list, the custom list, or both.
 * The one source of roots for the certificate verifier and the chain verdict (CON-6). Holds an
 * in-memory snapshot that {@link CaListService} refreshes after every change.
 */
public final class CaLists implements TrustAnchors {

    private record Root(X509Certificate certificate, CaList list) {
    }

    private record Snapshot(List<Root> roots, Map<X500Principal, List<Root>> bySubject, boolean system,
                            boolean custom) {
    }

    private final CaListRepository repository;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();
    private volatile Snapshot snapshot;

    CaLists(CaListRepository repository) {
        this.repository = repository;
        refresh();
    }

    /** Re-reads the enabled lists; then tells the listeners. */
    synchronized void refresh() {
        List<Root> roots = new ArrayList<>();
        boolean system = repository.list(CaList.SYSTEM).enabled();
        boolean custom = repository.list(CaList.CUSTOM).enabled();
        if (system) {
            repository.certificates(CaList.SYSTEM).forEach(c -> roots.add(new Root(c, CaList.SYSTEM)));
        }
        if (custom) {
            repository.certificates(CaList.CUSTOM).forEach(c -> roots.add(new Root(c, CaList.CUSTOM)));
        }
        Map<X500Principal, List<Root>> bySubject = new HashMap<>();
        roots.forEach(r -> bySubject.computeIfAbsent(r.certificate().getSubjectX500Principal(), k -> new ArrayList<>())
                .add(r));
        snapshot = new Snapshot(List.copyOf(roots), bySubject, system, custom);
        listeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every change of the trusted roots (e.g. to rebuild TLS contexts). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    @Override
    public Optional<String> anchorFor(List<X509Certificate> chain) {
        Snapshot s = snapshot;
        for (X509Certificate c : chain) {
            for (Root r : s.bySubject().getOrDefault(c.getSubjectX500Principal(), List.of())) {
                if (sameKey(r.certificate().getPublicKey(), c.getPublicKey())) {
                    return Optional.of(name(r));
                }
            }
            for (Root r : s.bySubject().getOrDefault(c.getIssuerX500Principal(), List.of())) {
                if (verifies(c, r.certificate())) {
                    return Optional.of(name(r));
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public List<X509Certificate> roots() {
        return snapshot.roots().stream().map(Root::certificate).toList();
    }

    /** True when {@code list} is enabled, i.e. its roots are trusted. */
    public boolean enabled(CaList list) {
        return list == CaList.SYSTEM ? snapshot.system() : snapshot.custom();
    }

    @Override
    public String description() {
        Snapshot s = snapshot;
        String lists = s.system() && s.custom() ? "system and custom CA lists"
                : s.system() ? "system CA list" : s.custom() ? "custom CA list" : "no CA list (both disabled)";
        return lists + " (" + s.roots().size() + " root" + (s.roots().size() == 1 ? "" : "s") + ")";
    }

    private static String name(Root r) {
        return X509.readable(r.certificate().getSubjectX500Principal())
                + (r.list() == CaList.SYSTEM ? " (system CA list)" : " (custom CA list)");
    }

    private static boolean sameKey(PublicKey a, PublicKey b) {
        return Arrays.equals(a.getEncoded(), b.getEncoded());
    }

    private static boolean verifies(X509Certificate child, X509Certificate root) {
        try {
            child.verify(root.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }
}

package org.postern.engine.trust;

import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.postern.engine.api.CaListApi.CaList;
import org.postern.engine.pki.X509;

/**
 * CA-3: the trust anchors of the enabled CA lists — the system list, the custom list, or both.
 * The one source of roots for the certificate verifier and the chain verdict (CON-6); both build
 * paths to them with {@link #trustedPath} (CA-8). Holds an
 * in-memory snapshot that {@link CaListService} refreshes after every change.
 */
public final class CaLists implements TrustAnchors {

    private record Root(X509Certificate certificate, CaList list) {
    }

    private record Snapshot(List<Root> roots, boolean system, boolean custom) {
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
        snapshot = new Snapshot(List.copyOf(roots), system, custom);
        listeners.forEach(Runnable::run);
    }

    /** Runs {@code listener} after every change of the trusted roots (e.g. to rebuild TLS contexts). */
    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /** The anchor's subject and list; a partner certificate (CA-7) says so. */
    @Override
    public String nameOf(X509Certificate anchor) {
        for (Root r : snapshot.roots()) {
            if (r.certificate().equals(anchor)) {
                return name(r);
            }
        }
        return TrustAnchors.super.nameOf(anchor);
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
                + (r.list() == CaList.SYSTEM ? " (system CA list)"
                : PartnerCertificates.isPartner(r.certificate()) ? " (partner certificate, custom CA list)" : " (custom CA list)");
    }
}

package org.postern.engine.trust;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import org.postern.engine.pki.X509;

/**
 * The Java runtime's root set ({@code lib/security/cacerts}). It stands in for the managed system
 * CA list until the CA lists (CA-1..6) are in place.
 */
public final class JdkTrustAnchors implements TrustAnchors {

    private final List<X509Certificate> roots;

    public JdkTrustAnchors() {
        this.roots = load();
    }

    private static List<X509Certificate> load() {
        Path file = Path.of(System.getProperty("java.home"), "lib", "security", "cacerts");
        List<X509Certificate> list = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(in, null);
            for (String alias : Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate x) {
                    list.add(x);
                }
            }
        } catch (Exception e) {
            // no runtime root set: nothing is trusted
        }
        return List.copyOf(list);
    }

    @Override
    public Optional<String> anchorFor(List<X509Certificate> chain) {
        X509Certificate top = chain.getLast();
        for (X509Certificate root : roots) {
            if (root.equals(top)
                    || (root.getSubjectX500Principal().equals(top.getIssuerX500Principal()) && verifies(top, root))) {
                return Optional.of(X509.readable(root.getSubjectX500Principal()));
            }
        }
        return Optional.empty();
    }

    private static boolean verifies(X509Certificate child, X509Certificate root) {
        try {
            child.verify(root.getPublicKey());
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    @Override
    public String description() {
        return "Java runtime root set (" + roots.size() + " roots)";
    }
}

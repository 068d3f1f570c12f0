package org.postern.engine.tls;

import java.security.KeyPair;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.postern.engine.api.KeyType;
import org.postern.engine.pki.CertificateIssuer;
import org.postern.engine.pki.KeyPairs;

/** Certificate hierarchies for path-building tests: roots, intermediates, cross-certificates, leaves. */
public final class TestPki {

    public static final Instant NOW = Instant.now();

    /** A validity window. */
    public record Window(Instant from, Instant to) {
    }

    public static final Window VALID = new Window(NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(365)));
    public static final Window EXPIRED = new Window(NOW.minus(Duration.ofDays(400)), NOW.minus(Duration.ofDays(10)));

    /** A CA: its name, its keys and one certificate for them. */
    public record Ca(X500Name name, KeyPair keys, X509Certificate cert) {
    }

    private TestPki() {
    }

    public static Ca root(String cn, Window w) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        X500Name n = new X500Name("CN=" + cn + ",O=Test");
        return new Ca(n, k, CertificateIssuer.sign(k.getPrivate(), k.getPublic(), n, n, k.getPublic(), List.of(),
                w.from(), w.to(), true));
    }

    /** A CA certificate for new keys, issued by {@code issuer}. */
    public static Ca intermediate(Ca issuer, String cn, Window w) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        X500Name n = new X500Name("CN=" + cn + ",O=Test");
        return new Ca(n, k, CertificateIssuer.sign(issuer.keys().getPrivate(), issuer.keys().getPublic(), issuer.name(), n,
                k.getPublic(), List.of(), w.from(), w.to(), true));
    }

    /** Another certificate for {@code subject}'s name and keys, issued by {@code issuer} (a cross-certificate or a renewal). */
    public static Ca reissue(Ca issuer, Ca subject, Window w) {
        return new Ca(subject.name(), subject.keys(), CertificateIssuer.sign(issuer.keys().getPrivate(),
                issuer.keys().getPublic(), issuer.name(), subject.name(), subject.keys().getPublic(), List.of(), w.from(),
                w.to(), true));
    }

    /** An end-entity certificate for {@code dnsName} issued by {@code issuer}. */
    public static X509Certificate leaf(Ca issuer, String dnsName, Window w) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        return CertificateIssuer.sign(issuer.keys().getPrivate(), issuer.keys().getPublic(), issuer.name(),
                new X500Name("CN=" + dnsName), k.getPublic(), List.of(dnsName), w.from(), w.to(), false);
    }

    /** A self-signed end-entity certificate (CA=false), as a gateway creates for itself. */
    public static Ca selfSignedLeaf(String dnsName, Window w) {
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        X500Name n = new X500Name("CN=" + dnsName);
        return new Ca(n, k, CertificateIssuer.sign(k.getPrivate(), k.getPublic(), n, n, k.getPublic(), List.of(dnsName),
                w.from(), w.to(), false));
    }

    /**
     * A certificate that names {@code claimed} as its issuer (name and key identifier) but is
     * signed with other keys.
     */
    public static X509Certificate forgedLeaf(Ca claimed, String dnsName, Window w) {
        KeyPair forger = KeyPairs.generate(KeyType.EC_P256);
        KeyPair k = KeyPairs.generate(KeyType.EC_P256);
        return CertificateIssuer.sign(forger.getPrivate(), claimed.keys().getPublic(), claimed.name(), new X500Name("CN=" + dnsName),
                k.getPublic(), List.of(dnsName), w.from(), w.to(), false);
    }
}

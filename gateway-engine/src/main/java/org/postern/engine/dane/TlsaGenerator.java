package org.postern.engine.dane;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsaRecord;
import org.postern.engine.api.TlsaRequest;
import org.postern.engine.pki.Fqdn;
import org.postern.engine.pki.X509;

/**
 * DANE-7: builds the TLSA record (RFC 6698 §2) that authenticates a stored chain. DANE-EE (3)
 * and PKIX-EE (1) records describe the leaf; DANE-TA (2) and PKIX-TA (0) describe the top of the
 * chain (the trust anchor).
 */
public final class TlsaGenerator {

    private TlsaGenerator() {
    }

    /** The port of the service the record is for ({@code _25._tcp}). */
    public static void requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new PosternException("port " + port + " is outside 1–65535");
        }
    }

    /**
     * The MX host a record is published for, normalised: an absolute name's root dot is removed (the
     * owner name is written absolute anyway); one host name, never a wildcard.
     */
    public static String requireHost(String text) {
        String host = text == null ? "" : text.strip();
        if (host.endsWith(".")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.startsWith("*")) {
            throw new PosternException("TLSA records are published per host; give the MX host name, not a wildcard");
        }
        Fqdn.require("host", host);
        return host;
    }

    public static TlsaRecord generate(List<X509Certificate> chain, TlsaRequest request) {
        int usage = request.usage();
        int selector = request.selector();
        int matching = request.matchingType();
        if (usage < 0 || usage > 3) {
            throw new PosternException("TLSA certificate usage " + usage + " is not defined (0–3, RFC 6698 §2.1.1)");
        }
        if (selector < 0 || selector > 1) {
            throw new PosternException("TLSA selector " + selector + " is not defined (0 full certificate, 1 SubjectPublicKeyInfo)");
        }
        if (matching < 0 || matching > 2) {
            throw new PosternException("TLSA matching type " + matching + " is not defined (0 exact, 1 SHA-256, 2 SHA-512)");
        }
        requirePort(request.port());
        String host = requireHost(request.host());

        List<String> notes = new ArrayList<>();
        X509Certificate subject;
        if (usage == 1 || usage == 3) {
            subject = chain.getFirst();
        } else {
            subject = chain.getLast();
            if (chain.size() == 1 && !X509.isSelfSigned(subject)) {
                throw new PosternException("the chain has no CA certificate to publish as a trust anchor;"
                        + " upload the intermediate certificates first or use usage 3 (DANE-EE)");
            }
            if (!X509.isSelfIssued(subject)) {
                notes.add("the chain stops at an intermediate; the record names '"
                        + X509.readable(subject.getSubjectX500Principal()) + "'");
            }
        }
        if (usage == 0 || usage == 1) {
            notes.add("usages 0 (PKIX-TA) and 1 (PKIX-EE) are unusable for SMTP: MTAs ignore them (RFC 7672 §3.1.3); use 3 or 2");
        }
        if (usage == 3 && selector == 1) {
            notes.add("3 1 x records stay valid when the certificate is renewed with the same key");
        }
        if (usage == 2) {
            notes.add("publish DANE-TA records only if the server sends the trust-anchor certificate in its chain (RFC 7671 §5.2.2)");
        }
        if (matching == 0) {
            notes.add("exact-match records are long; matching type 1 (SHA-256) is recommended");
        }
        byte[] data;
        try {
            data = selector == 0 ? subject.getEncoded() : subject.getPublicKey().getEncoded();
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException(e);
        }
        byte[] association = switch (matching) {
            case 1 -> digest("SHA-256", data);
            case 2 -> digest("SHA-512", data);
            default -> data;
        };
        String owner = "_" + request.port() + "._tcp." + host + ".";
        return new TlsaRecord(owner, usage, selector, matching, HexFormat.of().formatHex(association), notes);
    }

    private static byte[] digest(String alg, byte[] data) {
        try {
            return MessageDigest.getInstance(alg).digest(data);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

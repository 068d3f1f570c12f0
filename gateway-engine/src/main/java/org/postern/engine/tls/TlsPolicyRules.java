package org.postern.engine.tls;

import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.TlsSettingsApi.TlsPolicy;

/**
 * What a TLS policy may contain (TLS-1), checked against this JDK: TLS 1.2 and 1.3 only (SSLv3 is
 * prohibited by RFC 7568, TLS 1.0 and 1.1 by RFC 8996), and only forward-secret AEAD suites — the
 * TLS 1.3 suites and, for TLS 1.2, ECDHE with AES-GCM or ChaCha20-Poly1305 (no CBC, no RSA key
 * exchange, no finite-field DHE). Anything else is refused with the list of what is allowed.
 */
public final class TlsPolicyRules {

    public static final String TLS13 = "TLSv1.3";
    public static final String TLS12 = "TLSv1.2";
    private static final List<String> PROTOCOLS = List.of(TLS13, TLS12);
    private static final Set<String> LEGACY = Set.of("SSLV2HELLO", "SSLV3", "TLSV1", "TLSV1.1");
    private static final Pattern TLS13_SUITE = Pattern.compile("TLS_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)");
    private static final Pattern TLS12_SUITE = Pattern.compile(
            "TLS_ECDHE_(ECDSA|RSA)_WITH_(AES_128_GCM_SHA256|AES_256_GCM_SHA384|CHACHA20_POLY1305_SHA256)");
    /** The defaults, in the server's order of preference (ECDSA before RSA, AES-128 before AES-256). */
    private static final List<String> DEFAULT_SUITES = List.of(
            "TLS_AES_128_GCM_SHA256", "TLS_AES_256_GCM_SHA384", "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256", "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384", "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_CHACHA20_POLY1305_SHA256", "TLS_ECDHE_RSA_WITH_CHACHA20_POLY1305_SHA256");
    /** RFC 5746 signalling value: kept in every enabled list, never part of a policy. */
    static final String RENEGOTIATION_SCSV = "TLS_EMPTY_RENEGOTIATION_INFO_SCSV";

    private static final List<String> JDK_SUITES = jdkSuites();
    /** This JDK's forward-secret AEAD suites, the defaults' order first. */
    private static final List<String> ALLOWED_SUITES = java.util.stream.Stream.concat(
            DEFAULT_SUITES.stream().filter(JDK_SUITES::contains),
            JDK_SUITES.stream().filter(s -> isAllowedSuite(s) && !DEFAULT_SUITES.contains(s))).toList();

    private TlsPolicyRules() {
    }

    public static List<String> allowedProtocols() {
        return PROTOCOLS;
    }

    public static List<String> allowedCipherSuites() {
        return ALLOWED_SUITES;
    }

    public static TlsPolicy defaults() {
        return new TlsPolicy(PROTOCOLS, DEFAULT_SUITES.stream().filter(ALLOWED_SUITES::contains).toList());
    }

    /** The policy with canonical names and duplicates removed, or a {@link PosternException} naming the first problem. */
    public static TlsPolicy validate(TlsPolicy policy) {
        List<String> protocols = new ArrayList<>(new LinkedHashSet<>(policy.protocols().stream().map(TlsPolicyRules::protocol).toList()));
        List<String> suites = new ArrayList<>(new LinkedHashSet<>(policy.cipherSuites().stream().map(TlsPolicyRules::suite).toList()));
        if (protocols.isEmpty()) {
            throw new PosternException("at least one protocol is needed; this engine supports: " + String.join(", ", PROTOCOLS));
        }
        if (suites.isEmpty()) {
            throw new PosternException("at least one cipher suite is needed; this engine supports: " + String.join(", ", ALLOWED_SUITES));
        }
        for (String p : protocols) {
            boolean usable = suites.stream().anyMatch(s -> TLS13.equals(p) == isTls13Suite(s));
            if (!usable) {
                throw new PosternException(p + " is enabled but no " + p + " cipher suite is; add one of: " + String.join(", ",
                        ALLOWED_SUITES.stream().filter(s -> TLS13.equals(p) == isTls13Suite(s)).toList()));
            }
        }
        return new TlsPolicy(protocols, suites);
    }

    /** {@code params} restricted to {@code policy}; a server also picks the suite by its own order. */
    static SSLParameters apply(TlsPolicy policy, SSLParameters params, boolean server) {
        params.setProtocols(policy.protocols().toArray(String[]::new));
        List<String> suites = new ArrayList<>(policy.cipherSuites());
        suites.add(RENEGOTIATION_SCSV);
        params.setCipherSuites(suites.toArray(String[]::new));
        if (server) {
            params.setUseCipherSuitesOrder(true);
        }
        return params;
    }

    private static String protocol(String name) {
        String n = name == null ? "" : name.strip();
        for (String p : PROTOCOLS) {
            if (p.equalsIgnoreCase(n)) {
                return p;
            }
        }
        if (LEGACY.contains(n.toUpperCase(Locale.ROOT))) {
            throw new PosternException("protocol " + n + " is refused: SSLv3 (RFC 7568) and TLS 1.0/1.1 (RFC 8996) must not be"
                    + " used; this engine supports: " + String.join(", ", PROTOCOLS));
        }
        throw new PosternException("unknown protocol '" + n + "'; this engine supports: " + String.join(", ", PROTOCOLS));
    }

    private static String suite(String name) {
        String n = name == null ? "" : name.strip().toUpperCase(Locale.ROOT);
        if (ALLOWED_SUITES.contains(n)) {
            return n;
        }
        if (JDK_SUITES.contains(n) || n.startsWith("TLS_") || n.startsWith("SSL_")) {
            String why = n.contains("_CBC_") ? "uses CBC (not AEAD)"
                    : n.startsWith("TLS_RSA_") || n.startsWith("SSL_RSA_") ? "uses RSA key exchange (no forward secrecy)"
                    : !isAllowedSuite(n) ? "is not a forward-secret AEAD suite"
                    : "is not supported by this Java runtime";
            throw new PosternException("cipher suite " + n + " " + why + "; this engine supports: " + String.join(", ", ALLOWED_SUITES));
        }
        throw new PosternException("unknown cipher suite '" + name + "' (use the IANA/JSSE name); this engine supports: "
                + String.join(", ", ALLOWED_SUITES));
    }

    static boolean isTls13Suite(String suite) {
        return TLS13_SUITE.matcher(suite).matches();
    }

    private static boolean isAllowedSuite(String suite) {
        return TLS13_SUITE.matcher(suite).matches() || TLS12_SUITE.matcher(suite).matches();
    }

    /** The suites this JDK enables by default (its security properties already removed the disabled ones). */
    private static List<String> jdkSuites() {
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, null, null);
            return List.of(ctx.getDefaultSSLParameters().getCipherSuites());
        } catch (NoSuchAlgorithmException | java.security.KeyManagementException e) {
            throw new IllegalStateException("this Java runtime offers no TLS: " + e.getMessage(), e);
        }
    }
}

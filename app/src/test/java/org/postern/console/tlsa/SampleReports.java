package org.postern.console.tlsa;

import java.time.Instant;
import java.util.List;
import org.postern.engine.api.CertificateView;
import org.postern.engine.api.DaneSetting;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.api.ProbeReport;
import org.postern.engine.api.ProbeReport.DaneState;
import org.postern.engine.api.ProbeReport.DnsStep;
import org.postern.engine.api.ProbeReport.Dnssec;
import org.postern.engine.api.ProbeReport.HostProbe;
import org.postern.engine.api.ProbeReport.TlsaCheck;
import org.postern.engine.api.TlsOutcome;

/** Probe reports built by hand: one host per DNSSEC outcome, with matched, unmatched and unusable TLSA records. */
final class SampleReports {

    static final String EE_SPKI = "3 1 1 8cb0fc6c527506a053f4f14c8464bebbd6dede2738d11468dd953d7d6a3021f1";
    static final String TA_CERT = "2 0 1 2b73bb905f9fc5a5a1a09c7f85dbb61eb5c0b4a0d8cd2d4f2e1f94c2b9d0a6e2";
    static final String PKIX_EE = "1 1 1 0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";

    private SampleReports() {
    }

    static CertificateView cert(String cn, String issuer, boolean ca) {
        return new CertificateView("CN=" + cn, "CN=" + issuer, "1a", Instant.parse("2026-06-01T00:00:00Z"),
                Instant.parse("2027-06-01T00:00:00Z"), ca ? List.of() : List.of(cn), "EC P-256", "SHA256withECDSA", ca,
                cn.equals(issuer), "aa:bb", "cc:dd", "");
    }

    /** mx1 secure and DANE-authenticated, mx2 with a bogus TLSA RRset (skipped), mx3 insecure (TLS setting applies). */
    static ProbeReport mixed() {
        HostProbe secure = new HostProbe("mx1.dane.example", "127.0.6.1:25", "MX 10", true,
                "would deliver with TLS DANE-authenticated", null, TlsOutcome.DANE, "TLSv1.3", "TLS_AES_256_GCM_SHA384",
                List.of("MX 10 mx1.dane.example", "connect 127.0.6.1:25", "STARTTLS: TLSv1.3 TLS_AES_256_GCM_SHA384",
                        "DANE: TLSA 3 1 1 matched the certificate at depth 0"),
                List.of(cert("mx1.dane.example", "Dane Example CA", false), cert("Dane Example CA", "Dane Example CA", true)),
                new DnsStep("mx1.dane.example A/AAAA", Dnssec.SECURE, List.of("127.0.6.1"), null),
                new DnsStep("_25._tcp.mx1.dane.example TLSA", Dnssec.SECURE, List.of(EE_SPKI, TA_CERT, PKIX_EE), null),
                DaneState.REQUIRED,
                List.of(new TlsaCheck(EE_SPKI, "DANE-EE(3) SPKI(1) SHA2-256(1)", null, 0),
                        new TlsaCheck(TA_CERT, "DANE-TA(2) Cert(0) SHA2-256(1)", null, null),
                        new TlsaCheck(PKIX_EE, "PKIX-EE(1) SPKI(1) SHA2-256(1)",
                                "usage 1 (PKIX-EE) is unusable for SMTP (RFC 7672 §3.1.3)", 0)));
        HostProbe bogus = new HostProbe("mx2.dane.example", null, "MX 20", false,
                "would not deliver: the TLSA lookup is bogus; the host is not used", "dnssec-invalid", null, null, null,
                List.of("MX 20 mx2.dane.example"), List.of(),
                new DnsStep("mx2.dane.example A/AAAA", Dnssec.SECURE, List.of("127.0.6.2"), null),
                new DnsStep("_25._tcp.mx2.dane.example TLSA", Dnssec.BOGUS, List.of(), "SERVFAIL: DNSSEC bogus (RRSIG invalid)"),
                DaneState.HOST_SKIPPED, List.of());
        HostProbe insecure = new HostProbe("mx3.plain.example", "127.0.6.3:25", "MX 30", true,
                "would deliver with TLS opportunistic (unverified)", null, TlsOutcome.OPPORTUNISTIC, "TLSv1.2",
                "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
                List.of("MX 30 mx3.plain.example", "connect 127.0.6.3:25", "STARTTLS: TLSv1.2 TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256"),
                List.of(cert("mx3.plain.example", "mx3.plain.example", false)),
                new DnsStep("mx3.plain.example A/AAAA", Dnssec.INSECURE, List.of("127.0.6.3"), null),
                null, DaneState.NOT_APPLICABLE, List.of());
        return new ProbeReport("dane.example", "default", OutboundTls.PREFERRED, DaneSetting.OPPORTUNISTIC,
                new DnsStep("dane.example MX", Dnssec.SECURE,
                        List.of("10 mx1.dane.example.", "20 mx2.dane.example.", "30 mx3.plain.example."), null),
                null, List.of(secure, bogus, insecure));
    }

    /** An indeterminate MX lookup: no host could be tried. */
    static ProbeReport indeterminate() {
        return new ProbeReport("lost.example", "default", OutboundTls.REQUIRED, DaneSetting.MANDATORY,
                new DnsStep("lost.example MX", Dnssec.INDETERMINATE, List.of(), "timeout after 3 tries"),
                "4.4.3 the MX lookup failed: timeout", List.of());
    }
}

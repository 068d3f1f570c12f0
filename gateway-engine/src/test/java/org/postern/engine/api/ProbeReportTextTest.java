package org.postern.engine.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postern.engine.api.ProbeReport.DaneState;
import org.postern.engine.api.ProbeReport.DnsStep;
import org.postern.engine.api.ProbeReport.Dnssec;
import org.postern.engine.api.ProbeReport.HostProbe;
import org.postern.engine.api.ProbeReport.TlsaCheck;

/** The one text form of a probe report (tlsverify, daneverify, the console's "Copy report"). */
class ProbeReportTextTest {

    private static CertificateView cert(String cn, String issuer, int depth) {
        return new CertificateView("CN=" + cn, "CN=" + issuer, "01", Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2027-01-01T00:00:00Z"), depth == 0 ? List.of(cn) : List.of(), "EC P-256",
                "SHA256withECDSA", depth > 0, false, "ab", "cd", "");
    }

    @Test
    void everyDnsStepEachTlsaRecordsFateTheChainWithDepthsAndTheVerdictAreWritten() {
        HostProbe good = new HostProbe("mx1.example.com", "192.0.2.1:25", "MX 10", true,
                "would deliver with TLS DANE-authenticated", null, TlsOutcome.DANE, "TLSv1.3", "TLS_AES_128_GCM_SHA256",
                List.of("connect 192.0.2.1:25", "STARTTLS: TLSv1.3 TLS_AES_128_GCM_SHA256"),
                List.of(cert("mx1.example.com", "Example CA", 0), cert("Example CA", "Example CA", 1)),
                new DnsStep("mx1.example.com A/AAAA", Dnssec.SECURE, List.of("192.0.2.1"), null),
                new DnsStep("_25._tcp.mx1.example.com TLSA", Dnssec.SECURE, List.of("3 1 1 aabb", "0 0 1 ccdd"), null),
                DaneState.REQUIRED,
                List.of(new TlsaCheck("3 1 1 aabb", "DANE-EE(3) SPKI(1) SHA2-256(1)", null, 0),
                        new TlsaCheck("0 0 1 ccdd", "PKIX-TA(0) Cert(0) SHA2-256(1)",
                                "usage 0 (PKIX-TA) is unusable for SMTP (RFC 7672 §3.1.3)", 1)));
        HostProbe bogus = new HostProbe("mx2.example.com", null, "MX 20", false,
                "would not deliver: TLSA lookup bogus", "dnssec-invalid", null, null, null, List.of(), List.of(),
                new DnsStep("mx2.example.com A/AAAA", Dnssec.SECURE, List.of("192.0.2.2"), null),
                new DnsStep("_25._tcp.mx2.example.com TLSA", Dnssec.BOGUS, List.of(), "signature expired"),
                DaneState.HOST_SKIPPED, List.of());
        ProbeReport r = new ProbeReport("example.com", "default", OutboundTls.PREFERRED, DaneSetting.OPPORTUNISTIC,
                new DnsStep("example.com MX", Dnssec.SECURE, List.of("10 mx1.example.com.", "20 mx2.example.com."), null),
                null, List.of(good, bogus));

        assertThat(ProbeReportText.format(r)).isEqualTo("""
                destination example.com: entry default, TLS preferred, DANE opportunistic
                lookup example.com MX: secure
                  10 mx1.example.com.
                  20 mx2.example.com.
                host mx1.example.com [192.0.2.1:25]
                  lookup mx1.example.com A/AAAA: secure
                    192.0.2.1
                  lookup _25._tcp.mx1.example.com TLSA: secure
                    3 1 1 aabb
                    0 0 1 ccdd
                    TLSA 3 1 1 aabb — DANE-EE(3) SPKI(1) SHA2-256(1): used, matched the certificate at depth 0
                    TLSA 0 0 1 ccdd — PKIX-TA(0) Cert(0) SHA2-256(1): unusable: usage 0 (PKIX-TA) is unusable for SMTP (RFC 7672 §3.1.3) (would match the certificate at depth 1)
                  DANE: secure usable TLSA records: DANE authentication required
                  connect 192.0.2.1:25
                  STARTTLS: TLSv1.3 TLS_AES_128_GCM_SHA256
                  certificate [depth 0]: CN=mx1.example.com (issuer CN=Example CA, until 2027-01-01T00:00:00Z, SANs mx1.example.com)
                    certificate [depth 1]: CN=Example CA (issuer CN=Example CA, until 2027-01-01T00:00:00Z, SANs -)
                  verdict: would deliver with TLS DANE-authenticated
                host mx2.example.com
                  lookup mx2.example.com A/AAAA: secure
                    192.0.2.2
                  lookup _25._tcp.mx2.example.com TLSA: bogus — signature expired
                  DANE: host not used
                  verdict: would not deliver: TLSA lookup bogus [dnssec-invalid]
                delivery would happen
                """);
    }

    @Test
    void aReportWithoutHostsSaysWhyAndThatDeliveryWouldDefer() {
        ProbeReport r = new ProbeReport("nowhere.example", "default", OutboundTls.REQUIRED, DaneSetting.MANDATORY,
                new DnsStep("nowhere.example MX", Dnssec.INSECURE, List.of(), null), "4.7.5 no secure MX RRset",
                List.of());
        assertThat(ProbeReportText.format(r)).isEqualTo("""
                destination nowhere.example: entry default, TLS required, DANE mandatory
                lookup nowhere.example MX: insecure — no records
                  4.7.5 no secure MX RRset
                delivery would NOT happen (mail stays queued)
                """);
    }
}

package org.postern.engine.smtp.client;

import java.util.List;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.dane.DaneAuthenticator;
import org.postern.engine.tls.CertificateVerifier;
import org.postern.engine.tls.NameMatcher;

/**
 * What TLS one delivery attempt must achieve, derived from the destination's setting (DLV-2) by
 * the delivery code; DANE (RFC 7672) narrows it per host with {@link #withDane} or
 * {@link #withMandatoryTls}.
 *
 * @param tryTls      issue STARTTLS when offered
 * @param mandatory   without TLS the attempt fails (no clear text)
 * @param verify      check the certificate
 * @param mustVerify  an unverified certificate fails the attempt
 * @param references  reference identifiers for the name check, in order
 * @param dane        when not null, the chain must be DANE-authenticated (instead of the PKIX check)
 */
public record TlsRule(OutboundTls setting, boolean tryTls, boolean mandatory, boolean verify, boolean mustVerify,
                      CertificateVerifier.Options options, List<CertificateVerifier.Reference> references,
                      DaneAuthenticator dane) {

    public TlsRule {
        references = List.copyOf(references);
    }

    public static TlsRule of(OutboundTls setting, List<CertificateVerifier.Reference> references, boolean fqdnCheck,
                             boolean algorithmCheck) {
        NameMatcher.Rule rule = setting == OutboundTls.REQUIRED_VERIFY_HOSTED ? NameMatcher.Rule.RFC6125 : NameMatcher.Rule.CN_OR_SAN;
        CertificateVerifier.Options options = new CertificateVerifier.Options(rule, fqdnCheck, algorithmCheck);
        return switch (setting) {
            case NONE -> new TlsRule(setting, false, false, false, false, options, references, null);
            case PREFERRED -> new TlsRule(setting, true, false, false, false, options, references, null);
            case REQUIRED -> new TlsRule(setting, true, true, false, false, options, references, null);
            case PREFERRED_VERIFY -> new TlsRule(setting, true, false, true, false, options, references, null);
            case REQUIRED_VERIFY, REQUIRED_VERIFY_HOSTED -> new TlsRule(setting, true, true, true, true, options, references,
                    null);
            case DEFAULT -> throw new IllegalArgumentException("resolve DEFAULT before building a TLS rule");
        };
    }

    /** The same rule without TLS, for the optional reconnect in clear after a failed handshake. */
    public TlsRule clear() {
        return new TlsRule(setting, false, false, false, false, options, references, null);
    }

    /** DANE-4/5: TLS is mandatory and the chain must be DANE-authenticated; the PKIX check does not apply. */
    public TlsRule withDane(DaneAuthenticator authenticator) {
        return new TlsRule(setting, true, true, false, false, options, references, authenticator);
    }

    /** RFC 7672 §2.2: a secure TLSA RRset without usable records: TLS is mandatory, the certificate checks stay as set. */
    public TlsRule withMandatoryTls() {
        return new TlsRule(setting, true, true, verify, mustVerify, options, references, null);
    }
}

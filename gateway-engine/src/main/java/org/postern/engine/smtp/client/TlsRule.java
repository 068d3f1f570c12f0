package org.postern.engine.smtp.client;

import java.util.List;
import org.postern.engine.api.OutboundTls;
import org.postern.engine.tls.CertificateVerifier;
import org.postern.engine.tls.NameMatcher;

/**
 * What TLS one delivery attempt must achieve, derived from the destination's setting (DLV-2) by
 * the delivery code. DANE rules will be one more way to build it, not new flags in the client.
 *
 * @param tryTls      issue STARTTLS when offered
 * @param mandatory   without TLS the attempt fails (no clear text)
 * @param verify      check the certificate
 * @param mustVerify  an unverified certificate fails the attempt
 * @param references  reference identifiers for the name check, in order
 */
public record TlsRule(OutboundTls setting, boolean tryTls, boolean mandatory, boolean verify, boolean mustVerify,
                      CertificateVerifier.Options options, List<CertificateVerifier.Reference> references) {

    public TlsRule {
        references = List.copyOf(references);
    }

    public static TlsRule of(OutboundTls setting, List<CertificateVerifier.Reference> references, boolean fqdnCheck,
                             boolean algorithmCheck) {
        NameMatcher.Rule rule = setting == OutboundTls.REQUIRED_VERIFY_HOSTED ? NameMatcher.Rule.RFC6125 : NameMatcher.Rule.CN_OR_SAN;
        CertificateVerifier.Options options = new CertificateVerifier.Options(rule, fqdnCheck, algorithmCheck);
        return switch (setting) {
            case NONE -> new TlsRule(setting, false, false, false, false, options, references);
            case PREFERRED -> new TlsRule(setting, true, false, false, false, options, references);
            case REQUIRED -> new TlsRule(setting, true, true, false, false, options, references);
            case PREFERRED_VERIFY -> new TlsRule(setting, true, false, true, false, options, references);
            case REQUIRED_VERIFY, REQUIRED_VERIFY_HOSTED -> new TlsRule(setting, true, true, true, true, options, references);
            case DEFAULT -> throw new IllegalArgumentException("resolve DEFAULT before building a TLS rule");
        };
    }

    /** The same rule without TLS, for the optional reconnect in clear after a failed handshake. */
    public TlsRule clear() {
        return new TlsRule(setting, false, false, false, false, options, references);
    }
}

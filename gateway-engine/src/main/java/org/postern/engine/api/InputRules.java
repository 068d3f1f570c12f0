package org.postern.engine.api;

import java.util.Collection;
import org.postern.engine.alerts.AlertService;
import org.postern.engine.dane.TlsaGenerator;
import org.postern.engine.pki.CertificateInput;
import org.postern.engine.policy.AddressPattern;
import org.postern.engine.policy.DestinationService;
import org.postern.engine.policy.ListenerService;
import org.postern.engine.tls.TlsPolicyRules;
import org.postern.engine.trust.CaListService;

/**
 * The engine's rules for what an administrator types, for clients that want to say what is wrong
 * before they submit (the console checks as you type). Each method runs the very check the engine
 * makes when the same value reaches the gateway API and returns the message of its refusal — the
 * text of the {@link PosternException} the API call would throw — or null when the value passes.
 *
 * <p>Pure and local: nothing here touches a store, a socket or a running engine, so a console
 * managing a remote engine checks with the same rules. Rules that depend on stored state (a name
 * already taken, a port another listener uses) are checked by the engine when the change is made.
 */
public final class InputRules {

    private InputRules() {
    }

    // ------------------------------------------------------------------ certificates (CERT-2..4, CERT-7)

    /** The common name of a new certificate; with {@code fqdnCheck} an FQDN (CERT-3). */
    public static String commonNameProblem(String commonName, boolean fqdnCheck) {
        return problem(() -> CertificateInput.commonName(commonName, fqdnCheck));
    }

    /** One more SAN dNSName of a new certificate; with {@code fqdnCheck} an FQDN (CERT-3). */
    public static String dnsNameProblem(String dnsName, boolean fqdnCheck) {
        return problem(() -> CertificateInput.dnsName(dnsName, fqdnCheck));
    }

    /** CERT-3 at import with the FQDN check: the leaf certificate's common name (if any) and SAN dNSNames. */
    public static String importedNamesProblem(CertificateView leaf) {
        return problem(() -> CertificateInput.requireFqdns(leaf));
    }

    /** Empty (no country) or an ISO 3166 two-letter code, in either case. */
    public static String countryProblem(String country) {
        return problem(() -> CertificateInput.country(country));
    }

    public static String organizationProblem(String organization) {
        return problem(() -> CertificateInput.requireOrganization(organization));
    }

    public static String organizationalUnitProblem(String organizationalUnit) {
        return problem(() -> CertificateInput.requireOrganizationalUnit(organizationalUnit));
    }

    public static String cityProblem(String city) {
        return problem(() -> CertificateInput.requireCity(city));
    }

    public static String stateProblem(String state) {
        return problem(() -> CertificateInput.requireState(state));
    }

    public static String validityDaysProblem(int days) {
        return problem(() -> CertificateInput.requireValidity(days));
    }

    /**
     * The name of a new entry (CERT-4): {@code requested}, or {@code fallback} when it is blank;
     * {@code taken} are the names in the store (compared ignoring case, as the store does).
     */
    public static String certificateEntryNameProblem(String requested, String fallback, Collection<String> taken) {
        return problem(() -> CertificateInput.entryName(requested, fallback,
                n -> taken.stream().anyMatch(n::equalsIgnoreCase)));
    }

    /** DANE-7: the MX host a TLSA record is generated for. */
    public static String tlsaHostProblem(String host) {
        return problem(() -> TlsaGenerator.requireHost(host));
    }

    public static String tlsaPortProblem(int port) {
        return problem(() -> TlsaGenerator.requirePort(port));
    }

    // ------------------------------------------------------------------ listeners (LIS-1, LIS-2)

    public static String listenerAddressProblem(String address) {
        return problem(() -> ListenerService.requireAddress(address));
    }

    public static String listenerPortProblem(int port) {
        return problem(() -> ListenerService.requirePort(port));
    }

    public static String listenerMaxConnectionsProblem(int maxConnections) {
        return problem(() -> ListenerService.requireMaxConnections(maxConnections));
    }

    public static String acceptQueueProblem(int acceptQueue) {
        return problem(() -> ListenerService.requireAcceptQueue(acceptQueue));
    }

    /** Empty, {@code localhost} or one mail domain. */
    public static String defaultDomainProblem(String domain) {
        return problem(() -> ListenerService.requireDefaultDomain(domain));
    }

    /** {@code localhost} or one mail domain (its subdomains are accepted too). */
    public static String acceptedDomainProblem(String domain) {
        return problem(() -> ListenerService.requireAcceptedDomain(domain));
    }

    /** A sender-group pattern: IP address, CIDR block, host name, or {@code .domain}. */
    public static String senderPatternProblem(String pattern) {
        return problem(() -> AddressPattern.parse(pattern));
    }

    /** A mail-flow policy's message size limit in bytes (LIS-2). */
    public static String maxMessageSizeProblem(long bytes) {
        return problem(() -> MailFlowPolicy.requireMaxMessageSize(bytes));
    }

    /** A mail-flow policy's recipient limit (LIS-2). */
    public static String maxRecipientsProblem(int recipients) {
        return problem(() -> MailFlowPolicy.requireMaxRecipients(recipients));
    }

    // ------------------------------------------------------------------ destination controls (DLV-1, DLV-9)

    /** {@code example.com}, {@code .example.com} (every subdomain) or {@code default}; a root dot is dropped. */
    public static String destinationDomainProblem(String domain) {
        return problem(() -> DestinationService.requireDomain(domain));
    }

    public static String destinationMaxConnectionsProblem(int maxConnections) {
        return problem(() -> DestinationService.requireMaxConnections(maxConnections));
    }

    /** Blank (MX routing), {@code host[:port]} or {@code [IPv6]:port}. */
    public static String routeProblem(String route) {
        return problem(() -> DestinationService.requireRoute(route));
    }

    /** The recipient domain a destination probe tests (DLV-6, DANE-7): one mail domain. */
    public static String recipientDomainProblem(String domain) {
        return problem(() -> DestinationService.requireRecipientDomain(domain));
    }

    public static String queueLifetimeProblem(int hours) {
        return problem(() -> DestinationService.requireQueueLifetime(hours));
    }

    // ------------------------------------------------------------------ TLS settings, CA lists

    /** TLS-1: a protocol and cipher-suite selection the engine can honour. */
    public static String tlsPolicyProblem(TlsSettingsApi.TlsPolicy policy) {
        return problem(() -> TlsPolicyRules.validate(policy));
    }

    /** CA-5: the version given to a new system CA list. */
    public static String caListVersionProblem(String version) {
        return problem(() -> CaListService.requireVersion(version));
    }

    // ------------------------------------------------------------------ alerts

    /** An address alerts can be sent to: {@code local-part@domain} with one mail domain or an address literal. */
    public static String alertRecipientProblem(String address) {
        return problem(() -> AlertService.requireRecipientAddress(address));
    }

    /**
     * A SHA-256 fingerprint in the engine's canonical form (upper-case hex pairs joined by colons),
     * from hex with or without colons or spaces; throws {@link PosternException} naming what is wrong.
     */
    public static String sha256Fingerprint(String text) {
        return org.postern.engine.trust.CaListService.normalizeFingerprint(text);
    }

    private static String problem(Runnable check) {
        try {
            check.run();
            return null;
        } catch (PosternException e) {
            return e.getMessage();
        }
    }
}

package org.postern.engine.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.postern.engine.api.InboundTls;
import org.postern.engine.api.ListenerApi;
import org.postern.engine.api.ListenerKind;
import org.postern.engine.api.ListenerSpec;
import org.postern.engine.api.MailFlowPolicy;
import org.postern.engine.api.PosternException;
import org.postern.engine.api.SenderGroup;
import org.postern.engine.api.TlsaRolloverCheck;
import org.postern.engine.api.TlsaRolloverException;
import org.postern.engine.pki.Fqdn;

/** Validates and stores listeners (LIS-1, LIS-2) and says what an administrator must be warned of. */
public final class ListenerService implements ListenerApi {

    public static final String DEMO_WARNING = "listener '%s' uses the demo certificate, which is not secure:"
            + " choose your own certificate";
    public static final String PUBLIC_REQUIRED_WARNING = "listener '%s' is public and policy '%s' requires TLS:"
            + " RFC 3207 §4 says a publicly-referenced MX must not require TLS; servers without TLS cannot deliver";

    private final ListenerRepository repository;
    private final Predicate<String> certificateExists;
    private final Runnable onChange;
    private final CertificateSwitchCheck switchCheck;

    /** DANE-7: checks a listener switching from one certificate entry to another (null: the demo certificate). */
    @FunctionalInterface
    public interface CertificateSwitchCheck {
        TlsaRolloverCheck check(String listener, String fromCertificate, String toCertificate);
    }

    public ListenerService(ListenerRepository repository, Predicate<String> certificateExists, Runnable onChange,
                           CertificateSwitchCheck switchCheck) {
        this.repository = repository;
        this.certificateExists = certificateExists;
        this.onChange = onChange;
        this.switchCheck = switchCheck;
    }

    @Override
    public List<ListenerSpec> list() {
        return repository.all();
    }

    @Override
    public ListenerSpec get(String name) {
        return repository.find(name).orElseThrow(() -> new PosternException("no listener named '" + name + "'"));
    }

    @Override
    public List<String> create(ListenerSpec spec) {
        validate(null, spec);
        repository.save(null, spec);
        apply(() -> repository.delete(spec.name()));
        return warnings(spec);
    }

    @Override
    public List<String> update(String name, ListenerSpec spec, boolean confirmTlsa) {
        ListenerSpec old = get(name);
        validate(old.name(), spec);
        if (!confirmTlsa) {
            TlsaRolloverCheck check = certificateChange(old, spec);
            if (check.needsConfirmation()) {
                throw new TlsaRolloverException(check);
            }
        }
        repository.save(old.name(), spec);
        apply(() -> repository.save(spec.name(), old));
        return warnings(spec);
    }

    /**
     * Applies a stored change to the running engine. When the engine cannot (a new or moved
     * listener's address and port are taken), {@code undo} restores what was stored, that is
     * applied again, and the change is refused.
     */
    private void apply(Runnable undo) {
        try {
            onChange.run();
        } catch (PosternException e) {
            undo.run();
            PosternException refused = new PosternException(e.getMessage() + "; the change was not made");
            try {
                onChange.run();
            } catch (PosternException again) {
                refused.addSuppressed(again);
            }
            throw refused;
        }
    }

    @Override
    public TlsaRolloverCheck checkCertificateChange(String name, ListenerSpec spec) {
        ListenerSpec old = get(name);
        validate(old.name(), spec);
        return certificateChange(old, spec);
    }

    private TlsaRolloverCheck certificateChange(ListenerSpec old, ListenerSpec spec) {
        String from = old.certificate();
        String to = spec.certificate();
        if (from == null ? to == null : to != null && from.equalsIgnoreCase(to)) {
            return new TlsaRolloverCheck(to == null ? "demo" : to, "listener " + old.name() + " keeps its certificate",
                    TlsaRolloverCheck.Verdict.SAFE, List.of(), List.of());
        }
        return switchCheck.check(old.name(), from, to);
    }

    @Override
    public void delete(String name) {
        ListenerSpec old = get(name);
        repository.delete(old.name());
        onChange.run();
    }

    @Override
    public List<String> warnings(ListenerSpec spec) {
        List<String> w = new ArrayList<>();
        boolean tlsUsed = spec.policies().stream().anyMatch(p -> p.tls() != InboundTls.NO);
        if (spec.certificate() == null && tlsUsed) {
            w.add(DEMO_WARNING.formatted(spec.name()));
        }
        if (spec.kind() == ListenerKind.PUBLIC) {
            spec.policies().stream().filter(p -> p.tls() == InboundTls.REQUIRED)
                    .forEach(p -> w.add(PUBLIC_REQUIRED_WARNING.formatted(spec.name(), p.name())));
        }
        return w;
    }

    void validate(String oldName, ListenerSpec s) {
        if (s.name() == null || s.name().isBlank() || !s.name().equals(s.name().strip())) {
            throw new PosternException("a listener needs a name without surrounding spaces");
        }
        if (s.kind() == null) {
            throw new PosternException("choose public or private for listener '" + s.name() + "'");
        }
        if (!s.name().equalsIgnoreCase(oldName == null ? "" : oldName) && repository.find(s.name()).isPresent()) {
            throw new PosternException("a listener named '" + s.name() + "' already exists");
        }
        requireAddress(s.address());
        requirePort(s.port());
        for (ListenerSpec other : repository.all()) {
            if (!other.name().equalsIgnoreCase(oldName == null ? "" : oldName) && other.port() == s.port()
                    && other.address().equals(s.address())) {
                throw new PosternException("listener '" + other.name() + "' already listens on " + s.address() + " port " + s.port());
            }
        }
        requireMaxConnections(s.maxConnections());
        requireAcceptQueue(s.acceptQueue());
        if (s.certificate() != null && !certificateExists.test(s.certificate())) {
            throw new PosternException("no certificate named '" + s.certificate() + "'");
        }
        requireDefaultDomain(s.defaultDomain());
        s.acceptedDomains().forEach(ListenerService::requireAcceptedDomain);
        if (s.policies().isEmpty()) {
            throw new PosternException("listener '" + s.name() + "' needs at least one mail-flow policy");
        }
        Set<String> policyNames = new HashSet<>();
        for (MailFlowPolicy p : s.policies()) {
            if (!policyNames.add(p.name().toLowerCase(Locale.ROOT))) {
                throw new PosternException("policy '" + p.name() + "' is defined twice");
            }
        }
        if (s.defaultPolicy() == null || !policyNames.contains(s.defaultPolicy().toLowerCase(Locale.ROOT))) {
            throw new PosternException("the default policy '" + s.defaultPolicy() + "' is not one of the listener's policies");
        }
        Set<String> groupNames = new HashSet<>();
        for (SenderGroup g : s.senderGroups()) {
            if (g.name() == null || g.name().isBlank() || !groupNames.add(g.name().toLowerCase(Locale.ROOT))) {
                throw new PosternException("sender group '" + g.name() + "' is unnamed or defined twice");
            }
            if (!policyNames.contains(g.policy() == null ? "" : g.policy().toLowerCase(Locale.ROOT))) {
                throw new PosternException("sender group '" + g.name() + "' names an unknown policy '" + g.policy() + "'");
            }
            g.patterns().forEach(AddressPattern::parse);
        }
    }

    // The input rules of one listener field each; the console shows their messages as you type.

    /** The address to listen on: an IP address literal ({@code 0.0.0.0} or {@code ::} for all). */
    public static void requireAddress(String address) {
        if (address == null || !IpLiteral.isLiteral(address)) {
            throw new PosternException("listener address '" + address + "' is not an IP address");
        }
    }

    public static void requirePort(int port) {
        if (port < 1 || port > 65535) {
            throw new PosternException("port " + port + " is outside 1–65535");
        }
    }

    public static void requireMaxConnections(int maxConnections) {
        if (maxConnections < 1 || maxConnections > 100_000) {
            throw new PosternException("maximum concurrent connections must be 1–100000, not " + maxConnections);
        }
    }

    public static void requireAcceptQueue(int acceptQueue) {
        if (acceptQueue < 1 || acceptQueue > 65_535) {
            throw new PosternException("the TCP accept queue must be 1–65535, not " + acceptQueue);
        }
    }

    /** The domain added to addresses without one: empty (none), {@code localhost}, or one mail domain. */
    public static void requireDefaultDomain(String domain) {
        if (domain != null && !domain.isBlank() && !domain.equalsIgnoreCase("localhost")) {
            Fqdn.requireSingle("default domain", domain);
        }
    }

    /** A domain the listener accepts mail for (its subdomains included): {@code localhost} or one mail domain. */
    public static void requireAcceptedDomain(String domain) {
        if (domain == null || !domain.equalsIgnoreCase("localhost")) {
            Fqdn.requireSingle("accepted domain", domain);
        }
    }
}

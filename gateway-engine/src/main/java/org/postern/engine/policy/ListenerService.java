package org.postern.engine.policy;

import java.net.InetAddress;
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
        try {
            InetAddress.ofLiteral(s.address());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PosternException("listener address '" + s.address() + "' is not an IP address");
        }
        if (s.port() < 1 || s.port() > 65535) {
            throw new PosternException("port " + s.port() + " is outside 1–65535");
        }
        for (ListenerSpec other : repository.all()) {
            if (!other.name().equalsIgnoreCase(oldName == null ? "" : oldName) && other.port() == s.port()
                    && other.address().equals(s.address())) {
                throw new PosternException("listener '" + other.name() + "' already listens on " + s.address() + " port " + s.port());
            }
        }
        if (s.maxConnections() < 1 || s.maxConnections() > 100_000) {
            throw new PosternException("maximum concurrent connections must be 1–100000, not " + s.maxConnections());
        }
        if (s.acceptQueue() < 1 || s.acceptQueue() > 65_535) {
            throw new PosternException("the TCP accept queue must be 1–65535, not " + s.acceptQueue());
        }
        if (s.certificate() != null && !certificateExists.test(s.certificate())) {
            throw new PosternException("no certificate named '" + s.certificate() + "'");
        }
        if (s.defaultDomain() != null && !s.defaultDomain().isBlank() && !s.defaultDomain().equalsIgnoreCase("localhost")) {
            Fqdn.require("default domain", s.defaultDomain());
        }
        for (String d : s.acceptedDomains()) {
            if (!d.equalsIgnoreCase("localhost")) {
                Fqdn.require("accepted domain", d);
            }
        }
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
}

package org.postern.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.api.CaListApi;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.EngineApi;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.api.ListenerApi;
import org.postern.engine.api.MailEvent;
import org.postern.engine.api.MailLogApi;
import org.postern.engine.api.QueueApi;
import org.postern.engine.config.Database;
import org.postern.engine.config.SecureFiles;
import org.postern.engine.config.Settings;
import org.postern.engine.log.MailLog;
import org.postern.engine.log.TextLog;
import org.postern.engine.mail.Hostname;
import org.postern.engine.pki.CertificateRepository;
import org.postern.engine.pki.CertificateService;
import org.postern.engine.pki.CertificateUsage;
import org.postern.engine.pki.KeyVault;
import org.postern.engine.policy.ListenerRepository;
import org.postern.engine.policy.ListenerService;
import org.postern.engine.queue.Spool;
import org.postern.engine.smtp.server.ListenerRuntime;
import org.postern.engine.smtp.server.SmtpSettings;
import org.postern.engine.trust.CaListRepository;
import org.postern.engine.trust.CaListService;
import org.postern.engine.trust.CaLists;
import org.postern.engine.alerts.AlertService;
import org.postern.engine.alerts.ExpiryAlerts;
import org.postern.engine.api.AlertApi;
import org.postern.engine.api.AdminApi;
import org.postern.engine.admin.AdminServer;
import org.postern.engine.admin.AdminService;
import org.postern.engine.api.DestinationApi;
import org.postern.engine.delivery.DeliveryEngine;
import org.postern.engine.delivery.DestinationProbe;
import org.postern.engine.dane.RolloverCheck;
import org.postern.engine.dns.DnsResolver;
import org.postern.engine.policy.DestinationService;
import org.postern.engine.smtp.client.DeliveryAttempt;
import org.postern.engine.tls.CertificateVerifier;
import org.postern.engine.tls.ClientContexts;
import org.postern.engine.tls.TlsContexts;
import org.postern.engine.tls.TlsSettingsService;
import org.postern.engine.api.TlsSettingsApi;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;

/** The in-process implementation of the gateway API over one data directory: the composition root. */
public final class EmbeddedGateway implements GatewayApi {

    public static final String DATABASE_FILE = "postern.db";

    /** Settings that name the certificate of a non-listener binding (CERT-1 "used by"). */
    static final String HTTPS_ADMIN_USAGE = "HTTPS admin interface";
    static final List<String[]> CERTIFICATE_BINDINGS = List.of(
            new String[] {AdminService.HTTPS_CERTIFICATE, EmbeddedGateway.HTTPS_ADMIN_USAGE},
            new String[] {"outbound.client.certificate", "outbound client certificate"});

    static {
        // before any listener exists, wherever the engine is embedded (CLI run, console)
        TlsContexts.rejectClientInitiatedRenegotiation();
    }

    private final Path dataDir;
    private final Database db;
    private final CaListService caLists;
    private final CertificateService certificates;
    private final ListenerService listeners;
    private final Spool spool;
    private final MailLog mailLog;
    private final ListenerRuntime runtime;
    private final EngineRuntime engine;
    private final DestinationService destinations;
    private final AlertService alerts;
    private final DeliveryEngine delivery;
    private final DnsConfiguration dnsConfiguration;
    private final TlsSettingsService tlsSettings;
    private final AdminService admin;
    private final AdminServer adminServer;

    /** Messages and logs hold addresses and mail: owner-only, like the keys (existing trees included). */
    private static Path ownerOnly(Path dir) {
        try {
            return SecureFiles.restrictTreeToOwner(dir);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot restrict " + dir + " to its owner: " + e.getMessage(), e);
        }
    }

    private EmbeddedGateway(Path dataDir, Database db, EngineOptions options) {
        this.dataDir = dataDir;
        this.db = db;
        Settings settings = new Settings(db);
        ListenerRepository listenerRepository = new ListenerRepository(db);
        this.tlsSettings = new TlsSettingsService(settings);
        this.caLists = new CaListService(new CaListRepository(db));
        this.dnsConfiguration = new DnsConfiguration(settings);
        Supplier<DnsResolver> dns = options.dns() != null ? options.dns() : dnsConfiguration::resolver;
        this.certificates = new CertificateService(new CertificateRepository(db), KeyVault.open(dataDir), settings,
                caLists.anchors(), bindings(settings, listenerRepository), new RolloverCheck(dns),
                listenerRepository::usingCertificate);
        certificates.installDemoCertificate();
        this.mailLog = new MailLog(db, new TextLog(dataDir.resolve("logs"), 10L * 1024 * 1024, 5));
        this.spool = new Spool(ownerOnly(dataDir.resolve("queue")), db);
        ownerOnly(dataDir.resolve("queue")); // and what the spool has just created in it
        this.listeners = new ListenerService(listenerRepository, name -> certificates.details(name) != null,
                this::applyListenerChanges, certificates::checkListenerSwitch);
        this.runtime = new ListenerRuntime(listenerRepository::all, listeners::warnings, certificates::keyMaterial,
                spool, mailLog, options.smtp(), Hostname.local(), tlsSettings.policy(TlsSettingsApi.Direction.INBOUND));
        this.destinations = new DestinationService(db, settings, name -> certificates.details(name) != null);
        this.alerts = new AlertService(db, spool, mailLog, options.alertQuietPeriod());
        CertificateVerifier verifier = new CertificateVerifier(caLists.anchors());
        Supplier<DeliveryAttempt> attempts = () -> new DeliveryAttempt(clientContext(), verifier, Hostname.local(),
                options.clientTimeouts());
        this.delivery = new DeliveryEngine(spool, destinations, dns, attempts, mailLog, alerts, options.schedule(),
                options.mxPort());
        DestinationProbe prober = new DestinationProbe(destinations, dns, attempts, options.mxPort());
        destinations.setProber(prober::probe);
        spool.onEnqueue(delivery::wake);
        spool.onIndexTrouble(text -> mailLog.log(MailEvent.of(MailEvent.Type.WARNING, text)));
        this.admin = new AdminService(settings, dataDir, name -> certificates.details(name) != null);
        this.adminServer = new AdminServer(dataDir, this, admin, this::adminContext,
                text -> mailLog.log(MailEvent.of(MailEvent.Type.WARNING, text)));
        this.engine = new EngineRuntime(dataDir, spool, mailLog, runtime, delivery,
                () -> ExpiryAlerts.check(certificates, alerts), adminServer);
        // ADM-2a: a certificate change reaches the next handshake; no listener restarts for it
        certificates.onChange(runtime::certificatesChanged);
        certificates.onChange(adminServer::certificatesChanged);
    }

    /** Opens (creating and migrating if needed) the engine state in {@code dataDir}. */
    public static EmbeddedGateway open(Path dataDir) {
        return open(dataDir, EngineOptions.defaults());
    }

    public static EmbeddedGateway open(Path dataDir, SmtpSettings smtpSettings) {
        return open(dataDir, EngineOptions.defaults().withSmtp(smtpSettings));
    }

    public static EmbeddedGateway open(Path dataDir, EngineOptions options) {
        try {
            SecureFiles.ensureOwnerOnlyDirectory(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        Database db = Database.open(dataDir.resolve(DATABASE_FILE));
        try {
            SecureFiles.restrictToOwner(dataDir.resolve(DATABASE_FILE));
            return new EmbeddedGateway(dataDir, db, options);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    /** A listener change: only the listeners it concerns restart (ADM-2a). */
    private void applyListenerChanges() {
        if (runtime != null) {
            runtime.reload();
        }
    }

    /**
     * The SMTP client context with the global outbound client certificate, if one is set (DLV-4),
     * following the outbound TLS policy (TLS-1).
     */
    private SSLContext clientContext() {
        String name = destinations.globalSettings().clientCertificate();
        SSLContext client;
        if (name == null) {
            client = ClientContexts.client(null, List.of());
        } else {
            CertificateService.KeyMaterial km = certificates.keyMaterial(name);
            client = ClientContexts.client(km.key(), km.chain());
        }
        return TlsContexts.client(client, tlsSettings.policy(TlsSettingsApi.Direction.OUTBOUND));
    }

    /** What HTTPS administration presents: the named certificate (null: the demo one), under the inbound TLS policy. */
    private AdminServer.SSLContextWithLeaf adminContext(String certificate) {
        CertificateService.KeyMaterial km = certificates.keyMaterial(certificate);
        return new AdminServer.SSLContextWithLeaf(
                TlsContexts.server(km.key(), km.chain(), tlsSettings.policy(TlsSettingsApi.Direction.INBOUND)),
                km.chain().get(0));
    }

    /**
     * Whether an engine holds {@code dataDir}'s lock (in this process or another): then changes go
     * through its control socket ({@link AdminServer#socketOf}), not to the store.
     */
    public static boolean engineRunningOn(Path dataDir) {
        return EngineRuntime.lockHeld(dataDir);
    }

    /** The control API server (HTTPS port for tests). */
    public AdminServer adminServer() {
        return adminServer;
    }

    @Override
    public AdminApi admin() {
        return admin;
    }

    private static CertificateUsage bindings(Settings settings, ListenerRepository listeners) {
        return (name, demo) -> {
            List<String> uses = new ArrayList<>();
            listeners.servedBy(name, demo).forEach(l -> uses.add("listener " + l));
            for (String[] binding : CERTIFICATE_BINDINGS) {
                settings.get(binding[0]).filter(name::equalsIgnoreCase).ifPresent(v -> uses.add(binding[1]));
            }
            // the HTTPS admin interface without a certificate of its own presents the demo certificate
            if (demo && settings.get(AdminService.HTTPS_CERTIFICATE).isEmpty() && AdminService.httpsEnabled(settings)) {
                uses.add(HTTPS_ADMIN_USAGE);
            }
            return uses;
        };
    }

    @Override
    public CertificateApi certificates() {
        return certificates;
    }

    @Override
    public CaListApi caLists() {
        return caLists;
    }

    /** The enabled CA lists' roots (CA-3): what the certificate verifier and the chain verdict trust. */
    public CaLists trustAnchors() {
        return caLists.anchors();
    }

    @Override
    public ListenerApi listeners() {
        return listeners;
    }

    @Override
    public QueueApi queue() {
        return spool;
    }

    @Override
    public MailLogApi mailLog() {
        return mailLog;
    }

    @Override
    public DestinationApi destinations() {
        return destinations;
    }

    @Override
    public org.postern.engine.api.DnsApi dns() {
        return dnsConfiguration;
    }

    @Override
    public TlsSettingsApi tls() {
        return tlsSettings;
    }

    @Override
    public AlertApi alerts() {
        return alerts;
    }

    /** The alert sender (engine-internal checks and tests). */
    public AlertService alertService() {
        return alerts;
    }

    /** Delivers due messages now (tests; {@code postern queue flush}). */
    public void flushQueue() {
        spool.flush();
        delivery.wake();
    }

    @Override
    public EngineApi engine() {
        return engine;
    }

    /** The listener runtime, for the headless daemon and tests (bound ports). */
    /** The delivery engine (to replace its clock in tests of clock jumps). */
    public DeliveryEngine deliveryEngine() {
        return delivery;
    }

    public ListenerRuntime listenerRuntime() {
        return runtime;
    }

    /** Waits until everything logged so far is stored. */
    public void flushLog() {
        mailLog.flush();
    }

    @Override
    public String location() {
        return dataDir.toString();
    }

    @Override
    public void close() {
        engine.close();
        spool.close();
        mailLog.close();
        db.close();
    }
}

package org.postern.engine;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.GatewayApi;
import org.postern.engine.config.Database;
import org.postern.engine.config.SecureFiles;
import org.postern.engine.config.Settings;
import org.postern.engine.pki.CertificateRepository;
import org.postern.engine.pki.CertificateService;
import org.postern.engine.pki.CertificateUsage;
import org.postern.engine.pki.KeyVault;
import org.postern.engine.trust.JdkTrustAnchors;

/** The in-process implementation of the gateway API, over one data directory. */
public final class EmbeddedGateway implements GatewayApi {

    public static final String DATABASE_FILE = "postern.db";

    /** Settings that name the certificate of a non-listener binding (CERT-1 "used by"). */
    static final List<String[]> CERTIFICATE_BINDINGS = List.of(
            new String[] {"admin.https.certificate", "HTTPS admin interface"},
            new String[] {"outbound.client.certificate", "outbound client certificate"});

    private final Path dataDir;
    private final Database db;
    private final CertificateService certificates;

    private EmbeddedGateway(Path dataDir, Database db, CertificateService certificates) {
        this.dataDir = dataDir;
        this.db = db;
        this.certificates = certificates;
    }

    /** Opens (creating and migrating if needed) the engine state in {@code dataDir}. */
    public static EmbeddedGateway open(Path dataDir) {
        try {
            SecureFiles.ensureOwnerOnlyDirectory(dataDir);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create the data directory " + dataDir + ": " + e.getMessage(), e);
        }
        Database db = Database.open(dataDir.resolve(DATABASE_FILE));
        try {
            SecureFiles.restrictToOwner(dataDir.resolve(DATABASE_FILE));
            Settings settings = new Settings(db);
            CertificateService certificates = new CertificateService(new CertificateRepository(db),
                    KeyVault.open(dataDir), settings, new JdkTrustAnchors(), bindings(settings));
            certificates.installDemoCertificate();
            return new EmbeddedGateway(dataDir, db, certificates);
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e instanceof RuntimeException re ? re : new IllegalStateException(e);
        }
    }

    private static CertificateUsage bindings(Settings settings) {
        return name -> {
            List<String> uses = new ArrayList<>();
            for (String[] binding : CERTIFICATE_BINDINGS) {
                settings.get(binding[0]).filter(name::equalsIgnoreCase).ifPresent(v -> uses.add(binding[1]));
            }
            return uses;
        };
    }

    @Override
    public CertificateApi certificates() {
        return certificates;
    }

    @Override
    public String location() {
        return dataDir.toString();
    }

    @Override
    public void close() {
        db.close();
    }
}

package org.postern.console.certificates;

import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.PemBundle;

/** PEM export bundles (CON-7). */
public final class ExportPemModel {

    public static final String KEY_WARNING = "This bundle contains the private key, unencrypted. "
            + "Anyone who reads the file can impersonate this server: keep it owner-only and delete it after use.";

    private final CertificateApi api;
    private final TaskExecutor executor;
    private final String entryName;
    private final ObjectProperty<PemBundle> bundle = new SimpleObjectProperty<>(this, "bundle", PemBundle.CERTIFICATE);
    private final Operation<String> export = new Operation<>();

    public ExportPemModel(CertificateApi api, TaskExecutor executor, String entryName) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.entryName = Objects.requireNonNull(entryName);
    }

    public boolean containsKey() {
        return bundle.get() == PemBundle.KEY_AND_CHAIN;
    }

    public String suggestedFileName() {
        String base = entryName.replaceAll("[^A-Za-z0-9._-]", "_");
        return switch (bundle.get()) {
            case CERTIFICATE -> base + ".crt.pem";
            case CHAIN -> base + ".chain.pem";
            case CHAIN_WITHOUT_ROOT -> base + ".fullchain.pem";
            case KEY_AND_CHAIN -> base + ".key-and-chain.pem";
        };
    }

    public void load() {
        PemBundle b = bundle.get();
        export.start(executor, "Exporting " + b + "…", p -> api.exportPem(entryName, b));
    }

    public String entryName() { return entryName; }
    public ObjectProperty<PemBundle> bundleProperty() { return bundle; }
    public Operation<String> export() { return export; }
}

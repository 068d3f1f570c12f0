package org.postern.console.certificates;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.Pkcs12Encryption;

/** The PKCS#12 export wizard (CERT-8, CON-8): password twice, encryption, file. */
public final class ExportPkcs12Model {

    private final CertificateApi api;
    private final TaskExecutor executor;
    private final String entryName;

    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty confirmation = new SimpleStringProperty(this, "confirmation", "");
    private final ObjectProperty<Pkcs12Encryption> encryption =
            new SimpleObjectProperty<>(this, "encryption", Pkcs12Encryption.AES_256);
    private final ObjectProperty<Path> file = new SimpleObjectProperty<>(this, "file");
    private final StringProperty fileText = new SimpleStringProperty(this, "fileText", "");
    private final Operation<Path> export = new Operation<>();

    public ExportPkcs12Model(CertificateApi api, TaskExecutor executor, String entryName) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.entryName = Objects.requireNonNull(entryName);
        fileText.addListener((o, a, b) -> file.set(b == null || b.isBlank() ? null : Path.of(b.trim())));
        file.addListener((o, a, b) -> {
            String text = b == null ? "" : b.toString();
            if (!text.equals(fileText.get())) {
                fileText.set(text);
            }
        });
    }

    public String passwordProblem() {
        return password.get() == null || password.get().isEmpty()
                ? "Enter a password: the private key is exported with it" : null;
    }

    public String confirmationProblem() {
        if (passwordProblem() != null) {
            return null;
        }
        return Objects.equals(password.get(), confirmation.get()) ? null : "The passwords do not match";
    }

    public String fileProblem() {
        Path f = file.get();
        if (f == null) {
            return "Choose where to save the file";
        }
        Path parent = f.toAbsolutePath().getParent();
        if (parent == null || !parent.toFile().isDirectory()) {
            return "The folder " + parent + " does not exist";
        }
        return null;
    }

    public String pageProblem() {
        String p = passwordProblem();
        if (p != null) {
            return p;
        }
        p = confirmationProblem();
        if (p != null) {
            return p;
        }
        return fileProblem();
    }

    public String encryptionWarning() {
        return encryption.get() == Pkcs12Encryption.LEGACY_3DES ? Pkcs12Encryption.LEGACY_WARNING : null;
    }

    public String suggestedFileName() {
        return entryName.replaceAll("[^A-Za-z0-9._-]", "_") + ".p12";
    }

    public void export(Runnable onExported) {
        char[] pw = password.get().toCharArray();
        Pkcs12Encryption enc = encryption.get();
        Path target = file.get();
        export.start(executor, "Exporting \"" + entryName + "\" to " + target.getFileName() + "…", p -> {
            try {
                byte[] bytes = api.exportPkcs12(entryName, pw, enc);
                CertificatesViewModel.write(target, bytes, true);
                return target;
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, path -> onExported.run());
    }

    public String entryName() { return entryName; }
    public StringProperty passwordProperty() { return password; }
    public StringProperty confirmationProperty() { return confirmation; }
    public ObjectProperty<Pkcs12Encryption> encryptionProperty() { return encryption; }
    public ObjectProperty<Path> fileProperty() { return file; }
    public StringProperty fileTextProperty() { return fileText; }
    public Operation<Path> export() { return export; }
}

package org.postern.console.certificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateSummary;

/** The "upload CA-signed certificate" wizard (CERT-6): certificate file plus optional intermediates. */
public final class UploadSignedModel {

    private final CertificateApi api;
    private final TaskExecutor executor;
    private final String entryName;
    private final StringProperty certificateFile = new SimpleStringProperty(this, "certificateFile", "");
    private final StringProperty intermediatesFile = new SimpleStringProperty(this, "intermediatesFile", "");
    private final Operation<CertificateSummary> upload = new Operation<>();

    public UploadSignedModel(CertificateApi api, TaskExecutor executor, String entryName) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.entryName = Objects.requireNonNull(entryName);
    }

    public String certificateProblem() {
        String f = certificateFile.get();
        if (f == null || f.isBlank()) {
            return "Choose the certificate file the certificate authority returned";
        }
        return Files.isRegularFile(Path.of(f.trim())) ? null : "No such file: " + f.trim();
    }

    public String intermediatesProblem() {
        String f = intermediatesFile.get();
        if (f == null || f.isBlank()) {
            return null;
        }
        return Files.isRegularFile(Path.of(f.trim())) ? null : "No such file: " + f.trim();
    }

    public String pageProblem() {
        String p = certificateProblem();
        return p != null ? p : intermediatesProblem();
    }

    /** Installs the certificate; a DANE-7 warning from the engine's check is put to {@code rollover} first. */
    public void upload(Runnable onUploaded, RolloverConfirmation rollover) {
        Path cert = Path.of(certificateFile.get().trim());
        String chain = intermediatesFile.get();
        Path chainPath = chain == null || chain.isBlank() ? null : Path.of(chain.trim());
        upload.start(executor, "Installing the signed certificate for \"" + entryName + "\"…", p -> {
            byte[] certBytes = Files.readAllBytes(cert);
            byte[] chainBytes = chainPath == null ? null : Files.readAllBytes(chainPath);
            p.update(-1, "Checking the TLSA records published for this gateway…");
            boolean confirmed = rollover.confirm(api.checkUploadSigned(entryName, certBytes, chainBytes), "Install anyway");
            p.update(-1, "Installing the signed certificate for \"" + entryName + "\"…");
            return api.uploadSigned(entryName, certBytes, chainBytes, confirmed);
        }, s -> onUploaded.run());
    }

    public String entryName() { return entryName; }
    public StringProperty certificateFileProperty() { return certificateFile; }
    public StringProperty intermediatesFileProperty() { return intermediatesFile; }
    public Operation<CertificateSummary> upload() { return upload; }
}

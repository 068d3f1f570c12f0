package org.postern.console.certificates;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.function.Supplier;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CertificateApi;
import org.postern.engine.api.CertificateSummary;
import org.postern.engine.api.InputRules;
import org.postern.engine.api.Pkcs12Contents;

/**
 * The PKCS#12 import wizard (CERT-7): file and password, then the file's contents are shown
 * before anything is stored, then name and FQDN check, then the import.
 */
public final class ImportPkcs12Model {

    private final CertificateApi api;
    private final TaskExecutor executor;
    private final Supplier<List<String>> existingNames;

    private final ObjectProperty<Path> file = new SimpleObjectProperty<>(this, "file");
    private final StringProperty fileText = new SimpleStringProperty(this, "fileText", "");
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final BooleanProperty fqdnCheck = new SimpleBooleanProperty(this, "fqdnCheck", true);
    private final Operation<Pkcs12Contents> reading = new Operation<>();
    private final Operation<CertificateSummary> importing = new Operation<>();
    private byte[] preloaded;
    private Path preloadedPath;
    private String readKey;

    public ImportPkcs12Model(CertificateApi api, TaskExecutor executor, Supplier<List<String>> existingNames) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
        this.existingNames = Objects.requireNonNull(existingNames);
        fileText.addListener((o, a, b) -> file.set(b == null || b.isBlank() ? null : Path.of(b.trim())));
        file.addListener((o, a, b) -> {
            String text = b == null ? "" : b.toString();
            if (!text.equals(fileText.get())) {
                fileText.set(text);
            }
            if (preloadedPath != null && !preloadedPath.equals(b)) {
                preloaded = null;
                preloadedPath = null;
            }
        });
        // a failed read is tried again next time, even with the same file and password
        reading.stateProperty().addListener((o, a, b) -> {
            if (b == Operation.State.FAILED || b == Operation.State.CANCELLED) {
                readKey = null;
            }
        });
    }

    /** A file that was dropped on the page: its bytes are already read. */
    public void preload(Path path, byte[] content) {
        file.set(path);
        this.preloaded = content.clone();
        this.preloadedPath = path;
    }

    public String filePageProblem() {
        Path f = file.get();
        if (preloaded != null) {
            return null;
        }
        if (f == null) {
            return "Choose the PKCS#12 file (.p12 or .pfx)";
        }
        if (!Files.isRegularFile(f)) {
            return "No such file: " + f;
        }
        return null;
    }

    /**
     * Reads the file with the password (off the FX thread) to show what it holds. A second call
     * with the same file and password keeps the earlier result.
     */
    public void read() {
        Path f = file.get();
        String key = f + "\u0000" + password.get();
        if (key.equals(readKey) && (reading.getState() == Operation.State.SUCCEEDED || reading.isRunning())) {
            return;
        }
        readKey = key;
        char[] pw = password.get().toCharArray();
        byte[] bytes = preloaded;
        reading.start(executor, "Reading " + label(f) + "…", p -> {
            byte[] content = bytes != null ? bytes : Files.readAllBytes(f);
            try {
                return api.readPkcs12(content, pw);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, contents -> {
            if (name.get() == null || name.get().isBlank()) {
                name.set(contents.suggestedName());
            }
        });
    }

    public String namePageProblem() {
        if (reading.getState() != Operation.State.SUCCEEDED) {
            return reading.getState() == Operation.State.FAILED
                    ? "Enter the password again, or go back to choose another file" : "Reading the file…";
        }
        String n = name.get() == null ? "" : name.get().trim();
        if (n.isEmpty()) {
            return "Enter a name for the certificate";
        }
        String nameProblem = InputRules.certificateEntryNameProblem(n, n, existingNames.get());
        if (nameProblem != null) {
            return nameProblem;
        }
        if (fqdnCheck.get() && reading.getResult() != null && !reading.getResult().chain().isEmpty()) {
            String problem = InputRules.importedNamesProblem(reading.getResult().chain().getFirst());
            if (problem != null) {
                return problem + " (turn the FQDN check off to import anyway)";
            }
        }
        return null;
    }

    public void importFile(Runnable onImported) {
        Path f = file.get();
        char[] pw = password.get().toCharArray();
        String n = name.get().trim();
        boolean check = fqdnCheck.get();
        byte[] bytes = preloaded;
        importing.start(executor, "Importing " + label(f) + " as \"" + n + "\"…", p -> {
            byte[] content = bytes != null ? bytes : Files.readAllBytes(f);
            try {
                return api.importPkcs12(n, content, pw, check);
            } finally {
                Arrays.fill(pw, '\0');
            }
        }, s -> onImported.run());
    }

    private static String label(Path f) {
        return f == null || f.getFileName() == null ? "the PKCS#12 data" : f.getFileName().toString();
    }

    public ObjectProperty<Path> fileProperty() { return file; }
    public StringProperty fileTextProperty() { return fileText; }
    public StringProperty passwordProperty() { return password; }
    public StringProperty nameProperty() { return name; }
    public BooleanProperty fqdnCheckProperty() { return fqdnCheck; }
    public Operation<Pkcs12Contents> reading() { return reading; }
    public Operation<CertificateSummary> importing() { return importing; }
}

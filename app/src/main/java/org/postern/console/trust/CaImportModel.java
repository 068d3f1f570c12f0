package org.postern.console.trust;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CaListApi;

/**
 * CA-2: import the CA certificates of a PEM file into the custom list, with the FQDN option. All
 * or nothing: the engine refuses the whole file when one certificate is not a CA, and says why.
 */
public final class CaImportModel {

    private final CaListApi api;
    private final TaskExecutor executor;
    private final StringProperty file = new SimpleStringProperty(this, "file", "");
    private final BooleanProperty fqdnCheck = new SimpleBooleanProperty(this, "fqdnCheck", false);
    private final Operation<Integer> importing = new Operation<>();

    CaImportModel(CaListApi api, TaskExecutor executor) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
    }

    public String fileProblem() {
        String f = file.get();
        if (f == null || f.isBlank()) {
            return "Choose a PEM file with one or more CA certificates";
        }
        return Files.isRegularFile(Path.of(f.strip())) ? null : "No such file: " + f.strip();
    }

    /** Reads the file and imports it in the background; {@code onImported} gets the number added. */
    public void importFile(Consumer<Integer> onImported) {
        Path path = Path.of(file.get().strip());
        boolean fqdn = fqdnCheck.get();
        importing.start(executor, "Importing " + path.getFileName() + " into the custom CA list…",
                p -> api.importCustom(Files.readAllBytes(path), fqdn), onImported);
    }

    public StringProperty fileProperty() { return file; }
    public BooleanProperty fqdnCheckProperty() { return fqdnCheck; }
    public Operation<Integer> importing() { return importing; }
}

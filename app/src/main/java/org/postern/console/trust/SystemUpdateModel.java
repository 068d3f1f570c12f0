package org.postern.console.trust;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import org.postern.console.common.Operation;
import org.postern.console.common.TaskExecutor;
import org.postern.engine.api.CaListApi;
import org.postern.engine.api.CaListApi.CaListInfo;
import org.postern.engine.api.InputRules;

/** CA-5: replace the system list with a newer PEM bundle from a file, under a version the administrator gives. */
public final class SystemUpdateModel {

    private final CaListApi api;
    private final TaskExecutor executor;
    private final StringProperty file = new SimpleStringProperty(this, "file", "");
    private final StringProperty version = new SimpleStringProperty(this, "version", "");
    private final Operation<CaListInfo> update = new Operation<>();

    SystemUpdateModel(CaListApi api, TaskExecutor executor) {
        this.api = Objects.requireNonNull(api);
        this.executor = Objects.requireNonNull(executor);
    }

    public String fileProblem() {
        String f = file.get();
        if (f == null || f.isBlank()) {
            return "Choose the PEM bundle with the new system roots";
        }
        return Files.isRegularFile(Path.of(f.strip())) ? null : "No such file: " + f.strip();
    }

    public String versionProblem() {
        String v = version.get() == null ? "" : version.get().strip();
        if (v.isEmpty()) {
            return "Enter a version for the new list, e.g. 2025-06 or the bundle's release";
        }
        return InputRules.caListVersionProblem(v);
    }

    public String pageProblem() {
        String p = fileProblem();
        return p != null ? p : versionProblem();
    }

    public void update(Consumer<CaListInfo> onUpdated) {
        Path path = Path.of(file.get().strip());
        String v = version.get().strip();
        update.start(executor, "Replacing the system CA list with " + path.getFileName() + "…",
                p -> api.updateSystem(Files.readAllBytes(path), v), onUpdated);
    }

    public StringProperty fileProperty() { return file; }
    public StringProperty versionProperty() { return version; }
    public Operation<CaListInfo> update() { return update; }
}

package org.postern.engine.api;

import java.util.Arrays;
import java.util.List;

/** ALR-1: alert recipients by type and severity; alerts go out as mail through the engine itself. */
public interface AlertApi {

    enum AlertType { SYSTEM, SECURITY }

    enum Severity { CRITICAL, WARNING, INFORMATION }

    record AlertRecipient(String address, AlertType type, Severity severity) {
    }

    List<AlertRecipient> recipients();

    void add(AlertRecipient recipient);

    void remove(AlertRecipient recipient);

    static <E extends Enum<E>> E parse(Class<E> type, String s) {
        return Arrays.stream(type.getEnumConstants()).filter(e -> e.name().equalsIgnoreCase(s)).findFirst()
                .orElseThrow(() -> new PosternException("unknown " + type.getSimpleName().toLowerCase() + " '" + s + "'; choose "
                        + String.join(", ", Arrays.stream(type.getEnumConstants()).map(e -> e.name().toLowerCase()).toList())));
    }
}

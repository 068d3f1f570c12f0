package org.postern.console.common;

import java.util.Optional;

/** Text clipboard access, separate so tests can look at what was copied. */
public interface ClipboardService {

    void copy(String text);

    Optional<String> text();
}

package org.postern.console.testsupport;

import java.util.Optional;
import org.postern.console.common.ClipboardService;

/** An in-memory clipboard. */
public final class TestClipboard implements ClipboardService {

    private volatile String text;

    @Override
    public void copy(String text) {
        this.text = text;
    }

    @Override
    public Optional<String> text() {
        return Optional.ofNullable(text);
    }
}

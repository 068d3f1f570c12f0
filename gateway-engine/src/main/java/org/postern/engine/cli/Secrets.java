package org.postern.engine.cli;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postern.engine.api.PosternException;

/** Reads a secret from a file, or from standard input when the path is "-" (first line only). */
final class Secrets {

    private Secrets() {
    }

    static char[] read(Path file, InputStream stdin) {
        String text;
        try {
            text = file.toString().equals("-")
                    ? new String(stdin.readAllBytes(), StandardCharsets.UTF_8)
                    : Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new PosternException("cannot read the password file " + file + ": " + e.getMessage());
        }
        int end = text.indexOf('\n');
        String line = end < 0 ? text : text.substring(0, end);
        if (line.endsWith("\r")) {
            line = line.substring(0, line.length() - 1);
        }
        return line.toCharArray();
    }
}

package org.postern.engine.testsupport;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Whether a file is locked as another process sees it: record locks belong to a process, so a
 * test cannot see from inside its own process whether the lock its engine holds is still there.
 */
public final class LockProbe {

    private LockProbe() {
    }

    /** In a JVM of its own: tries the lock on {@code args[0]} and prints "held" or "free". */
    public static void main(String[] args) throws IOException {
        try (FileChannel ch = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE); FileLock l = ch.tryLock()) {
            System.out.print(l == null ? "held" : "free");
        }
    }

    /** True when another process cannot lock {@code file} now. */
    public static boolean heldForOtherProcesses(Path file) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java, "-cp", System.getProperty("java.class.path"), LockProbe.class.getName(),
                file.toString())).redirectErrorStream(true).start();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("the lock probe did not end");
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        return switch (out) {
            case "held" -> true;
            case "free" -> false;
            default -> throw new IllegalStateException("the lock probe failed: " + out);
        };
    }
}

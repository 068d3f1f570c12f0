package org.postern.engine.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.FileSystems;

/** Creates directories and files that hold secrets owner-only (CERT-10). */
public final class SecureFiles {

    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private SecureFiles() {
    }

    /** Creates {@code dir} (and parents) with mode 0700 if it does not exist. */
    public static Path ensureOwnerOnlyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            if (POSIX) {
                Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
                try {
                    Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } catch (FileAlreadyExistsException ignored) {
                    // raced with another creator; fine
                }
            } else {
                Files.createDirectories(dir);
            }
        }
        return dir;
    }

    /** Writes a new owner-only (0600) file; fails if it exists. The data is forced to disk. */
    public static void writeNewOwnerOnly(Path file, byte[] content) throws IOException {
        if (POSIX) {
            Set<PosixFilePermission> perms = PosixFilePermissions.fromString("rw-------");
            Files.createFile(file, PosixFilePermissions.asFileAttribute(perms));
        } else {
            Files.createFile(file);
        }
        try (var ch = java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.write(java.nio.ByteBuffer.wrap(content));
            ch.force(true);
        }
    }

    /** Creates {@code file} (which must not exist) owner-only (0600) where supported and opens it for writing. */
    public static java.nio.channels.FileChannel createNewOwnerOnly(Path file) throws IOException {
        Set<StandardOpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return POSIX
                ? java.nio.channels.FileChannel.open(file, options,
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : java.nio.channels.FileChannel.open(file, options);
    }

    /** Restricts an existing file to the owner (0600) where the file system supports it. */
    public static void restrictToOwner(Path file) throws IOException {
        if (POSIX && Files.exists(file)) {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        }
    }

    /**
     * Makes {@code dir} and everything below it owner-only: creates it (0700) if missing, then sets
     * directories to 0700 and regular files to 0600, including those an earlier version left more
     * open. Symbolic links are not followed.
     */
    public static Path restrictTreeToOwner(Path dir) throws IOException {
        ensureOwnerOnlyDirectory(dir);
        if (!POSIX) {
            return dir;
        }
        Set<PosixFilePermission> dirs = PosixFilePermissions.fromString("rwx------");
        Set<PosixFilePermission> files = PosixFilePermissions.fromString("rw-------");
        try (var paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, dirs);
                } else if (Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    Files.setPosixFilePermissions(p, files);
                }
            }
        }
        return dir;
    }

    /** Opens {@code file} for appending, creating it owner-only (0600) when it does not exist. */
    public static java.nio.channels.FileChannel openOwnerOnlyForAppend(Path file) throws IOException {
        if (POSIX) {
            return java.nio.channels.FileChannel.open(file, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND), PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        return java.nio.channels.FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }
}

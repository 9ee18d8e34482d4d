package dev.skep.trust;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * How a node writes what it keeps about itself (keys, certificates, membership, Raft's group ID): only its owner may
 * read it (files 0600, directories 0700), and a crash leaves the old file or the new one, never a torn or empty one
 * (write a temporary file, fsync it, rename it over the old one, fsync the directory).
 */
public final class PrivateFiles {
    private static final Set<PosixFilePermission> FILE_MODE = PosixFilePermissions.fromString("rw-------");
    private static final Set<PosixFilePermission> DIR_MODE = PosixFilePermissions.fromString("rwx------");

    private PrivateFiles() {}

    public static void write(Path file, String text) {
        write(file, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Replaces {@code file} with {@code data}, atomically and durably, mode 0600; its directory is made 0700. */
    public static void write(Path file, byte[] data) {
        Path target = file.toAbsolutePath();
        Path dir = target.getParent();
        directory(dir);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        try {
            Files.deleteIfExists(tmp);
            try (FileChannel out = FileChannel.open(
                    tmp, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE), attributes(FILE_MODE))) {
                ByteBuffer buffer = ByteBuffer.wrap(data);
                while (buffer.hasRemaining()) out.write(buffer);
                out.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + target + ": " + e.getMessage(), e);
        }
    }

    /** Renames {@code from} over {@code to} (same directory) atomically and durably. */
    public static void replace(Path from, Path to) {
        try {
            Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            syncDirectory(to.toAbsolutePath().getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("renaming " + from + " to " + to + ": " + e.getMessage(), e);
        }
    }

    /** Creates {@code dir} (and missing parents) and makes it 0700, also when it existed with a wider mode. */
    public static void directory(Path dir) {
        try {
            if (!Files.isDirectory(dir)) {
                try {
                    Files.createDirectories(dir, attributes(DIR_MODE));
                } catch (FileAlreadyExistsException raced) {
                    // another thread made it meanwhile: tighten it below
                }
            }
            if (isPosix(dir)) Files.setPosixFilePermissions(dir, DIR_MODE);
        } catch (IOException e) {
            throw new UncheckedIOException("creating " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void syncDirectory(Path dir) {
        // the rename is durable only once the directory entry is: Linux lets a directory be opened and fsynced
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        } catch (IOException e) {
            // some file systems refuse to open a directory; the rename stays atomic, only its durability waits
        }
    }

    private static FileAttribute<?>[] attributes(Set<PosixFilePermission> mode) {
        return new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(mode)};
    }

    private static boolean isPosix(Path p) {
        return p.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}

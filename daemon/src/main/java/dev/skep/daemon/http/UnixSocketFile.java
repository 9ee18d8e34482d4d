package dev.skep.daemon.http;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.GroupPrincipal;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalNotFoundException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the API socket in place without a moment where others could connect: it is bound inside a fresh 0700
 * directory next to its final path, given mode 0660 and its group there, then renamed onto the final path.
 */
final class UnixSocketFile {
    private static final Logger LOG = LoggerFactory.getLogger(UnixSocketFile.class);

    /** Binds a socket at the path it is given; returns when it accepts connections. */
    interface Binder {
        void bind(Path socket) throws IOException, InterruptedException;
    }

    private UnixSocketFile() {}

    static void create(Path socket, String group, boolean groupRequired, Binder binder)
            throws IOException, InterruptedException {
        Path parent = socket.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Files.deleteIfExists(socket); // a stale socket left by a previous run
        Path staging = Files.createTempDirectory(
                parent, ".sk", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        try {
            Path bound = staging.resolve("s");
            binder.bind(bound);
            Files.setPosixFilePermissions(bound, PosixFilePermissions.fromString("rw-rw----"));
            if (group != null) setGroup(bound, group, groupRequired);
            Files.move(bound, socket, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(staging.resolve("s"));
            Files.deleteIfExists(staging);
        }
    }

    /** An explicit group must exist and be ours to give (as dockerd's -G); the default one is best effort. */
    private static void setGroup(Path file, String group, boolean required) throws IOException {
        try {
            GroupPrincipal principal =
                    FileSystems.getDefault().getUserPrincipalLookupService().lookupPrincipalByGroupName(group);
            Files.getFileAttributeView(file, PosixFileAttributeView.class, LinkOption.NOFOLLOW_LINKS)
                    .setGroup(principal);
        } catch (UserPrincipalNotFoundException e) {
            if (required) throw new IOException("group " + group + " for the API socket does not exist", e);
        } catch (IOException e) {
            if (required) throw new IOException("cannot give the API socket to group " + group + ": " + e, e);
            LOG.warn("the API socket keeps this process's group: cannot give it to group {}: {}", group, e.toString());
        }
    }
}

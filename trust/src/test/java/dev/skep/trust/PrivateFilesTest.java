package dev.skep.trust;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path tmp;

    @Test
    void aWrittenFileIsTheOwnersOnlyInADirectoryThatIsTheOwnersOnly() throws IOException {
        Path file = tmp.resolve("data/certificates/swarm-node.key");

        PrivateFiles.write(file, "secret");

        assertThat(Files.readString(file)).isEqualTo("secret");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tmp.resolve("data"))))
                .isEqualTo("rwx------");
    }

    @Test
    void aRewriteReplacesTheWholeFileAndLeavesNoTemporaryBehind() throws IOException {
        Path file = tmp.resolve("node.json");
        PrivateFiles.write(file, "a much longer first version");

        PrivateFiles.write(file, "v2");

        assertThat(Files.readString(file)).isEqualTo("v2");
        try (var listing = Files.list(tmp)) {
            assertThat(listing.map(p -> p.getFileName().toString())).containsExactly("node.json");
        }
    }

    @Test
    void anExistingFileWithAWiderModeIsReplacedByAPrivateOne() throws IOException {
        Path file = tmp.resolve("swarm-root-ca.crt");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        PrivateFiles.write(file, "new");

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void anExistingDirectoryIsTightened() throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("skep"));
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxr-xr-x"));

        PrivateFiles.directory(dir);

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir)))
                .isEqualTo("rwx------");
    }
}

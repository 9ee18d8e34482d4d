package dev.skep.it;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The host's dockerd and the offline test images every end-to-end test needs. */
public final class TestImages {
    static final String V1 = "skep-busybox:latest";
    static final String V2 = "skep-busybox:v2";

    private TestImages() {}

    /** Skips the calling test class when no dockerd answers; builds the test images when missing. */
    static void ensureAvailable() {
        assumeTrue(Files.exists(Path.of("/var/run/docker.sock")), "no dockerd socket at /var/run/docker.sock");
        CommandResult version =
                DockerCli.hostDockerd().run(Duration.ofSeconds(30), "version", "--format", "{{.Server.Version}}");
        assumeTrue(version.succeeded(), "no dockerd answers on /var/run/docker.sock: " + version);
        if (!present()) {
            Path script = repositoryRoot().resolve("scripts/build-test-images.sh");
            Commands.run(List.of("bash", script.toString(), DockerCli.HOST_DOCKERD), Map.of(), Duration.ofMinutes(5))
                    .assertSuccess();
        }
        if (!present()) {
            throw new AssertionError("test images " + V1 + " and " + V2 + " are still missing");
        }
    }

    private static boolean present() {
        return DockerCli.hostDockerd()
                .run("image", "inspect", "--format", "{{.Id}}", V1, V2)
                .succeeded();
    }

    /** Surefire runs in the module directory; the scripts live one level up. */
    public static Path repositoryRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !Files.exists(dir.resolve("scripts/build-test-images.sh"))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            throw new AssertionError("scripts/build-test-images.sh not found above "
                    + Path.of("").toAbsolutePath());
        }
        return dir;
    }
}

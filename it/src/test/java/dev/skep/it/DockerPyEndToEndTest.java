package dev.skep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-py (Debian's {@code python3-docker}, installed by {@code scripts/ensure-docker.sh}) drives Skep as
 * third-party tools do: among other steps, {@code services.create(...)} followed at once by {@code scale(2)}, which
 * Skep refused with "update out of sequence" while its allocator's endpoint write landed after the create's answer.
 */
class DockerPyEndToEndTest extends SingleSkepdTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void dockerPyCreatesScalesUpdatesAndRemovesServices() throws IOException {
        assumeTrue(dockerPyInstalled(), "Debian's python3-docker is not installed");
        Path script = Files.createTempFile("skep-dockerpy", ".py");
        try (InputStream in = getClass().getResourceAsStream("/dockerpy/services.py")) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            CommandResult r = Commands.run(
                    List.of(PYTHON, script.toString(), skepd.socket().toString(), TestImages.V1, TestImages.V2),
                    Map.of(),
                    Duration.ofMinutes(3));
            assertEquals(0, r.exitCode(), "docker-py script:\n" + r);
        } finally {
            Files.deleteIfExists(script);
            docker.run("network", "rm", "pynet");
        }
    }

    private static boolean dockerPyInstalled() {
        return Files.isExecutable(Path.of(PYTHON))
                && Commands.run(List.of(PYTHON, "-c", "import docker"), Map.of(), Duration.ofSeconds(30))
                                .exitCode()
                        == 0;
    }
}

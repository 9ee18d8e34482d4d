package dev.skep.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * docker-py (Debian's {@code python3-docker}, installed by {@code scripts/ensure-docker.sh}) drives Skep as
 * third-party tools do: among other steps, {@code services.create(...)} followed at once by {@code scale(2)}, which
 * Skep refused with "update out of sequence" while its allocator's endpoint write landed after the create's answer;
 * and secrets ({@code secrets.create}, a service with a {@code SecretReference}, read inside its container).
 */
class DockerPyEndToEndTest extends SingleSkepdTest {
    private static final String PYTHON = "/usr/bin/python3";

    @Test
    void dockerPyCreatesScalesUpdatesAndRemovesServices() throws IOException {
        try {
            runScript("services.py", TestImages.V1, TestImages.V2);
        } finally {
            docker.run("network", "rm", "pynet");
        }
    }

    /** Issue 13: a secret created, mounted by a service, read inside its container, listed and removed. */
    @Test
    void dockerPyCreatesASecretThatItsServiceReads() throws IOException {
        try {
            runScript("secrets.py", TestImages.V1, "/var/run/docker.sock");
        } finally {
            docker.run("service", "rm", "pysec");
            docker.run("secret", "rm", "pysecret");
        }
    }

    private void runScript(String name, String... args) throws IOException {
        assumeTrue(dockerPyInstalled(), "Debian's python3-docker is not installed");
        Path script = Files.createTempFile("skep-dockerpy", ".py");
        try (InputStream in = getClass().getResourceAsStream("/dockerpy/" + name)) {
            Files.copy(in, script, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            List<String> command = new ArrayList<>(
                    List.of(PYTHON, script.toString(), skepd.socket().toString()));
            command.addAll(List.of(args));
            CommandResult r = Commands.run(command, Map.of(), Duration.ofMinutes(3));
            assertEquals(0, r.exitCode(), "docker-py script " + name + ":\n" + r);
        } finally {
            Files.deleteIfExists(script);
        }
    }

    private static boolean dockerPyInstalled() {
        return Files.isExecutable(Path.of(PYTHON))
                && Commands.run(List.of(PYTHON, "-c", "import docker"), Map.of(), Duration.ofSeconds(30))
                                .exitCode()
                        == 0;
    }
}

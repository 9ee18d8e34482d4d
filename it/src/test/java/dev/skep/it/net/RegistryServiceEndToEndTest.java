package dev.skep.it.net;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skep.it.DockerCli;
import dev.skep.it.HostOverlay;
import dev.skep.it.SkepProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Issue #6 point 6 on one node: a registry runs as a Skep service with {@code --publish 5000:5000} (image built
 * offline from Debian's docker-registry by scripts/build-registry-image.sh); the node's dockerd pushes to
 * {@code 127.0.0.1:5000} through the routing mesh, and a service whose image exists only in that registry starts
 * because the Docker executor pulls it through the same published port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryServiceEndToEndTest {
    private static final String REGISTRY_IMAGE = "skep-registry:2.8";
    private static final String PUSHED = "127.0.0.1:5000/skep-pushed:1";
    private final DockerCli host = DockerCli.hostDockerd();
    private SkepProcess skepd;
    private DockerCli docker;

    @BeforeAll
    void start() {
        HostOverlay.assumeUsable();
        HostOverlay.assumeImage(REGISTRY_IMAGE, "scripts/build-registry-image.sh");
        assumeTrue(!host.run("image", "inspect", PUSHED).succeeded(), PUSHED + " exists already on this host");
        skepd = SkepProcess.start();
        docker = skepd.docker();
        docker.ok("swarm", "init");
    }

    @AfterAll
    void stop() {
        if (skepd == null) return;
        docker.run("service", "rm", "pulled", "registry");
        await().atMost(Duration.ofSeconds(60))
                .until(() ->
                        containers("pulled").isEmpty() && containers("registry").isEmpty());
        host.run("image", "rm", PUSHED);
        skepd.close();
    }

    @Test
    void anImagePushedToTheRegistryServiceRunsAsAService() {
        docker.ok(
                "service",
                "create",
                "--detach",
                "--no-resolve-image",
                "--name",
                "registry",
                "--publish",
                "5000:5000",
                REGISTRY_IMAGE);
        await().atMost(Duration.ofSeconds(60))
                .until(() -> containers("registry").size() == 1);

        host.ok("tag", "skep-busybox:latest", PUSHED);
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .until(() -> host.run(Duration.ofSeconds(30), "push", PUSHED).succeeded());
        host.ok("image", "rm", PUSHED);
        assertThat(host.run("image", "inspect", PUSHED).succeeded())
                .as("only the registry has it")
                .isFalse();

        docker.ok(
                "service",
                "create",
                "--detach",
                "--no-resolve-image",
                "--name",
                "pulled",
                "--replicas",
                "2",
                PUSHED,
                "sleep",
                "100000");
        await().atMost(Duration.ofSeconds(90)).until(() -> containers("pulled").size() == 2);
        assertThat(host.run("image", "inspect", PUSHED).succeeded())
                .as("pulled from the registry service")
                .isTrue();
    }

    private List<String> containers(String service) {
        return host
                .ok(
                        "ps",
                        "-q",
                        "--filter",
                        "label=com.docker.swarm.node.id=" + skepd.nodeId(),
                        "--filter",
                        "label=com.docker.swarm.service.name=" + service)
                .lines()
                .stream()
                .filter(l -> !l.isBlank())
                .toList();
    }
}

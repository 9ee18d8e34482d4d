package dev.skep.it;

import static dev.skep.it.Convergence.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Generic resources as HPC users use them: skepd offers two (fake) GPUs by name ({@code --node-generic-resource}),
 * {@code docker service create --generic-resource gpu=1} places one task per GPU, tells each task its GPU in
 * {@code DOCKER_RESOURCE_GPU}, and leaves the third task pending with Swarm's "insufficient resources".
 */
class GenericResourcesEndToEndTest extends SingleSkepdTest {
    @Override
    protected String[] daemonArgs() {
        return new String[] {"--node-generic-resource", "gpu=GPU-aaa", "--node-generic-resource", "gpu=GPU-bbb"};
    }

    @AfterEach
    void removeServices() {
        docker.run("service", "rm", "gpu");
    }

    @Test
    void eachTaskGetsItsOwnGpuAndWhatDoesNotFitWaits() {
        eventually()
                .untilAsserted(() -> assertThat(docker.ok(
                                        "node",
                                        "inspect",
                                        "self",
                                        "--format",
                                        "{{range .Description.Resources.GenericResources}}"
                                                + "{{.NamedResourceSpec.Kind}}={{.NamedResourceSpec.Value}} {{end}}")
                                .stdout()
                                .strip())
                        .isEqualTo("gpu=GPU-aaa gpu=GPU-bbb"));

        docker.ok(
                "service",
                "create",
                "--detach",
                "--name",
                "gpu",
                "--replicas",
                "3",
                "--generic-resource",
                "gpu=1",
                TestImages.V1,
                "sleep",
                "1000");

        eventually()
                .untilAsserted(() ->
                        assertThat(HostContainer.running(skepd.nodeId(), "gpu")).hasSize(2));
        eventually()
                .untilAsserted(() -> assertThat(ServiceTask.list(docker, "gpu"))
                        .anySatisfy(t -> assertThat(t.error()).contains("insufficient resources on 1 node")));
        List<String> gpus = HostContainer.running(skepd.nodeId(), "gpu").stream()
                .map(c -> DockerCli.hostDockerd()
                        .ok("inspect", "--format", "{{range .Config.Env}}{{println .}}{{end}}", c.id())
                        .lines()
                        .stream()
                        .filter(e -> e.startsWith("DOCKER_RESOURCE_GPU="))
                        .findFirst()
                        .orElse("none"))
                .sorted()
                .toList();
        assertThat(gpus).containsExactly("DOCKER_RESOURCE_GPU=GPU-aaa", "DOCKER_RESOURCE_GPU=GPU-bbb");
    }
}

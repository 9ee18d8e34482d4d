package dev.skep.it.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A replicated job spread over a three-node swarm runs to completion in real containers. */
class JobEndToEndTest extends SwarmEndToEndTest {

    @Test
    void replicatedJobCompletesAcrossNodes() {
        swarm.createService(
                "--name",
                "batch",
                "--mode",
                "replicated-job",
                "--replicas",
                "4",
                "--max-concurrent",
                "2",
                DockerSwarm.IMAGE,
                "sh",
                "-c",
                "sleep 2");

        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> assertThat(swarm.docker()
                                .ok("service", "ls", "--filter", "name=batch", "--format", "{{.Mode}}|{{.Replicas}}")
                                .stdout()
                                .strip())
                        .isEqualTo("replicated job|0/2 (4/4 completed)"));

        List<String> tasks = swarm.docker()
                .ok("service", "ps", "batch", "--format", "{{.Node}}|{{.DesiredState}}|{{.CurrentState}}")
                .lines();
        assertThat(tasks).hasSize(4).allSatisfy(t -> assertThat(t).contains("|Complete|Complete"));
        assertThat(tasks.stream()
                        .map(t -> t.substring(0, t.indexOf('|')))
                        .distinct()
                        .count())
                .as("spread over the nodes")
                .isGreaterThanOrEqualTo(2);
        assertThat(swarm.allContainers("batch"))
                .as("no job container still running")
                .isEmpty();
    }
}

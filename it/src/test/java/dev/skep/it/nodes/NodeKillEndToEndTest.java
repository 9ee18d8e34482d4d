package dev.skep.it.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skep.it.SkepProcess;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A worker's skepd dies (SIGKILL) with a 1 s heartbeat: the manager marks it Down after three missed
 * heartbeats and its replicated tasks run elsewhere; its global task is given up. When it comes back from
 * its data dir it gets no duplicates: the agent removes the containers its COMPLETE assignment set no longer
 * lists. (Its containers outlive the killed skepd on the shared dockerd until then.)
 */
class NodeKillEndToEndTest extends SwarmEndToEndTest {
    private static final int REPLICAS = 6;

    @Test
    void tasksOfAKilledWorkerRunElsewhereAndItGetsNoDuplicatesWhenItReturns() {
        SkepProcess victim = swarm.workers().get(0);
        String victimHost = victim.nodeName();
        create("web", "--replicas", String.valueOf(REPLICAS));
        create("mon", "--mode", "global");
        await().atMost(Duration.ofSeconds(120))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(swarm.runningOn("web")).hasSize(REPLICAS).contains(victimHost);
                    assertThat(swarm.runningOn("mon")).hasSize(3);
                });
        long onVictim =
                swarm.runningOn("web").stream().filter(victimHost::equals).count();

        long killedAt = System.nanoTime();
        victim.kill();
        await().atMost(Duration.ofSeconds(60))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(100))
                .untilAsserted(() ->
                        assertThat(swarm.runningOn("web")).hasSize(REPLICAS).doesNotContain(victimHost));
        Duration moved = Duration.ofNanos(System.nanoTime() - killedAt);
        System.out.printf(
                "NodeKillEndToEndTest: %d task(s) of the killed worker Running elsewhere %d ms after "
                        + "kill -9 (heartbeat 1 s)%n",
                onVictim, moved.toMillis());

        assertThat(swarm.status(victim)).isEqualTo("down");
        assertThat(swarm.docker()
                        .ok("node", "ls", "--filter", "name=" + victimHost, "--format", "{{.Status}}")
                        .stdout()
                        .strip())
                .isEqualTo("Down");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(
                        () -> assertThat(swarm.runningOn("mon")).hasSize(2).doesNotContain(victimHost));
        // Dead node, live containers: the shared dockerd still runs what the killed skepd started.
        assertThat(DockerSwarm.containers(victim, "web")).hasSize((int) onVictim);

        victim.restart();

        await().atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(() -> {
                    assertThat(swarm.status(victim)).isEqualTo("ready");
                    assertThat(DockerSwarm.containers(victim, "web")).isEmpty();
                    assertThat(swarm.allContainers("web")).hasSize(REPLICAS);
                    assertThat(swarm.runningOn("mon")).hasSize(3).contains(victimHost);
                    assertThat(DockerSwarm.containers(victim, "mon")).hasSize(1);
                });
        // And it stays that way: nothing re-creates the replaced tasks on the returned node.
        await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            assertThat(swarm.allContainers("web")).hasSize(REPLICAS);
            assertThat(swarm.runningOn("web")).hasSize(REPLICAS);
        });
    }

    private void create(String name, String... args) {
        List<String> all = new java.util.ArrayList<>(List.of("--name", name));
        all.addAll(List.of(args));
        all.add(DockerSwarm.IMAGE);
        all.addAll(DockerSwarm.SLEEPER);
        swarm.createService(all.toArray(String[]::new));
    }
}

package dev.skep.it.nodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skep.it.SkepProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.core.ThrowingRunnable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code docker node update} on a three-node swarm with real containers: drain moves replicated tasks away
 * and stops global ones, pause keeps tasks but takes no new ones, active takes new ones again; label
 * changes move global tasks, and replicated tasks only when they break a constraint.
 */
class DrainEndToEndTest extends SwarmEndToEndTest {
    private SkepProcess w1;
    private SkepProcess w2;
    private String m1Host;

    @BeforeAll
    void pickNodes() {
        w1 = swarm.workers().get(0);
        w2 = swarm.workers().get(1);
        m1Host = swarm.manager().nodeName();
    }

    /** Each test starts from active nodes without labels and no services. */
    @AfterEach
    void reset() {
        for (String id : swarm.docker().ok("service", "ls", "-q").lines())
            swarm.docker().ok("service", "rm", id);
        for (SkepProcess w : swarm.workers()) {
            swarm.docker().ok("node", "update", "--availability", "active", w.nodeId());
            swarm.docker().run("node", "update", "--label-rm", "zone", w.nodeId()); // fails when there is none
        }
    }

    @Test
    void drainPauseAndActive() {
        create("web", "--replicas", "6");
        create("mon", "--mode", "global");
        converge(() -> {
            assertThat(swarm.runningOn("web")).hasSize(6).contains(w1.nodeName());
            assertThat(swarm.runningOn("mon")).hasSize(3);
        });

        nodeUpdate(w1, "--availability", "drain");

        converge(() -> {
            assertThat(swarm.runningOn("web")).hasSize(6).doesNotContain(w1.nodeName());
            assertThat(swarm.runningOn("mon")).hasSize(2).doesNotContain(w1.nodeName());
            assertThat(DockerSwarm.containers(w1, "web")).isEmpty();
            assertThat(DockerSwarm.containers(w1, "mon")).isEmpty();
        });

        nodeUpdate(w2, "--availability", "pause");
        long onW2 = count(swarm.runningOn("web"), w2.nodeName());
        swarm.docker().ok("service", "scale", "-d", "web=8");

        converge(() -> {
            List<String> web = swarm.runningOn("web");
            assertThat(web).hasSize(8).doesNotContain(w1.nodeName());
            assertThat(count(web, w2.nodeName()))
                    .as("a paused node keeps its tasks, gets none")
                    .isEqualTo(onW2);
            assertThat(swarm.runningOn("mon")).contains(w2.nodeName());
        });

        nodeUpdate(w1, "--availability", "active");
        nodeUpdate(w2, "--availability", "active");
        // No rebalancing of running tasks (as in Swarm); new tasks go to the emptiest nodes.
        assertThat(swarm.runningOn("web")).doesNotContain(w1.nodeName());
        swarm.docker().ok("service", "scale", "-d", "web=10");

        converge(() -> {
            List<String> web = swarm.runningOn("web");
            assertThat(web).hasSize(10).contains(w1.nodeName());
            assertThat(swarm.runningOn("mon")).hasSize(3).contains(w1.nodeName());
            assertThat(swarm.allContainers("web")).hasSize(10);
        });
    }

    @Test
    void labelsMoveGlobalTasksAndOnlyReplicatedTasksThatBreakAConstraint() {
        nodeUpdate(w1, "--label-add", "zone=x");
        create("zoned", "--replicas", "2", "--constraint", "node.labels.zone==x");
        create("zglobal", "--mode", "global", "--constraint", "node.labels.zone==x");
        converge(() -> {
            assertThat(swarm.runningOn("zoned")).containsExactly(w1.nodeName(), w1.nodeName());
            assertThat(swarm.runningOn("zglobal")).containsExactly(w1.nodeName());
        });

        nodeUpdate(w2, "--label-add", "zone=x");

        converge(() -> assertThat(swarm.runningOn("zglobal")).containsExactlyInAnyOrder(w1.nodeName(), w2.nodeName()));
        assertThat(swarm.runningOn("zoned"))
                .as("still satisfied: not moved")
                .containsExactly(w1.nodeName(), w1.nodeName());

        nodeUpdate(w1, "--label-rm", "zone");

        converge(() -> {
            assertThat(swarm.runningOn("zoned")).containsExactly(w2.nodeName(), w2.nodeName());
            assertThat(swarm.runningOn("zglobal")).containsExactly(w2.nodeName());
        });
        // The rejected tasks' containers on w1 stop: nothing keeps running for a task the cluster ended.
        converge(() -> assertThat(dev.skep.it.DockerCli.hostDockerd()
                        .ok(
                                "ps",
                                "-q",
                                "--filter",
                                "label=com.docker.swarm.service.name=zoned",
                                "--filter",
                                "label=com.docker.swarm.node.id=" + w1.nodeId())
                        .stdout()
                        .trim())
                .isEmpty());
        assertThat(swarm.docker()
                        .ok("service", "ps", "zoned", "--no-trunc", "--format", "{{.Error}}")
                        .stdout())
                .contains("assigned node no longer meets constraints");
        assertThat(swarm.runningOn("zoned")).doesNotContain(m1Host);
    }

    private void nodeUpdate(SkepProcess node, String... args) {
        List<String> all = new ArrayList<>(List.of("node", "update"));
        all.addAll(List.of(args));
        all.add(node.nodeId());
        swarm.docker().ok(all.toArray(String[]::new));
    }

    private void create(String name, String... args) {
        List<String> all = new ArrayList<>(List.of("--name", name));
        all.addAll(List.of(args));
        all.add(DockerSwarm.IMAGE);
        all.addAll(DockerSwarm.SLEEPER);
        swarm.createService(all.toArray(String[]::new));
    }

    private static long count(List<String> hosts, String host) {
        return hosts.stream().filter(host::equals).count();
    }

    private static void converge(ThrowingRunnable assertion) {
        await().atMost(Duration.ofSeconds(90))
                .pollDelay(Duration.ZERO)
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(assertion);
    }
}

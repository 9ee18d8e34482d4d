package dev.skep.it.ha.lifecycle;

import static dev.skep.it.ha.lifecycle.Swarm.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.it.CommandResult;
import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.SkepProcess;
import dev.skep.it.ha.SkepCluster;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #3 point 2 end to end ({@code --executor sim}): one manager and two workers; the workers are promoted
 * one by one with the docker CLI until three managers show Reachable; the leader is killed and the others
 * still take writes; a demotion that would lose quorum is refused; the killed manager comes back and a
 * promoted node is demoted again, keeping its tasks. The steps run in order on one swarm.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeLifecycleEndToEndTest {
    private SkepCluster cluster;
    private SkepProcess m1;
    private SkepProcess w1;
    private SkepProcess w2;
    private List<String> w2TasksBeforeDemotion;

    @RegisterExtension
    final SkepLogOnFailure logsOnFailure =
            SkepLogOnFailure.forLogs(() -> cluster == null ? null : "logs:" + cluster.logTails());

    @BeforeAll
    void startSwarm() {
        cluster = SkepCluster.start(1, 2);
        m1 = cluster.managers().getFirst();
        w1 = cluster.workers().get(0);
        w2 = cluster.workers().get(1);
        Swarm.createService(m1, "web", 6);
        eventually()
                .untilAsserted(() -> assertThat(Swarm.runningTasksOn(m1, "web", w2.nodeName()))
                        .isNotEmpty());
    }

    @AfterAll
    void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    @Order(1)
    void demotingTheLastManagerIsRefused() {
        CommandResult r = m1.docker().run("node", "demote", m1.nodeName());
        assertThat(r.succeeded()).isFalse();
        assertThat(r.output()).contains("attempting to demote the last manager of the swarm");
    }

    @Test
    @Order(2)
    void aPromotedWorkerBecomesAReachableManager() {
        m1.docker().ok("node", "promote", w1.nodeName());
        eventually()
                .untilAsserted(() -> assertThat(Swarm.managerStatus(m1))
                        .containsEntry(m1.nodeName(), "Leader")
                        .containsEntry(w1.nodeName(), "Reachable"));
        eventually().until(() -> Swarm.isManager(w1));
        assertThat(Swarm.managerStatus(w1)).containsEntry(w1.nodeName(), "Reachable");
    }

    @Test
    @Order(3)
    void removingAManagerIsRefused() {
        CommandResult r = m1.docker().run("node", "rm", "--force", w1.nodeName());
        assertThat(r.succeeded()).isFalse();
        assertThat(r.output())
                .contains("is a cluster manager and is a member of the raft cluster. It must be "
                        + "demoted to worker before removal");
    }

    @Test
    @Order(4)
    void updateRoleManagerMakesAThirdManager() {
        m1.docker().ok("node", "update", "--role", "manager", w2.nodeName());
        eventually()
                .untilAsserted(() -> assertThat(Swarm.managerStatus(m1))
                        .containsEntry(w2.nodeName(), "Reachable")
                        .containsEntry(w1.nodeName(), "Reachable")
                        .containsEntry(m1.nodeName(), "Leader"));
        eventually().until(() -> Swarm.isManager(w2));
    }

    @Test
    @Order(5)
    void afterKillingTheLeaderTheOthersTakeWrites() {
        m1.kill();
        eventually()
                .untilAsserted(() -> assertThat(Swarm.leaderName(w1))
                        .hasValueSatisfying(leader -> assertThat(leader).isIn(w1.nodeName(), w2.nodeName())));
        Swarm.createService(w2, "after-failover", 1);
        eventually()
                .untilAsserted(() -> assertThat(w1.docker()
                                .ok("service", "ls", "--format", "{{.Name}}")
                                .lines())
                        .contains("web", "after-failover"));
    }

    @Test
    @Order(6)
    void demotingWhileAManagerIsDownIsRefusedForQuorum() {
        eventually()
                .untilAsserted(() -> assertThat(Swarm.managerStatus(w1)).containsEntry(m1.nodeName(), "Unreachable"));
        CommandResult r = w1.docker().run("node", "demote", w2.nodeName());
        assertThat(r.succeeded()).isFalse();
        assertThat(r.output()).contains("can't remove member from the raft: this would result in a loss of quorum");
    }

    @Test
    @Order(7)
    void aDemotedManagerBecomesAWorkerAndKeepsItsTasks() {
        m1.restart();
        eventually().untilAsserted(() -> assertThat(Swarm.managerStatus(w1)).containsEntry(m1.nodeName(), "Reachable"));
        w2TasksBeforeDemotion = Swarm.runningTasksOn(w1, "web", w2.nodeName());
        assertThat(w2TasksBeforeDemotion).isNotEmpty();

        w1.docker().ok("node", "demote", w2.nodeName());
        eventually().untilAsserted(() -> {
            Map<String, String> status = Swarm.managerStatus(w1);
            assertThat(status).containsEntry(w2.nodeName(), "");
            assertThat(status.values()).filteredOn(s -> !s.isEmpty()).hasSize(2);
        });
        eventually().until(() -> !Swarm.isManager(w2));
        CommandResult onWorker = w2.docker().run("node", "ls");
        assertThat(onWorker.output()).contains("This node is not a swarm manager.");
        assertThat(w1.docker()
                        .ok("node", "inspect", "--format", "{{.Spec.Role}}", w2.nodeName())
                        .stdout()
                        .strip())
                .isEqualTo("worker");
    }

    @Test
    @Order(8)
    void theDemotedNodesTasksKeepRunning() {
        eventually()
                .during(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(Swarm.runningTasksOn(w1, "web", w2.nodeName()))
                        .isEqualTo(w2TasksBeforeDemotion));
    }
}

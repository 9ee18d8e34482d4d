package dev.skep.it.ha.lifecycle;

import static dev.skep.it.ha.lifecycle.Swarm.eventually;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.it.SkepLogOnFailure;
import dev.skep.it.SkepProcess;
import dev.skep.it.ha.SkepCluster;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue #3 point 3: {@code docker swarm init --force-new-cluster} on the one manager left of three makes it the
 * single manager and leader of a writable swarm that still has every service; the lost managers drop out of the
 * Raft group (no manager status) and, being down and out of the group, can be removed.
 */
class ForceNewClusterEndToEndTest {
    private SkepCluster cluster;

    @RegisterExtension
    final SkepLogOnFailure logsOnFailure =
            SkepLogOnFailure.forLogs(() -> cluster == null ? null : "logs:" + cluster.logTails());

    @AfterEach
    void stop() {
        if (cluster != null) cluster.close();
    }

    @Test
    void theSurvivorOfALostQuorumRecoversWithAllServices() {
        cluster = SkepCluster.start(3, 0);
        SkepProcess m1 = cluster.managers().get(0);
        SkepProcess m2 = cluster.managers().get(1);
        SkepProcess m3 = cluster.managers().get(2);
        for (int i = 1; i <= 3; i++) Swarm.createService(m1, "svc-" + i, 1);
        eventually()
                .untilAsserted(() -> assertThat(m3.docker()
                                .ok("service", "ls", "--format", "{{.Name}}")
                                .lines())
                        .containsExactlyInAnyOrder("svc-1", "svc-2", "svc-3"));

        m1.kill();
        m2.kill();
        m3.docker().ok(Duration.ofSeconds(120), "swarm", "init", "--force-new-cluster");

        eventually().untilAsserted(() -> {
            Map<String, String> status = Swarm.managerStatus(m3);
            assertThat(status)
                    .containsEntry(m3.nodeName(), "Leader")
                    .containsEntry(m1.nodeName(), "")
                    .containsEntry(m2.nodeName(), "");
        });
        assertThat(m3.docker().ok("service", "ls", "--format", "{{.Name}}").lines())
                .containsExactlyInAnyOrder("svc-1", "svc-2", "svc-3");
        Swarm.createService(m3, "after-recovery", 1);
        assertThat(m3.docker().ok("service", "ls", "--format", "{{.Name}}").lines())
                .contains("after-recovery");
        eventually()
                .untilAsserted(() -> assertThat(Swarm.runningTasksOn(m3, "after-recovery", m3.nodeName()))
                        .hasSize(1));

        m3.docker().ok("node", "rm", "--force", m1.nodeName());
        assertThat(Swarm.managerStatus(m3)).doesNotContainKey(m1.nodeName());
    }
}

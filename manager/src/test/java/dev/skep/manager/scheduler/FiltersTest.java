package dev.skep.manager.scheduler;

import static dev.skep.manager.scheduler.Fixtures.CPU;
import static dev.skep.manager.scheduler.Fixtures.GB;
import static dev.skep.manager.scheduler.Fixtures.constraints;
import static dev.skep.manager.scheduler.Fixtures.node;
import static dev.skep.manager.scheduler.Fixtures.reserve;
import static dev.skep.manager.scheduler.Fixtures.spec;
import static dev.skep.manager.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Placement;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FiltersTest {
    private final NodeInfo ready = new NodeInfo(node("n1", Map.of("zone", "a")));

    private static Task plain() {
        return task("t1", "s1", 1, spec(), TaskState.PENDING, null);
    }

    @Test
    void readyFilterWantsReadyAndActiveNodes() {
        ReadyFilter f = new ReadyFilter();
        assertThat(f.setTask(plain())).isTrue();

        assertThat(f.check(ready)).isTrue();
        assertThat(f.check(new NodeInfo(Fixtures.withState(node("n2"), "down"))))
                .isFalse();
        assertThat(f.check(new NodeInfo(Fixtures.withAvailability(node("n3"), "pause"))))
                .isFalse();
        assertThat(f.check(new NodeInfo(Fixtures.withAvailability(node("n4"), "drain"))))
                .isFalse();
        assertThat(f.explain(1)).isEqualTo("1 node not available for new tasks");
        assertThat(f.explain(3)).isEqualTo("3 nodes not available for new tasks");
    }

    @Test
    void resourceFilterComparesReservationsWithWhatIsLeft() {
        ResourceFilter f = new ResourceFilter();
        assertThat(f.setTask(plain())).isFalse();
        Task big = task("t2", "s1", 1, spec(null, reserve(3 * CPU, GB)), TaskState.PENDING, null);
        assertThat(f.setTask(big)).isTrue();

        assertThat(f.check(ready)).isTrue();
        ready.addTask(task("t3", "s2", 1, spec(null, reserve(2 * CPU, 0)), TaskState.RUNNING, "n1"), Set.of());
        assertThat(ready.availableCpus()).isEqualTo(2 * CPU);
        assertThat(f.check(ready)).isFalse();
        ready.removeTask("t3");
        assertThat(f.check(ready)).isTrue();

        f.setTask(task("t4", "s1", 1, spec(null, reserve(0, 9 * GB)), TaskState.PENDING, null));
        assertThat(f.check(ready)).isFalse();
        assertThat(f.explain(2)).isEqualTo("insufficient resources on 2 nodes");
    }

    @Test
    void constraintFilterAppliesOnlyWithConstraints() {
        ConstraintFilter f = new ConstraintFilter();
        assertThat(f.setTask(plain())).isFalse();
        assertThat(f.setTask(
                        task("t", "s", 1, spec(constraints("node.labels.zone==a"), null), TaskState.PENDING, null)))
                .isTrue();
        assertThat(f.check(ready)).isTrue();

        f.setTask(task("t", "s", 1, spec(constraints("node.labels.zone==b"), null), TaskState.PENDING, null));
        assertThat(f.check(ready)).isFalse();
        assertThat(f.explain(1)).isEqualTo("scheduling constraints not satisfied on 1 node");
    }

    @Test
    void platformFilterNormalisesArchitectures() {
        PlatformFilter f = new PlatformFilter();
        assertThat(f.setTask(plain())).isFalse();

        assertThat(f.setTask(withPlatforms(new Placement.Platform("amd64", "linux"))))
                .isTrue();
        assertThat(f.check(ready)).isTrue(); // node says x86_64
        f.setTask(withPlatforms(new Placement.Platform("", "linux")));
        assertThat(f.check(ready)).isTrue();
        f.setTask(withPlatforms(new Placement.Platform("arm64", "linux"), new Placement.Platform("amd64", "windows")));
        assertThat(f.check(ready)).isFalse();
        assertThat(f.explain(2)).isEqualTo("unsupported platform on 2 nodes");
    }

    private static Task withPlatforms(Placement.Platform... platforms) {
        return task(
                "t", "s", 1, spec(new Placement(null, null, null, List.of(platforms)), null), TaskState.PENDING, null);
    }

    @Test
    void hostPortFilterRejectsNodesWithThePortBound() {
        Set<HostPort> ports = Set.of(new HostPort("tcp", 8080));
        HostPortFilter f = new HostPortFilter(t -> t.serviceID().equals("web") ? ports : Set.of());
        assertThat(f.setTask(plain())).isFalse();
        Task web = task("w1", "web", 1, spec(), TaskState.PENDING, null);
        assertThat(f.setTask(web)).isTrue();

        assertThat(f.check(ready)).isTrue();
        ready.addTask(task("w0", "web", 2, spec(), TaskState.RUNNING, "n1"), ports);
        assertThat(f.check(ready)).isFalse();
        ready.removeTask("w0");
        assertThat(f.check(ready)).isTrue();
        assertThat(f.explain(1)).isEqualTo("host-mode port already in use on 1 node");
    }

    @Test
    void hostPortsComeOnlyFromHostModePortsWithAPublishedPort() {
        var ports = List.of(
                Fixtures.hostPort(8080),
                new dev.skep.api.model.PortConfig(null, null, 80L, 9090L, "ingress"),
                new dev.skep.api.model.PortConfig(null, "UDP", 53L, 53L, "host"),
                new dev.skep.api.model.PortConfig(null, "tcp", 80L, 0L, "host"));

        assertThat(HostPort.of(ports)).containsExactlyInAnyOrder(new HostPort("tcp", 8080), new HostPort("udp", 53));
    }

    @Test
    void maxReplicasFilterCountsActiveTasksOfTheService() {
        MaxReplicasFilter f = new MaxReplicasFilter();
        assertThat(f.setTask(plain())).isFalse();
        Task capped = task("t", "s1", 1, spec(new Placement(null, null, 1L, null), null), TaskState.PENDING, null);
        assertThat(f.setTask(capped)).isTrue();

        ready.addTask(task("other", "s2", 1, spec(), TaskState.RUNNING, "n1"), Set.of());
        assertThat(f.check(ready)).isTrue();
        ready.addTask(task("mine", "s1", 2, spec(), TaskState.RUNNING, "n1"), Set.of());
        assertThat(f.check(ready)).isFalse();
        assertThat(f.explain(4)).isEqualTo("max replicas per node limit exceed");
    }

    @Test
    void pipelineStopsAtTheFirstFailureAndExplainsMostFailuresFirst() {
        Pipeline p = new Pipeline(t -> Set.of());
        p.setTask(task(
                "t", "s", 1, spec(constraints("node.labels.zone==b"), reserve(5 * CPU, 0)), TaskState.PENDING, null));

        NodeInfo down = new NodeInfo(Fixtures.withState(node("n2"), "down"));
        NodeInfo small = new NodeInfo(node("n3"));
        NodeInfo small2 = new NodeInfo(node("n4"));
        NodeInfo big = new NodeInfo(Fixtures.withResources(node("n5"), 8 * CPU, 8 * GB));
        assertThat(p.process(down)).isFalse();
        assertThat(p.process(small)).isFalse();
        assertThat(p.process(small2)).isFalse();
        assertThat(p.process(big)).isFalse(); // fits, but constraint fails

        assertThat(p.explain())
                .isEqualTo("insufficient resources on 2 nodes; 1 node not available for new tasks; "
                        + "scheduling constraints not satisfied on 1 node");
    }

    @Test
    void nodeInfoCountsActiveTasksByDesiredState() {
        Task running = task("t1", "s1", 1, spec(null, reserve(CPU, GB)), TaskState.RUNNING, "n1");
        ready.addTask(running, Set.of());
        assertThat(ready.activeTasks()).isEqualTo(1);
        assertThat(ready.activeTasksOf("s1")).isEqualTo(1);

        // told to shut down: no longer counts for spreading, but still holds its resources
        ready.addTask(running.withDesiredState(TaskState.SHUTDOWN), Set.of());
        assertThat(ready.activeTasksOf("s1")).isZero();
        assertThat(ready.availableCpus()).isEqualTo(3 * CPU);

        ready.removeTask("t1");
        assertThat(ready.availableCpus()).isEqualTo(4 * CPU);
        assertThat(ready.activeTasks()).isZero();
    }
}

package dev.skep.manager.scheduler;

import static dev.skep.manager.scheduler.Fixtures.CPU;
import static dev.skep.manager.scheduler.Fixtures.GB;
import static dev.skep.manager.scheduler.Fixtures.node;
import static dev.skep.manager.scheduler.Fixtures.pending;
import static dev.skep.manager.scheduler.Fixtures.reserve;
import static dev.skep.manager.scheduler.Fixtures.spec;
import static dev.skep.manager.scheduler.Fixtures.task;
import static dev.skep.manager.scheduler.Fixtures.withResources;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.Idle;
import dev.skep.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BinpackSchedulingTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final Scheduler scheduler = new Scheduler(store, timer);

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    private static Service service(String id, TaskSpec template, String strategy) {
        Map<String, String> labels = strategy == null ? Map.of() : Map.of(StrategyLabel.LABEL, strategy);
        ServiceSpec spec =
                new ServiceSpec("svc-" + id, labels, template, ServiceMode.ofReplicated(1), null, null, null, null);
        return new Service(id, null, null, null, spec, null, null, null, null, null);
    }

    private void put(StoredObject... objects) {
        store.update(tx -> {
            for (StoredObject o : objects) tx.create(o);
        });
    }

    private void queue(String serviceId, int from, int to, TaskSpec spec) {
        List<Task> tasks = new ArrayList<>();
        for (int i = from; i <= to; i++) tasks.add(pending(serviceId + "-t" + i, serviceId, i, spec));
        put(tasks.toArray(StoredObject[]::new));
    }

    private Map<String, Long> awaitPerNode(String serviceId, int n) {
        Idle.await(scheduler);
        assertThat(placed(serviceId)).hasSize(n);
        return placed(serviceId).stream()
                .collect(Collectors.groupingBy(Task::nodeID, TreeMap::new, Collectors.counting()));
    }

    private List<Task> placed(String serviceId) {
        return store.view(tx -> tx.tasksOfService(serviceId)).stream()
                .filter(t -> t.nodeID() != null && t.state() == TaskState.ASSIGNED)
                .toList();
    }

    @Test
    void fillsOneNodeBeforeTheNext() {
        TaskSpec oneCpu = spec(null, reserve(CPU, GB));
        put(node("n1"), node("n2"), node("n3"), service("s", oneCpu, "binpack"));
        scheduler.start();
        queue("s", 1, 6, oneCpu);

        // 4 CPUs a node: one node is filled, the next takes the rest, the third stays empty.
        assertThat(awaitPerNode("s", 6).values()).containsExactlyInAnyOrder(4L, 2L);
    }

    @Test
    void spreadStaysTheDefault() {
        TaskSpec oneCpu = spec(null, reserve(CPU, GB));
        put(node("n1"), node("n2"), node("n3"), service("s", oneCpu, null));
        scheduler.start();
        queue("s", 1, 6, oneCpu);

        assertThat(awaitPerNode("s", 6).values()).containsExactlyInAnyOrder(2L, 2L, 2L);
    }

    @Test
    void prefersTheNodeLeftWithTheLeastFreeResources() {
        TaskSpec oneCpu = spec(null, reserve(CPU, GB));
        TaskSpec big = spec(null, reserve(3 * CPU, 6 * GB));
        // n2 already runs a big task of another service: placing there leaves the least free.
        put(
                node("n1"),
                node("n2"),
                node("n3"),
                service("s", oneCpu, "binpack"),
                service("other", big, null),
                task("o1", "other", 1, big, TaskState.RUNNING, "n2"));
        scheduler.start();
        queue("s", 1, 1, oneCpu);
        assertThat(awaitPerNode("s", 1)).containsOnlyKeys("n2");

        // n2 is now full; the next goes to a node that is empty, and then fills that one.
        queue("s", 2, 3, oneCpu);
        assertThat(awaitPerNode("s", 3).values()).containsExactlyInAnyOrder(1L, 2L);
    }

    @Test
    void aSmallerNodeThatStillFitsIsFilledFirst() {
        TaskSpec oneCpu = spec(null, reserve(CPU, GB));
        put(
                withResources(node("big"), 8 * CPU, 16 * GB),
                withResources(node("small"), 2 * CPU, 4 * GB),
                service("s", oneCpu, "binpack"));
        scheduler.start();
        queue("s", 1, 3, oneCpu);
        assertThat(awaitPerNode("s", 3)).containsExactlyInAnyOrderEntriesOf(Map.of("small", 2L, "big", 1L));
    }

    @Test
    void withoutReservationsTheBusiestNodeWins() {
        TaskSpec none = spec();
        put(
                node("n1"),
                node("n2"),
                service("s", none, "binpack"),
                service("other", none, null),
                task("o1", "other", 1, none, TaskState.RUNNING, "n2"));
        scheduler.start();
        queue("s", 1, 3, none);
        assertThat(awaitPerNode("s", 3)).containsExactlyInAnyOrderEntriesOf(Map.of("n2", 3L));
    }

    @Test
    void scoreGrowsAsTheNodeFills() {
        NodeInfo n = new NodeInfo(node("n1"));
        double empty = BinpackStrategy.score(n, 0, 0);
        double half = BinpackStrategy.score(n, 2 * CPU, 4 * GB);
        double full = BinpackStrategy.score(n, 4 * CPU, 8 * GB);
        assertThat(empty).isEqualTo(0.0);
        assertThat(half).isGreaterThan(empty).isLessThan(full);
        assertThat(full).isEqualTo(18.0);
    }
}

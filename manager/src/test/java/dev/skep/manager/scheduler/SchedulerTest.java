package dev.skep.manager.scheduler;

import static dev.skep.manager.scheduler.Fixtures.CPU;
import static dev.skep.manager.scheduler.Fixtures.GB;
import static dev.skep.manager.scheduler.Fixtures.constraints;
import static dev.skep.manager.scheduler.Fixtures.node;
import static dev.skep.manager.scheduler.Fixtures.pending;
import static dev.skep.manager.scheduler.Fixtures.reserve;
import static dev.skep.manager.scheduler.Fixtures.service;
import static dev.skep.manager.scheduler.Fixtures.spec;
import static dev.skep.manager.scheduler.Fixtures.spread;
import static dev.skep.manager.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.StoredObject;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.Idle;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchedulerTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final Scheduler scheduler = new Scheduler(store, timer);

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    private void put(StoredObject... objects) {
        store.update(tx -> {
            for (StoredObject o : objects) tx.create(o);
        });
    }

    private void putAll(List<? extends StoredObject> objects) {
        put(objects.toArray(StoredObject[]::new));
    }

    private List<Task> pendingTasks(String serviceId, int n, TaskSpec spec) {
        List<Task> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) out.add(pending(serviceId + "-t" + i, serviceId, i, spec));
        return out;
    }

    private List<Task> tasksOf(String serviceId) {
        return store.view(tx -> tx.tasksOfService(serviceId));
    }

    private Task stored(String id) {
        return store.view(tx -> tx.tasks().get(id));
    }

    /** The service's tasks placed on a node and not ended: ASSIGNED up to RUNNING. */
    private List<Task> assigned(String serviceId) {
        return tasksOf(serviceId).stream()
                .filter(t -> t.nodeID() != null
                        && t.state().isAtLeast(TaskState.ASSIGNED)
                        && !t.state().isTerminal())
                .toList();
    }

    /** Node ID → number of the service's tasks placed there. */
    private Map<String, Long> perNode(String serviceId) {
        return assigned(serviceId).stream()
                .collect(Collectors.groupingBy(Task::nodeID, TreeMap::new, Collectors.counting()));
    }

    private void awaitAssigned(String serviceId, int n) {
        Idle.await(scheduler);
        assertThat(assigned(serviceId)).hasSize(n);
    }

    private void awaitErr(String taskId, String err) {
        Idle.await(scheduler);
        assertThat(stored(taskId).status().err()).isEqualTo(err);
    }

    @Test
    void aBurstOfSeveralBatchesIsSentWithoutWaitingForEachCommit() {
        put(node("n1"), node("n2"), node("n3"), node("n4"), node("n5"), service("s", spec()));
        putAll(pendingTasks("s", 2500, spec())); // three batches of at most 1,000 decisions
        HoldingProposer proposer = new HoldingProposer(store, 3);
        store.setProposer(proposer);
        scheduler.start();

        awaitAssigned("s", 2500);
        assertThat(perNode("s").values()).containsOnly(500L);
        assertThat(proposer.maxOutstanding)
                .as("batches sent before the first was applied")
                .isEqualTo(3);
    }

    /**
     * Holds proposals until {@code n} are outstanding (or a second has passed), then applies them in order: a
     * scheduler that waited for each commit before sending the next would never have more than one outstanding.
     */
    private static final class HoldingProposer implements dev.skep.store.Proposer {
        private final MemoryStore store;
        private final int n;
        private final List<byte[]> held = new ArrayList<>();
        private final List<java.util.concurrent.CompletableFuture<dev.skep.store.ApplyResult>> waiting =
                new ArrayList<>();
        private final java.util.concurrent.ScheduledExecutorService later =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
        volatile int maxOutstanding;

        HoldingProposer(MemoryStore store, int n) {
            this.store = store;
            this.n = n;
        }

        @Override
        public synchronized java.util.concurrent.CompletableFuture<dev.skep.store.ApplyResult> propose(byte[] p) {
            var f = new java.util.concurrent.CompletableFuture<dev.skep.store.ApplyResult>();
            held.add(p);
            waiting.add(f);
            maxOutstanding = Math.max(maxOutstanding, held.size());
            if (held.size() >= n) release();
            else later.schedule(this::release, 1, java.util.concurrent.TimeUnit.SECONDS);
            return f;
        }

        private synchronized void release() {
            for (int i = 0; i < held.size(); i++) waiting.get(i).complete(store.apply(store.index() + 1, held.get(i)));
            held.clear();
            waiting.clear();
        }
    }

    @Test
    void spreadsTenTasksOverThreeNodesFourThreeThree() {
        put(node("n1"), node("n2"), node("n3"), service("s", spec()));
        scheduler.start();
        putAll(pendingTasks("s", 10, spec()));

        awaitAssigned("s", 10);
        assertThat(perNode("s").values()).containsExactlyInAnyOrder(4L, 3L, 3L);
        Task t = assigned("s").get(0);
        assertThat(t.status().message()).isEqualTo("scheduler assigned task to node");
        assertThat(t.status().err()).isNull();
        assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void fillsTheNodesWithFewestTasksOfTheServiceFirst() {
        put(
                node("n1"),
                node("n2"),
                node("n3"),
                service("s", spec()),
                service("other", spec()),
                task("r1", "s", 1, spec(), TaskState.RUNNING, "n1"),
                task("r2", "s", 2, spec(), TaskState.RUNNING, "n1"),
                task("o1", "other", 1, spec(), TaskState.RUNNING, "n2"));
        scheduler.start();
        putAll(List.of(
                pending("s-t3", "s", 3, spec()), pending("s-t4", "s", 4, spec()), pending("s-t5", "s", 5, spec())));

        awaitAssigned("s", 5);
        // n3 is emptiest; n2 has no task of s but one of another service, so it comes second
        assertThat(perNode("s")).containsExactlyInAnyOrderEntriesOf(Map.of("n1", 2L, "n2", 1L, "n3", 2L));
    }

    @Test
    void oneGroupEvensOutNodesThatStartUneven() {
        // all queued before start, so they are placed as one group in one round
        put(
                node("n1"),
                node("n2"),
                node("n3"),
                service("s", spec()),
                service("other", spec()),
                task("r1", "s", 1, spec(), TaskState.RUNNING, "n1"),
                task("r2", "s", 2, spec(), TaskState.RUNNING, "n1"),
                task("o1", "other", 1, spec(), TaskState.RUNNING, "n2"),
                pending("s-t3", "s", 3, spec()),
                pending("s-t4", "s", 4, spec()),
                pending("s-t5", "s", 5, spec()));
        scheduler.start();

        awaitAssigned("s", 5);
        assertThat(perNode("s")).containsExactlyInAnyOrderEntriesOf(Map.of("n1", 2L, "n2", 1L, "n3", 2L));
    }

    @Test
    void tasksThatExistBeforeStartCountAfterARestart() {
        put(
                node("n1"),
                node("n2"),
                service("s", spec()),
                task("r1", "s", 1, spec(), TaskState.RUNNING, "n1"),
                task("r2", "s", 2, spec(), TaskState.ASSIGNED, "n1"),
                pending("s-t3", "s", 3, spec()),
                pending("s-t4", "s", 4, spec()));
        scheduler.start();

        awaitAssigned("s", 4);
        assertThat(perNode("s")).containsExactlyInAnyOrderEntriesOf(Map.of("n1", 2L, "n2", 2L));
    }

    @Test
    void spreadPreferenceSplitsEvenlyAcrossLabelValues() {
        TaskSpec byZone = spec(spread("node.labels.zone"), null);
        put(
                node("a1", Map.of("zone", "a")),
                node("a2", Map.of("zone", "a")),
                node("a3", Map.of("zone", "a")),
                node("b1", Map.of("zone", "b")),
                service("s", byZone));
        scheduler.start();
        putAll(pendingTasks("s", 6, byZone));

        awaitAssigned("s", 6);
        assertThat(perNode("s")).containsExactlyInAnyOrderEntriesOf(Map.of("a1", 1L, "a2", 1L, "a3", 1L, "b1", 3L));
    }

    @Test
    void nodesWithoutTheLabelFormTheirOwnBranch() {
        TaskSpec byZone = spec(spread("node.labels.zone"), null);
        put(node("a1", Map.of("zone", "a")), node("a2", Map.of("zone", "a")), node("x"), service("s", byZone));
        scheduler.start();
        putAll(pendingTasks("s", 4, byZone));

        awaitAssigned("s", 4);
        assertThat(perNode("s")).containsExactlyInAnyOrderEntriesOf(Map.of("a1", 1L, "a2", 1L, "x", 2L));
    }

    @Test
    void nestedPreferencesSplitAtEveryLevel() {
        TaskSpec spec = spec(spread("node.labels.dc", "node.labels.rack"), null);
        put(
                node("n1", Map.of("dc", "east", "rack", "r1")),
                node("n2", Map.of("dc", "east", "rack", "r2")),
                node("n3", Map.of("dc", "west", "rack", "r1")),
                node("n4", Map.of("dc", "west", "rack", "r1")),
                service("s", spec));
        scheduler.start();
        putAll(pendingTasks("s", 8, spec));

        awaitAssigned("s", 8);
        // 4 per data centre; east splits 2/2 over its racks, west has one rack with two nodes
        assertThat(perNode("s")).containsExactlyInAnyOrderEntriesOf(Map.of("n1", 2L, "n2", 2L, "n3", 2L, "n4", 2L));
    }

    @Test
    void preferenceSpreadAccountsForTasksAlreadyPlaced() {
        TaskSpec byZone = spec(spread("node.labels.zone"), null);
        put(
                node("a1", Map.of("zone", "a")),
                node("b1", Map.of("zone", "b")),
                service("s", byZone),
                task("r1", "s", 1, byZone, TaskState.RUNNING, "a1"),
                task("r2", "s", 2, byZone, TaskState.RUNNING, "a1"));
        scheduler.start();
        putAll(List.of(pending("s-t3", "s", 3, byZone), pending("s-t4", "s", 4, byZone)));

        awaitAssigned("s", 4);
        assertThat(perNode("s")).containsExactlyInAnyOrderEntriesOf(Map.of("a1", 2L, "b1", 2L));
    }

    @Test
    void neverOvercommitsReservedResources() {
        TaskSpec oneCpu = spec(null, reserve(CPU, GB));
        put(
                Fixtures.withResources(node("n1"), 2 * CPU, 8 * GB),
                Fixtures.withResources(node("n2"), 2 * CPU, 8 * GB),
                Fixtures.withResources(node("n3"), 3 * CPU, 2 * GB),
                service("s", oneCpu));
        scheduler.start();
        putAll(pendingTasks("s", 10, oneCpu));

        awaitAssigned("s", 6);
        assertThat(tasksOf("s"))
                .filteredOn(t -> t.nodeID() == null)
                .extracting(t -> t.status().err())
                .containsOnly("no suitable node (insufficient resources on 3 nodes)")
                .hasSize(4);
        assertThat(perNode("s")).containsExactlyInAnyOrderEntriesOf(Map.of("n1", 2L, "n2", 2L, "n3", 2L));
        assertThat(tasksOf("s"))
                .filteredOn(t -> t.nodeID() == null)
                .allSatisfy(t -> assertThat(t.state()).isEqualTo(TaskState.PENDING));
    }

    @Test
    void explainsAnUnschedulableTaskLikeSwarmKit() {
        TaskSpec big = spec(null, reserve(6 * CPU, 0));
        put(
                node("n1"),
                node("n2"),
                Fixtures.withAvailability(Fixtures.withResources(node("n3"), 8 * CPU, GB), "drain"),
                service("s", big));
        scheduler.start();
        put(pending("s-t1", "s", 1, big));

        awaitErr("s-t1", "no suitable node (insufficient resources on 2 nodes; 1 node not available for new tasks)");
        assertThat(stored("s-t1").state()).isEqualTo(TaskState.PENDING);
        assertThat(stored("s-t1").nodeID()).isNull();
    }

    @Test
    void explainsWhenThereAreNoNodesAtAll() {
        put(service("s", spec()));
        scheduler.start();
        put(pending("s-t1", "s", 1, spec()));

        awaitErr("s-t1", "no suitable node");
    }

    @Test
    void retriesAnUnschedulableTaskWhenANodeComesUp() {
        Node down = Fixtures.withState(node("n1"), "down");
        put(down, service("s", spec()));
        scheduler.start();
        put(pending("s-t1", "s", 1, spec()));
        awaitErr("s-t1", "no suitable node (1 node not available for new tasks)");

        store.update(tx -> tx.update(Fixtures.withState(tx.nodes().get("n1"), "ready")));

        awaitAssigned("s", 1);
        assertThat(stored("s-t1").nodeID()).isEqualTo("n1");
    }

    @Test
    void retriesWhenATaskEndsAndGivesBackResources() {
        TaskSpec allCpus = spec(null, reserve(4 * CPU, 0));
        put(node("n1"), service("s", allCpus), task("old", "s", 1, allCpus, TaskState.RUNNING, "n1"));
        scheduler.start();
        put(pending("s-t2", "s", 2, allCpus));
        awaitErr("s-t2", "no suitable node (insufficient resources on 1 node)");

        store.update(tx -> {
            Task old = tx.tasks().get("old");
            tx.update(old.withStatus(TaskStatus.of(timer.now(), TaskState.SHUTDOWN, "shutdown")));
        });

        awaitAssigned("s", 1);
        assertThat(stored("s-t2").nodeID()).isEqualTo("n1");
    }

    @Test
    void constraintsLimitThePlacement() {
        TaskSpec onlyB = spec(constraints("node.labels.zone==b"), null);
        put(node("n1", Map.of("zone", "a")), node("n2", Map.of("zone", "b")), node("n3"), service("s", onlyB));
        scheduler.start();
        putAll(pendingTasks("s", 3, onlyB));

        awaitAssigned("s", 3);
        assertThat(perNode("s")).containsExactlyEntriesOf(Map.of("n2", 3L));
    }

    @Test
    void unsatisfiableConstraintIsExplained() {
        TaskSpec nowhere = spec(constraints("node.role==manager"), null);
        put(node("n1"), node("n2"), service("s", nowhere));
        scheduler.start();
        put(pending("s-t1", "s", 1, nowhere));

        awaitErr("s-t1", "no suitable node (scheduling constraints not satisfied on 2 nodes)");
    }

    @Test
    void platformsLimitThePlacement() {
        TaskSpec arm = spec(new Placement(null, null, null, List.of(new Placement.Platform("arm64", "linux"))), null);
        put(node("n1"), service("s", arm));
        scheduler.start();
        put(pending("s-t1", "s", 1, arm));

        awaitErr("s-t1", "no suitable node (unsupported platform on 1 node)");
    }

    @Test
    void hostModePortsAreNotPublishedTwiceOnANode() {
        put(node("n1"), node("n2"), node("n3"), service("web", spec(), List.of(Fixtures.hostPort(8080))));
        scheduler.start();
        putAll(pendingTasks("web", 4, spec()));

        awaitAssigned("web", 3);
        assertThat(perNode("web")).containsExactlyInAnyOrderEntriesOf(Map.of("n1", 1L, "n2", 1L, "n3", 1L));
        awaitErr("web-t4", "no suitable node (host-mode port already in use on 3 nodes)");
    }

    @Test
    void maxReplicasCapsTasksPerNode() {
        TaskSpec capped = spec(new Placement(null, null, 1L, null), null);
        put(node("n1"), node("n2"), service("s", capped));
        scheduler.start();
        putAll(pendingTasks("s", 3, capped));

        awaitAssigned("s", 2);
        assertThat(perNode("s")).containsExactlyInAnyOrderEntriesOf(Map.of("n1", 1L, "n2", 1L));
        awaitErr("s-t3", "no suitable node (max replicas per node limit exceed)");
    }

    @Test
    void globalTaskGoesOnlyToItsNode() {
        put(node("n1"), node("n2"), node("n3"), service("g", spec()));
        scheduler.start();
        put(task("g1", "g", 0, spec(), TaskState.PENDING, "n2"));

        awaitAssigned("g", 1);
        Task t = stored("g1");
        assertThat(t.nodeID()).isEqualTo("n2");
        assertThat(t.status().message()).isEqualTo("scheduler confirmed task can run on preassigned node");
    }

    @Test
    void globalTaskThatDoesNotFitItsNodeWaitsAndIsExplained() {
        TaskSpec big = spec(null, reserve(8 * CPU, 0));
        put(node("n1"), Fixtures.withResources(node("n2"), 16 * CPU, 8 * GB), service("g", big));
        scheduler.start();
        put(task("g1", "g", 0, big, TaskState.PENDING, "n1"));

        awaitErr("g1", "insufficient resources on 1 node");
        assertThat(stored("g1").state()).isEqualTo(TaskState.PENDING);
        assertThat(stored("g1").nodeID()).isEqualTo("n1");

        store.update(tx -> tx.update(Fixtures.withResources(tx.nodes().get("n1"), 8 * CPU, 8 * GB)));
        awaitAssigned("g", 1);
        assertThat(stored("g1").nodeID()).isEqualTo("n1");
    }

    @Test
    void nodesWhereTheServiceKeepsFailingGoLast() {
        put(node("n1"), node("n2"), service("s", spec()), task("keep", "s", 9, spec(), TaskState.RUNNING, "n2"));
        List<Task> doomed = new ArrayList<>();
        for (int i = 1; i <= 5; i++) doomed.add(task("f" + i, "s", i, spec(), TaskState.RUNNING, "n1"));
        putAll(doomed);
        scheduler.start();
        store.update(tx -> {
            for (Task t : doomed) {
                Task cur = tx.tasks().get(t.id());
                tx.update(cur.withStatus(TaskStatus.of(timer.now(), TaskState.FAILED, "exit 1")));
            }
        });
        put(pending("s-new", "s", 6, spec()));

        awaitAssigned("s", 2);
        // n1 is emptier, but five failures within five minutes push it behind n2
        assertThat(stored("s-new").nodeID()).isEqualTo("n2");
    }

    @Test
    void failuresOlderThanFiveMinutesAreForgotten() {
        put(node("n1"), node("n2"), service("s", spec()), task("keep", "s", 9, spec(), TaskState.RUNNING, "n2"));
        List<Task> doomed = new ArrayList<>();
        for (int i = 1; i <= 5; i++) doomed.add(task("f" + i, "s", i, spec(), TaskState.RUNNING, "n1"));
        putAll(doomed);
        scheduler.start();
        store.update(tx -> {
            for (Task t : doomed) {
                Task cur = tx.tasks().get(t.id());
                tx.update(cur.withStatus(TaskStatus.of(timer.now(), TaskState.REJECTED, "no image")));
            }
        });
        Idle.await(scheduler); // it has counted the failures before the clock moves
        timer.advance(Duration.ofMinutes(6));
        put(pending("s-new", "s", 6, spec()));

        awaitAssigned("s", 2);
        assertThat(stored("s-new").nodeID()).isEqualTo("n1");
    }

    @Test
    void ignoresPendingTasksThatShouldNoLongerRun() {
        put(node("n1"), service("s", spec()));
        scheduler.start();
        put(pending("s-t1", "s", 1, spec()).withDesiredState(TaskState.SHUTDOWN), pending("s-t2", "s", 2, spec()));

        awaitAssigned("s", 1);
        assertThat(stored("s-t2").nodeID()).isEqualTo("n1");
        assertThat(stored("s-t1").state()).isEqualTo(TaskState.PENDING);
        assertThat(stored("s-t1").nodeID()).isNull();
    }

    @Test
    void schedulesJobTasksThatWantToComplete() {
        put(node("n1"), service("j", spec()));
        scheduler.start();
        put(pending("j-t1", "j", 1, spec()).withDesiredState(TaskState.COMPLETE));

        awaitAssigned("j", 1);
    }

    @Test
    void placesAThousandTasksWithoutExceedingAnyNode() {
        TaskSpec small = spec(null, reserve(CPU / 10, 0));
        List<Node> nodes = new ArrayList<>();
        for (int i = 0; i < 50; i++) nodes.add(node("n" + i));
        putAll(nodes);
        put(service("s", small));
        scheduler.start();
        for (int batch = 0; batch < 10; batch++) {
            List<Task> tasks = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                int slot = batch * 100 + i + 1;
                tasks.add(pending("t" + slot, "s", slot, small));
            }
            putAll(tasks);
        }

        awaitAssigned("s", 1000);
        Map<String, Long> counts = perNode("s");
        assertThat(counts).hasSize(50);
        assertThat(counts.values()).allSatisfy(c -> assertThat(c).isEqualTo(20L));
        Map<String, Long> byId = assigned("s").stream().collect(Collectors.groupingBy(Task::id, Collectors.counting()));
        assertThat(byId).hasSize(1000);
    }
}

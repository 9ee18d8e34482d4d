package dev.skep.manager.dispatcher;

import static dev.skep.manager.scheduler.Fixtures.node;
import static dev.skep.manager.scheduler.Fixtures.spec;
import static dev.skep.manager.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.dispatcher.Assignments;
import dev.skep.api.dispatcher.Session;
import dev.skep.api.dispatcher.StatusUpdate;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.Idle;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DispatcherServiceTest {
    private static final Duration BATCH = Duration.ofMillis(100);
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final DispatcherService dispatcher = new DispatcherService(store, timer);
    private final List<Assignments> messages = Collections.synchronizedList(new ArrayList<>());
    private final Node.Description description = new Node.Description(
            "worker-1",
            new Placement.Platform("x86_64", "linux"),
            new Resources(2_000_000_000L, 1L << 30, null, null),
            new Node.Engine("20.10.0", Map.of(), List.of()),
            null);

    @AfterEach
    void stop() {
        dispatcher.stop();
    }

    private Session open(String nodeId) {
        joined(nodeId);
        return dispatcher.session(nodeId, description, "10.1.2.3", messages::add);
    }

    /** The node as the CA records it when it joins, before its first session. */
    private void joined(String nodeId) {
        store.update(tx -> {
            if (tx.nodes().get(nodeId) != null) return;
            tx.create(new Node(
                    nodeId,
                    null,
                    null,
                    null,
                    new Node.Spec(null, Map.of(), "worker", "active"),
                    null,
                    new Node.Status("unknown", null, null),
                    null));
        });
    }

    private Node storedNode(String id) {
        return store.view(tx -> tx.nodes().get(id));
    }

    private Task stored(String id) {
        return store.view(tx -> tx.tasks().get(id));
    }

    private void change(String taskId, java.util.function.UnaryOperator<Task> f) {
        store.update(tx -> tx.update(f.apply(tx.tasks().get(taskId))));
    }

    private List<Assignments> incremental() {
        synchronized (messages) {
            return messages.stream()
                    .filter(m -> m.type() == Assignments.Type.INCREMENTAL)
                    .toList();
        }
    }

    private List<String> updatedIds(List<Assignments> ms) {
        return ms.stream().flatMap(m -> m.updated().stream()).map(Task::id).toList();
    }

    /** Once the dispatcher routed every change so far, moves time by one batching interval: batches go out. */
    private void flush() {
        idle();
        timer.advance(BATCH);
        idle();
    }

    /** Waits until the dispatcher routed every committed change and finished every queued status write. */
    private void idle() {
        Idle.await(dispatcher::isIdle);
    }

    private static TaskStatus status(TaskState state, String message) {
        return TaskStatus.of(java.time.Instant.parse("2026-01-01T00:00:01Z"), state, message);
    }

    @Test
    void sessionRegistersTheNodeAsReadyWithItsDescriptionAndAddress() {
        dispatcher.start();

        Session s = open("n1");

        Node n = storedNode("n1");
        assertThat(n.status().state()).isEqualTo("ready");
        assertThat(n.status().addr()).isEqualTo("10.1.2.3");
        assertThat(n.description()).isEqualTo(description);
        assertThat(n.spec().role()).isEqualTo("worker");
        assertThat(n.availability()).isEqualTo("active");
        assertThat(s.heartbeatPeriod()).isEqualTo(Duration.ofSeconds(5));
        assertThat(dispatcher.connectedNodes()).containsExactly("n1");
    }

    @Test
    void aNodeTheStoreDoesNotHaveIsNotRegisteredAndIsNotCreated() {
        dispatcher.start();

        assertThatThrownBy(() -> dispatcher.session("ghost", description, "10.1.2.3", messages::add))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage(DispatcherService.NODE_NOT_REGISTERED);

        assertThat(storedNode("ghost")).isNull();
        assertThat(dispatcher.connectedNodes()).isEmpty();
        assertThat(messages).isEmpty();
    }

    @Test
    void aRemovedNodeStaysRemovedWhenItsAgentComesBack() {
        dispatcher.start();
        open("n1");
        store.update(tx -> tx.delete(tx.nodes().get("n1")));

        assertThatThrownBy(() -> dispatcher.session("n1", description, "10.1.2.3", messages::add))
                .hasMessage(DispatcherService.NODE_NOT_REGISTERED);
        idle();
        assertThat(storedNode("n1")).isNull();
    }

    @Test
    void sessionKeepsSpecAndAddressOfAKnownNode() {
        Node known =
                node("n1", Map.of("zone", "a")).withStatus(new Node.Status("down", "heartbeat failure", "10.9.9.9"));
        store.update(tx -> tx.create(known));
        dispatcher.start();

        dispatcher.session("n1", description, messages::add);

        Node n = storedNode("n1");
        assertThat(n.status()).isEqualTo(new Node.Status("ready", null, "10.9.9.9"));
        assertThat(n.spec().labels()).containsEntry("zone", "a");
        assertThat(n.hostname()).isEqualTo("worker-1");
    }

    @Test
    void heartbeatPeriodComesFromTheClusterSpec() {
        Cluster.Spec spec = new Cluster.Spec(
                "default",
                Map.of(),
                null,
                null,
                new Cluster.Dispatcher(Duration.ofSeconds(2).toNanos()),
                null,
                null,
                null);
        store.update(tx -> tx.create(new Cluster("c1", null, null, null, spec, null, null, null, null, null, null)));
        dispatcher.start();

        assertThat(open("n1").heartbeatPeriod()).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void sendsCompleteThenIncrementalChangesWithConsecutiveSequenceNumbers() {
        store.update(tx -> {
            tx.create(task("a", "s", 1, spec(), TaskState.ASSIGNED, "n1"));
            tx.create(task("b", "s", 2, spec(), TaskState.RUNNING, "n1"));
            tx.create(task("c", "g", 0, spec(), TaskState.PENDING, "n1"));
            tx.create(task("d", "s", 3, spec(), TaskState.ASSIGNED, "n2"));
        });
        dispatcher.start();

        open("n1");

        assertThat(messages).hasSize(1);
        Assignments complete = messages.get(0);
        assertThat(complete.type()).isEqualTo(Assignments.Type.COMPLETE);
        assertThat(complete.sequence()).isEqualTo(1);
        assertThat(complete.updated()).extracting(Task::id).containsExactlyInAnyOrder("a", "b");
        assertThat(complete.removed()).isEmpty();

        store.update(tx -> {
            tx.update(tx.tasks().get("a").withDesiredState(TaskState.SHUTDOWN));
            Task c = tx.tasks().get("c");
            tx.update(c.withStatus(status(TaskState.ASSIGNED, "scheduler confirmed task can run on preassigned node")));
        });
        flush();
        assertThat(updatedIds(incremental())).contains("a", "c");

        store.update(tx -> tx.delete(tx.tasks().get("b")));
        flush();
        assertThat(incremental()).flatExtracting(Assignments::removed).containsExactly("b");

        synchronized (messages) {
            assertThat(messages)
                    .extracting(Assignments::sequence)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, messages.size())
                            .boxed()
                            .toList());
            assertThat(updatedIds(messages)).doesNotContain("d");
        }
        assertThat(incremental().get(0).updated())
                .filteredOn(t -> t.id().equals("a"))
                .extracting(Task::desiredState)
                .containsExactly(TaskState.SHUTDOWN);
    }

    @Test
    void statusTheAgentReportedItselfIsNotSentBack() {
        store.update(tx -> {
            tx.create(task("a", "s", 1, spec(), TaskState.ACCEPTED, "n1"));
            tx.create(task("b", "s", 2, spec(), TaskState.ASSIGNED, "n1"));
        });
        dispatcher.start();
        open("n1");

        change("a", t -> t.withStatus(status(TaskState.RUNNING, "started")));
        change("b", t -> t.withDesiredState(TaskState.SHUTDOWN));

        flush();
        assertThat(updatedIds(incremental())).contains("b");
        assertThat(updatedIds(incremental())).doesNotContain("a");
    }

    @Test
    void aHundredChangesAreSentWithoutWaiting() {
        dispatcher.start();
        open("n1");

        store.update(tx -> {
            for (int i = 0; i < DispatcherService.BATCH_LIMIT; i++) {
                tx.create(task("t" + i, "s", i + 1, spec(), TaskState.ASSIGNED, "n1"));
            }
        });

        idle();
        assertThat(updatedIds(incremental())).hasSize(DispatcherService.BATCH_LIMIT);
        assertThat(incremental()).hasSize(1);
    }

    @Test
    void appliesStatusUpdatesInBatchesAndNeverMovesAStateBackwards() {
        store.update(tx -> {
            tx.create(task("a", "s", 1, spec(), TaskState.ASSIGNED, "n1"));
            tx.create(task("b", "s", 2, spec(), TaskState.ASSIGNED, "n1"));
            tx.create(task("other", "s", 3, spec(), TaskState.ASSIGNED, "n2"));
        });
        dispatcher.start();
        Session s = open("n1");

        dispatcher.updateTaskStatus(s.id(), List.of(new StatusUpdate("a", status(TaskState.RUNNING, "started"))));
        assertThat(stored("a").state()).isEqualTo(TaskState.ASSIGNED); // not before the batch interval
        timer.advance(BATCH);
        idle();
        assertThat(stored("a").state()).isEqualTo(TaskState.RUNNING);
        assertThat(stored("a").status().message()).isEqualTo("started");

        dispatcher.updateTaskStatus(
                s.id(),
                List.of(
                        new StatusUpdate("a", status(TaskState.PREPARING, "late report")),
                        new StatusUpdate("other", status(TaskState.RUNNING, "not yours")),
                        new StatusUpdate("missing", status(TaskState.RUNNING, "deleted")),
                        new StatusUpdate("b", status(TaskState.PREPARING, "preparing"))));
        timer.advance(BATCH);
        idle();
        assertThat(stored("b").state()).isEqualTo(TaskState.PREPARING);

        assertThat(stored("a").state()).isEqualTo(TaskState.RUNNING);
        assertThat(stored("a").status().message()).isEqualTo("started");
        assertThat(stored("other").state()).isEqualTo(TaskState.ASSIGNED);
    }

    @Test
    void keepsTheFurthestStateWhenReportsArriveOutOfOrderInOneBatch() {
        store.update(tx -> tx.create(task("a", "s", 1, spec(), TaskState.ASSIGNED, "n1")));
        dispatcher.start();
        Session s = open("n1");

        dispatcher.updateTaskStatus(s.id(), List.of(new StatusUpdate("a", status(TaskState.RUNNING, "started"))));
        dispatcher.updateTaskStatus(s.id(), List.of(new StatusUpdate("a", status(TaskState.PREPARING, "old"))));
        timer.advance(BATCH);

        idle();
        assertThat(stored("a").state()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void rejectsUnknownSessions() {
        dispatcher.start();

        assertThatThrownBy(() -> dispatcher.heartbeat("nope"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("session invalid");
        assertThatThrownBy(() -> dispatcher.updateTaskStatus("nope", List.of()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("session invalid");
    }

    @Test
    void aChangedHeartbeatPeriodAppliesToOpenSessionsFromTheirNextHeartbeat() {
        Session s = sessionWhosePeriodDropsFrom5sTo1s();
        timer.advance(Duration.ofSeconds(5));
        dispatcher.heartbeat(s.id()); // at the old pace: the agent learns the new period from this reply
        for (int i = 0; i < 3; i++) {
            timer.advance(Duration.ofSeconds(1));
            dispatcher.heartbeat(s.id());
        }

        timer.advance(Duration.ofMillis(2_900));
        assertThat(storedNode("n1").status().state()).isEqualTo("ready");
        timer.advance(Duration.ofMillis(200));
        idle();
        assertThat(storedNode("n1").status().state()).isEqualTo("down");
    }

    @Test
    void anAgentStillBeatingAtTheOldLongerPeriodIsNotDeclaredDown() {
        Session s = sessionWhosePeriodDropsFrom5sTo1s();

        for (int i = 0; i < 4; i++) {
            timer.advance(Duration.ofSeconds(5));
            dispatcher.heartbeat(s.id());
        }
        timer.advance(Duration.ofSeconds(14));

        assertThat(storedNode("n1").status().state()).isEqualTo("ready");
        timer.advance(Duration.ofSeconds(2));
        idle();
        assertThat(storedNode("n1").status().state()).isEqualTo("down");
    }

    /** A session opened at a 5 s heartbeat period, after the cluster changed it to 1 s. */
    private Session sessionWhosePeriodDropsFrom5sTo1s() {
        store.update(tx -> tx.create(new Cluster(
                "c1", null, null, null, clusterSpec(Duration.ofSeconds(5)), null, null, null, null, null, null)));
        dispatcher.start();
        Session s = open("n1");
        store.update(tx -> tx.update(tx.cluster().withSpec(clusterSpec(Duration.ofSeconds(1)))));
        idle();
        assertThat(s.heartbeatPeriod()).isEqualTo(Duration.ofSeconds(1));
        return s;
    }

    private static Cluster.Spec clusterSpec(Duration heartbeat) {
        return new Cluster.Spec(
                "default", Map.of(), null, null, new Cluster.Dispatcher(heartbeat.toNanos()), null, null, null);
    }

    @Test
    void nodeGoesDownAfterThreeMissedHeartbeatPeriods() {
        dispatcher.start();
        Session s = open("n1");

        for (int i = 0; i < 4; i++) {
            timer.advance(Duration.ofSeconds(5));
            dispatcher.heartbeat(s.id());
        }
        timer.advance(Duration.ofMillis(14_900));
        assertThat(storedNode("n1").status().state()).isEqualTo("ready");

        timer.advance(Duration.ofMillis(200));

        idle();
        assertThat(storedNode("n1").status().state()).isEqualTo("down");
        assertThat(storedNode("n1").status().message()).isEqualTo("heartbeat failure");
        assertThat(storedNode("n1").status().addr()).isEqualTo("10.1.2.3");
        assertThatThrownBy(() -> dispatcher.heartbeat(s.id())).hasMessage("session invalid");
        assertThat(dispatcher.connectedNodes()).isEmpty();
    }

    @Test
    void aNodeThatComesBackIsReadyAgain() {
        dispatcher.start();
        open("n1");
        timer.advance(Duration.ofSeconds(16));
        idle();
        assertThat(storedNode("n1").status().state()).isEqualTo("down");

        open("n1");

        assertThat(storedNode("n1").status().state()).isEqualTo("ready");
    }

    @Test
    void aNewSessionReplacesTheOldOne() {
        dispatcher.start();
        Session first = open("n1");

        Session second = open("n1");

        assertThatThrownBy(() -> dispatcher.heartbeat(first.id())).hasMessage("session invalid");
        dispatcher.heartbeat(second.id());
        timer.advance(Duration.ofSeconds(10));
        dispatcher.heartbeat(second.id());
        timer.advance(Duration.ofSeconds(10));
        assertThat(storedNode("n1").status().state()).isEqualTo("ready");
    }

    @Test
    void closingTheSessionStopsAssignments() {
        store.update(tx -> tx.create(task("a", "s", 1, spec(), TaskState.ASSIGNED, "n1")));
        dispatcher.start();
        Session s = open("n1");
        List<Assignments> seenByN2 = Collections.synchronizedList(new ArrayList<>());
        joined("n2");
        Session other = dispatcher.session("n2", description, "10.1.2.4", seenByN2::add);

        s.close();
        change("a", t -> t.withDesiredState(TaskState.SHUTDOWN));
        store.update(tx -> tx.create(task("marker", "s", 2, spec(), TaskState.ASSIGNED, "n2")));
        // events are routed in commit order: once n2 hears of the marker, n1's change was routed too
        flush();
        assertThat(seenByN2).hasSize(2);

        assertThat(messages).hasSize(1);
        assertThatThrownBy(() -> dispatcher.heartbeat(s.id())).hasMessage("session invalid");
        other.close();
    }

    @Test
    void nodesFoundUpAtStartGoDownUnlessTheyReconnect() {
        store.update(tx -> {
            tx.create(node("n1"));
            tx.create(node("n2"));
            tx.create(Fixtures2.down(node("n3")));
        });
        dispatcher.start();

        idle();
        assertThat(storedNode("n1").status().state()).isEqualTo("unknown");
        assertThat(storedNode("n1").status().message())
                .isEqualTo("Node moved to \"unknown\" state due to leadership change in cluster");
        assertThat(storedNode("n3").status().state()).isEqualTo("down");
        Session s = open("n2");
        for (int i = 0; i < 7; i++) {
            timer.advance(Duration.ofSeconds(5));
            dispatcher.heartbeat(s.id());
        }

        idle();
        assertThat(storedNode("n1").status().state()).isEqualTo("down");
        assertThat(storedNode("n1").status().message()).isEqualTo("heartbeat failure for node in \"unknown\" state");
        assertThat(storedNode("n2").status().state()).isEqualTo("ready");
    }

    /** Small node helpers for this test. */
    private static final class Fixtures2 {
        static Node down(Node n) {
            return n.withStatus(
                    new Node.Status("down", "heartbeat failure", n.status().addr()));
        }
    }
}

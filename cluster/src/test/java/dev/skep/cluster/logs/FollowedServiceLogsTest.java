package dev.skep.cluster.logs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skep.api.dispatcher.LogSource.LogOptions;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class FollowedServiceLogsTest {
    private static final LogOptions FOLLOW = new LogOptions(true, true, true, false, "all", 0, 0);

    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    /** Each task read: one line naming it, then the log ends (as a container that exited). */
    private final List<String> read = new CopyOnWriteArrayList<>();

    private final ClusterLogs logs = (tasks, options, sink) -> {
        for (Task t : tasks) {
            read.add(t.id());
            sink.line(t.id(), 1, ("line of " + t.id()).getBytes(StandardCharsets.UTF_8));
        }
        return List.of();
    };
    private final List<String> lines = new CopyOnWriteArrayList<>();

    @Test
    void followsTasksThatGetAContainerLaterAndEndsWhenTheServiceIsRemoved() throws Exception {
        Service service = service("svc1");
        store.update(tx -> {
            tx.create(service);
            tx.create(task("t1", "svc1", "node1", TaskState.RUNNING));
            tx.create(task("t2", "svc1", "node1", TaskState.PREPARING));
            tx.create(task("other", "svc2", "node1", TaskState.RUNNING));
        });
        List<String> followedTasks = new CopyOnWriteArrayList<>();
        AtomicReference<List<String>> problems = new AtomicReference<>();
        Thread runner = Thread.ofVirtual().start(() -> {
            try {
                problems.set(logs.followService(
                        store,
                        "svc1",
                        FOLLOW,
                        (taskId, stream, line) -> lines.add(new String(line, StandardCharsets.UTF_8)),
                        t -> followedTasks.add(t.id())));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });

        await().atMost(Duration.ofSeconds(5)).until(() -> read.contains("t1"));
        assertThat(read).containsExactly("t1"); // t2 has no container yet

        store.update(tx -> tx.update(running(tx.tasks().get("t2"))));
        store.update(tx -> tx.create(task("t3", "svc1", "node2", TaskState.RUNNING))); // e.g. a scale-up
        store.update(tx -> tx.create(task("t4", "svc1", null, TaskState.PENDING))); // not placed: nothing to read
        await().atMost(Duration.ofSeconds(5)).until(() -> read.size() == 3);
        assertThat(read).containsExactlyInAnyOrder("t1", "t2", "t3");
        assertThat(followedTasks).containsExactlyInAnyOrder("t1", "t2", "t3");
        assertThat(lines).contains("line of t2", "line of t3").doesNotContain("line of other");

        store.update(tx -> tx.update(running(tx.tasks().get("t2")))); // seen again: not read twice
        store.update(tx -> tx.delete(tx.services().get("svc1")));
        runner.join(Duration.ofSeconds(5));
        assertThat(runner.isAlive()).isFalse();
        assertThat(problems.get()).isEmpty();
        assertThat(read).hasSize(3);
    }

    @Test
    void endsWhenTheClientGoesAway() throws Exception {
        store.update(tx -> tx.create(service("svc1")));
        Thread runner = Thread.ofVirtual().start(() -> {
            try {
                logs.followService(store, "svc1", FOLLOW, (taskId, stream, line) -> true, t -> {});
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        runner.join(Duration.ofMillis(200));
        assertThat(runner.isAlive())
                .as("a following stream does not end on its own")
                .isTrue();
        runner.interrupt();
        runner.join(Duration.ofSeconds(5));
        assertThat(runner.isAlive()).isFalse();
    }

    @Test
    void endsAtOnceWhenTheServiceIsGone() throws Exception {
        store.update(tx -> tx.create(task("t1", "gone", "node1", TaskState.RUNNING)));
        assertThat(logs.followService(store, "gone", FOLLOW, (taskId, stream, line) -> true, t -> {}))
                .isEmpty();
        assertThat(read).isEmpty();
    }

    private static Service service(String id) {
        return new Service(
                id,
                null,
                null,
                null,
                new ServiceSpec("web", null, null, null, null, null, null, null),
                null,
                null,
                null,
                null,
                null);
    }

    private Task running(Task t) {
        return t.withStatus(TaskStatus.of(timer.clock().instant(), TaskState.RUNNING, "started"));
    }

    private Task task(String id, String serviceId, String nodeId, TaskState state) {
        return new Task(
                id,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                serviceId,
                1L,
                nodeId,
                TaskStatus.of(timer.clock().instant(), state, state.name()),
                TaskState.RUNNING,
                null,
                null);
    }
}

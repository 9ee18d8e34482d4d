package dev.skep.manager.dispatcher;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.manager.orchestrator.Fixture;
import dev.skep.manager.orchestrator.TaskFactory;
import java.time.Duration;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The 24 h rule on a real store with a manual clock: only a long-down node's in-flight tasks become ORPHANED. */
class OrphanedTasksTest {
    private final Fixture f = new Fixture();
    private final OrphanedTasks loop = new OrphanedTasks(f.store, f.timer);
    private final Service service = f.create(Fixture.replicated("web", 1));
    private long slot;

    @AfterEach
    void stop() {
        loop.stop();
        f.close();
    }

    private Task task(String nodeId, TaskState state) {
        Task t = TaskFactory.forSlot(null, service, ++slot, f.timer.now())
                .withNode(nodeId)
                .withStatus(TaskStatus.of(f.timer.now(), state, state.wire()));
        f.store.update(tx -> tx.create(t));
        return t;
    }

    private Map<String, TaskState> states() {
        return f.store.view(tx -> tx.tasks().all().stream()
                .collect(Collectors.toMap(Task::id, t -> t.status().state())));
    }

    @Test
    void inFlightTasksOfANodeDownFor24HoursBecomeOrphaned() {
        f.node("gone");
        Map<TaskState, Task> tasks = java.util.stream.Stream.of(
                        TaskState.NEW,
                        TaskState.PENDING,
                        TaskState.ASSIGNED,
                        TaskState.PREPARING,
                        TaskState.RUNNING,
                        TaskState.COMPLETE,
                        TaskState.FAILED)
                .collect(Collectors.toMap(Function.identity(), s -> task("gone", s)));
        f.setNodeState("gone", "down");
        f.start(loop);

        f.advance(Duration.ofHours(23));
        assertThat(states().values()).doesNotContain(TaskState.ORPHANED);

        f.advance(Duration.ofHours(1).plusMinutes(2));
        Map<String, TaskState> after = states();
        for (TaskState s : java.util.List.of(TaskState.ASSIGNED, TaskState.PREPARING, TaskState.RUNNING)) {
            assertThat(after.get(tasks.get(s).id())).as("was %s", s).isEqualTo(TaskState.ORPHANED);
        }
        for (TaskState s : java.util.List.of(TaskState.NEW, TaskState.PENDING, TaskState.COMPLETE, TaskState.FAILED)) {
            assertThat(after.get(tasks.get(s).id())).as("was %s", s).isEqualTo(s);
        }
        assertThat(f.task(tasks.get(TaskState.RUNNING).id()).status().message()).isEqualTo(OrphanedTasks.MESSAGE);
    }

    @Test
    void readyAndRecentlyDownNodesKeepTheirTasks() {
        f.node("up");
        f.node("late");
        Task onUp = task("up", TaskState.RUNNING);
        Task onLate = task("late", TaskState.RUNNING);
        f.start(loop);
        f.advance(Duration.ofHours(20));
        f.setNodeState("late", "down");

        f.advance(Duration.ofHours(10));

        assertThat(states()).containsEntry(onUp.id(), TaskState.RUNNING).containsEntry(onLate.id(), TaskState.RUNNING);
        f.advance(Duration.ofHours(15));
        assertThat(states()).containsEntry(onUp.id(), TaskState.RUNNING).containsEntry(onLate.id(), TaskState.ORPHANED);
    }
}

package dev.skep.manager.taskreaper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.manager.orchestrator.Fixture;
import dev.skep.manager.orchestrator.TaskFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The reaper alone: tests write the tasks an orchestrator and agents would have left behind. */
class TaskReaperTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void stop() {
        f.close();
    }

    /** A task of {@code s} in {@code slot}, stamped one second after the previous one. */
    private Task task(Service s, long slot, TaskState state, TaskState desired) {
        f.timer.advance(Duration.ofSeconds(1));
        Task t = TaskFactory.forSlot(null, s, slot, f.timer.now())
                .withNode("A")
                .withStatus(TaskStatus.of(f.timer.now(), state, state.wire()))
                .withDesiredState(desired);
        f.store.update(tx -> tx.create(t));
        f.awaitIdle();
        return t;
    }

    private List<String> ids(Service s) {
        return f.tasks(s.id()).stream().map(Task::id).toList();
    }

    @Test
    void keepsTheFiveNewestTasksOfASlot() {
        Service s = f.create(Fixture.replicated("web", 1));
        f.start(new TaskReaper(f.store, f.timer));
        List<Task> history = new ArrayList<>();
        for (int i = 0; i < 7; i++) history.add(task(s, 1, TaskState.FAILED, TaskState.SHUTDOWN));
        Task other = task(s, 2, TaskState.FAILED, TaskState.SHUTDOWN);
        Task current = task(s, 1, TaskState.RUNNING, TaskState.RUNNING);

        assertThat(ids(s))
                .containsExactlyInAnyOrder(
                        history.get(3).id(),
                        history.get(4).id(),
                        history.get(5).id(),
                        history.get(6).id(),
                        current.id(),
                        other.id());
    }

    @Test
    void followsTheClusterRetentionLimit() {
        f.store.update(tx -> tx.create(new Cluster(
                Ids.newId(),
                null,
                null,
                null,
                new Cluster.Spec("default", null, new Cluster.Orchestration(2L), null, null, null, null, null),
                null,
                null,
                null,
                null,
                null,
                null)));
        Service s = f.create(Fixture.replicated("web", 1));
        f.start(new TaskReaper(f.store, f.timer));
        Task old = task(s, 1, TaskState.FAILED, TaskState.SHUTDOWN);
        Task previous = task(s, 1, TaskState.FAILED, TaskState.SHUTDOWN);
        Task current = task(s, 1, TaskState.RUNNING, TaskState.RUNNING);

        assertThat(ids(s))
                .containsExactlyInAnyOrder(previous.id(), current.id())
                .doesNotContain(old.id());
    }

    @Test
    void deletesRemovedTasksOnceTheyStopped() {
        Service s = f.create(Fixture.replicated("web", 1));
        f.start(new TaskReaper(f.store, f.timer));
        Task running = task(s, 1, TaskState.RUNNING, TaskState.REMOVE);
        Task neverPlaced = task(s, 2, TaskState.PENDING, TaskState.REMOVE);

        assertThat(ids(s)).containsExactly(running.id());
        f.setState(running.id(), TaskState.SHUTDOWN);
        assertThat(ids(s)).isEmpty();
        assertThat(neverPlaced).isNotNull();
    }

    @Test
    void deletesTasksOfADeletedServiceOnceStopped() {
        Service s = f.create(Fixture.replicated("web", 1));
        f.start(new TaskReaper(f.store, f.timer));
        Task stopped = task(s, 1, TaskState.FAILED, TaskState.SHUTDOWN);
        Task running = task(s, 1, TaskState.RUNNING, TaskState.RUNNING);

        f.delete(s.id());

        assertThat(ids(s)).containsExactly(running.id()).doesNotContain(stopped.id());
        f.setState(running.id(), TaskState.SHUTDOWN);
        assertThat(ids(s)).isEmpty();
    }

    @Test
    void aStartingReaperCleansUpWhatItFinds() {
        Service s = f.create(Fixture.replicated("web", 1));
        for (int i = 0; i < 6; i++) task(s, 1, TaskState.FAILED, TaskState.SHUTDOWN);
        Task removed = task(s, 2, TaskState.COMPLETE, TaskState.REMOVE);
        TaskReaper reaper = new TaskReaper(f.store, f.timer);

        f.start(reaper);

        assertThat(ids(s)).hasSize(5).doesNotContain(removed.id());
        reaper.stop();
        assertThat(Fixture.threadAlive("skep-task-reaper")).isFalse();
    }
}

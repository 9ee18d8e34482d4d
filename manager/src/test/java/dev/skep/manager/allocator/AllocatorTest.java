package dev.skep.manager.allocator;

import static dev.skep.manager.scheduler.Fixtures.service;
import static dev.skep.manager.scheduler.Fixtures.spec;
import static dev.skep.manager.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.Idle;
import dev.skep.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AllocatorTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final Allocator allocator = new Allocator(store, timer);

    @AfterEach
    void stop() {
        allocator.stop();
    }

    private Task stored(String id) {
        return store.view(tx -> tx.tasks().get(id));
    }

    private static Task fresh(String id, long slot) {
        return task(id, "s", slot, spec(), TaskState.NEW, null);
    }

    @Test
    void movesNewTasksToPending() {
        store.update(tx -> tx.create(service("s", spec())));
        allocator.start();
        store.update(tx -> tx.create(fresh("t1", 1)));

        Idle.await(allocator);
        assertThat(stored("t1").state()).isEqualTo(TaskState.PENDING);
        Task t = stored("t1");
        assertThat(t.status().message()).isEqualTo("pending task scheduling");
        assertThat(t.status().timestamp()).isEqualTo(timer.now());
        assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING);
        assertThat(t.nodeID()).isNull();
    }

    @Test
    void allocatesTasksThatWereNewBeforeItStartedInOneCommit() {
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= 300; i++) tasks.add(fresh("t" + i, i));
        store.update(tx -> tasks.forEach(tx::create));
        long before = store.index();

        allocator.start();

        Idle.await(allocator);
        List<Task> all = store.view(tx -> tx.tasks().all());
        assertThat(all).extracting(Task::state).containsOnly(TaskState.PENDING);
        assertThat(store.index()).isEqualTo(before + 1);
    }

    @Test
    void keepsGlobalTasksOnTheirNodeAndLeavesOtherStatesAlone() {
        allocator.start();
        store.update(tx -> {
            tx.create(task("g1", "g", 0, spec(), TaskState.NEW, "n1"));
            tx.create(task("run", "s", 1, spec(), TaskState.RUNNING, "n2"));
        });

        Idle.await(allocator);
        assertThat(stored("g1").state()).isEqualTo(TaskState.PENDING);
        assertThat(stored("g1").nodeID()).isEqualTo("n1");
        assertThat(stored("run").state()).isEqualTo(TaskState.RUNNING);
        assertThat(stored("run").version().value())
                .isEqualTo(stored("g1").version().value() - 1);
    }

    @Test
    void allocatesDelayedRestartsThatWantToBeReady() {
        allocator.start();
        store.update(tx -> tx.create(fresh("r1", 1).withDesiredState(TaskState.READY)));

        Idle.await(allocator);
        assertThat(stored("r1").state()).isEqualTo(TaskState.PENDING);
        assertThat(stored("r1").desiredState()).isEqualTo(TaskState.READY);
    }

    @Test
    void canBeStoppedAndStartedAgain() {
        allocator.start();
        allocator.stop();
        store.update(tx -> tx.create(fresh("t1", 1)));
        assertThat(stored("t1").state()).isEqualTo(TaskState.NEW);

        allocator.start();

        Idle.await(allocator);
        assertThat(stored("t1").state()).isEqualTo(TaskState.PENDING);
    }
}

package dev.skep.manager.orchestrator.replicated;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.manager.orchestrator.Fixture;
import dev.skep.manager.orchestrator.TaskFactory;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ReplicatedOrchestratorTest {
    private final Fixture f = new Fixture();

    @BeforeEach
    void startOrchestrator() {
        f.node("A");
        f.node("B");
        f.node("C");
        f.start(new ReplicatedOrchestrator(f.store, f.timer));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private static List<Long> slots(List<Task> tasks) {
        return tasks.stream().map(Task::slotNumber).sorted().toList();
    }

    @Test
    void createsOneNewTaskPerSlotFromTheTemplate() {
        Service s = f.create(Fixture.replicated("web", 3));

        List<Task> tasks = f.tasks(s.id());
        assertThat(slots(tasks)).containsExactly(1L, 2L, 3L);
        assertThat(tasks).allSatisfy(t -> {
            assertThat(t.nodeID()).isNull();
            assertThat(t.state()).isEqualTo(TaskState.NEW);
            assertThat(t.status().message()).isEqualTo("created");
            assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING);
            assertThat(t.serviceID()).isEqualTo(s.id());
            assertThat(t.specVersion()).isEqualTo(s.version());
            assertThat(TaskFactory.isTaskDirty(s, t)).isFalse();
        });
    }

    @Test
    void scaleUpFillsTheLowestFreeSlots() {
        Service s = f.create(Fixture.replicated("web", 4));
        f.tasks(s.id()).forEach(t -> f.run(t.id(), "A"));
        f.scale(s.id(), 2);
        assertThat(slots(f.runnable(s.id()))).containsExactly(1L, 2L);

        f.scale(s.id(), 3);

        assertThat(slots(f.runnable(s.id()))).containsExactly(1L, 2L, 3L);
        assertThat(f.tasks(s.id(), t -> t.slotNumber() == 3 && t.state() == TaskState.NEW))
                .hasSize(1);
    }

    @Test
    void scaleDownRemovesIdleSlotsFirstThenCopiesFromTheBusiestNode() {
        Service s = f.create(Fixture.replicated("web", 5));
        List<Task> t = f.tasks(s.id());
        f.run(t.get(0).id(), "A");
        f.run(t.get(1).id(), "A");
        f.run(t.get(2).id(), "A");
        f.run(t.get(3).id(), "B");
        // slot 5 is placed on B but not running yet
        f.store.update(tx -> tx.update(tx.tasks().get(t.get(4).id()).withNode("B")));

        f.scale(s.id(), 3);

        assertThat(slots(f.runnable(s.id()))).containsExactly(1L, 2L, 4L);
        assertThat(f.tasks(s.id(), x -> x.desiredState() == TaskState.REMOVE))
                .extracting(Task::slotNumber)
                .containsExactlyInAnyOrder(3L, 5L);
    }

    @Test
    void scaleDownOfBalancedSlotsRemovesTheHighestSlotNumbers() {
        Service s = f.create(Fixture.replicated("web", 3));
        List<Task> t = f.tasks(s.id());
        f.run(t.get(0).id(), "C");
        f.run(t.get(1).id(), "B");
        f.run(t.get(2).id(), "A");

        f.scale(s.id(), 1);

        assertThat(slots(f.runnable(s.id()))).containsExactly(1L);
    }

    @Test
    void deletingTheServiceMarksEveryTaskForRemoval() {
        Service s = f.create(Fixture.replicated("web", 2));
        f.runAll(s.id(), "A");

        f.delete(s.id());

        assertThat(f.tasks(s.id()))
                .hasSize(2)
                .allSatisfy(t -> assertThat(t.desiredState()).isEqualTo(TaskState.REMOVE));
    }

    @Test
    void tasksOfADownNodeAreReplacedInTheirSlotWithoutTheRestartDelay() {
        Service s = f.create(Fixture.replicated("web", 1));
        Task old = f.tasks(s.id()).get(0);
        f.run(old.id(), "A");

        f.setNodeState("A", "down");

        assertThat(f.task(old.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        Task replacement = f.runnable(s.id()).get(0);
        assertThat(replacement.slotNumber()).isEqualTo(1);
        assertThat(replacement.nodeID()).isNull();
        // No 5 s delay and no waiting for the old task: the node is gone, nothing is crash-looping.
        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void aTaskThatFailedOnAHealthyNodeStillWaitsForTheRestartDelay() {
        Service s = f.create(Fixture.replicated("web", 1));
        Task old = f.tasks(s.id()).get(0);
        f.run(old.id(), "A");

        f.setState(old.id(), TaskState.FAILED);

        Task replacement = f.runnable(s.id()).get(0);
        assertThat(replacement.desiredState()).isEqualTo(TaskState.READY);
        f.advance(Duration.ofMillis(4_900));
        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.READY);
        f.advance(Duration.ofMillis(200));
        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void drainingANodeStartsTheReplacementOnlyOnceTheOldTaskStopped() {
        Service s = f.create(Fixture.replicated("web", 1));
        Task old = f.tasks(s.id()).get(0);
        f.run(old.id(), "A");

        f.setAvailability("A", "drain");

        Task replacement = f.runnable(s.id()).get(0);
        assertThat(replacement.id()).isNotEqualTo(old.id());
        f.advance(Duration.ofSeconds(30)); // no restart delay on a drained node, but the old task still runs
        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.READY);

        f.setState(old.id(), TaskState.SHUTDOWN);

        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void jobServicesAreLeftAlone() {
        Service s = f.create(Fixture.spec(
                "job",
                new dev.skep.api.model.ServiceMode(
                        null, null, new dev.skep.api.model.ServiceMode.ReplicatedJob(1L, 1L), null),
                "busybox:1",
                null,
                null,
                null));

        assertThat(f.tasks(s.id())).isEmpty();
    }

    @Test
    void aRestartedOrchestratorReconcilesFromTheStoreAlone() {
        ReplicatedOrchestrator second = new ReplicatedOrchestrator(f.store, f.timer);
        f.close();
        assertThat(Fixture.threadAlive("skep-replicated-orchestrator")).isFalse();
        Service s = f.create(Fixture.replicated("web", 2));
        assertThat(f.tasks(s.id())).isEmpty();

        f.start(second);

        assertThat(slots(f.runnable(s.id()))).containsExactly(1L, 2L);
        second.stop();
        second.start();
        f.awaitIdle();
        assertThat(f.tasks(s.id())).hasSize(2);
    }
}

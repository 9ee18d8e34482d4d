package dev.skep.manager.orchestrator.global;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Placement;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.manager.orchestrator.Fixture;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class GlobalOrchestratorTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void stop() {
        f.close();
    }

    private static ServiceSpec global(String name) {
        return Fixture.spec(name, ServiceMode.ofGlobal(), "busybox:1", null, null, null);
    }

    private List<String> nodesOfRunnable(Service s) {
        return f.runnable(s.id()).stream().map(Task::nodeID).sorted().toList();
    }

    @Test
    void runsOneTaskOnEachReadyActiveNode() {
        f.node("A");
        f.node("B");
        f.node("C", "ready", "pause");
        f.node("D", "ready", "drain");
        f.node("E", "down", "active");
        f.start(new GlobalOrchestrator(f.store, f.timer));

        Service s = f.create(global("agent"));

        assertThat(nodesOfRunnable(s)).containsExactly("A", "B");
        assertThat(f.tasks(s.id())).allSatisfy(t -> {
            assertThat(t.slotNumber()).isZero();
            assertThat(t.state()).isEqualTo(TaskState.NEW);
            assertThat(t.desiredState()).isEqualTo(TaskState.RUNNING);
        });
    }

    @Test
    void drainingANodeShutsItsTaskDownWithoutReplacement() {
        f.node("A");
        f.node("B");
        f.start(new GlobalOrchestrator(f.store, f.timer));
        Service s = f.create(global("agent"));
        f.tasks(s.id()).forEach(t -> f.run(t.id(), t.nodeID()));

        f.setAvailability("A", "drain");

        assertThat(nodesOfRunnable(s)).containsExactly("B");
        assertThat(f.tasks(s.id(), t -> "A".equals(t.nodeID())))
                .singleElement()
                .satisfies(t -> assertThat(t.desiredState()).isEqualTo(TaskState.SHUTDOWN));
        f.setState(f.tasks(s.id(), t -> "A".equals(t.nodeID())).get(0).id(), TaskState.SHUTDOWN);
        assertThat(nodesOfRunnable(s)).containsExactly("B");
    }

    @Test
    void pausingANodeKeepsItsTaskButANewNodeGetsOne() {
        f.node("A");
        f.start(new GlobalOrchestrator(f.store, f.timer));
        Service s = f.create(global("agent"));

        f.setAvailability("A", "pause");
        f.node("B");

        assertThat(nodesOfRunnable(s)).containsExactly("A", "B");
    }

    @Test
    void aNodeThatComesBackGetsANewTask() {
        f.node("A");
        f.start(new GlobalOrchestrator(f.store, f.timer));
        Service s = f.create(global("agent"));
        f.setNodeState("A", "down");
        assertThat(f.runnable(s.id())).isEmpty();

        f.setNodeState("A", "ready");

        assertThat(nodesOfRunnable(s)).containsExactly("A");
        assertThat(f.tasks(s.id())).hasSize(2);
    }

    @Test
    void nodesFailingThePlacementGetNoTask() {
        f.node("A");
        f.node("B");
        f.start(new GlobalOrchestrator(
                f.store, f.timer, (service, node) -> !node.id().equals("B")));

        Service s = f.create(global("agent"));

        assertThat(nodesOfRunnable(s)).containsExactly("A");
    }

    @Test
    void placementConstraintsDecideByDefaultAndAreReappliedOnUpdate() {
        f.node("A");
        f.node("B");
        f.start(new GlobalOrchestrator(f.store, f.timer));
        ServiceSpec spec = global("agent");
        Placement onA = new Placement(List.of("node.hostname==host-A"), null, null, null);
        Service s = f.create(spec.withTaskTemplate(new TaskSpec(
                null, spec.taskTemplate().containerSpec(), null, null, null, onA, null, null, null, null)));
        assertThat(nodesOfRunnable(s)).containsExactly("A");

        Placement onB = new Placement(List.of("node.hostname==host-B"), null, null, null);
        f.updateSpec(
                s.id(),
                sp -> sp.withTaskTemplate(new TaskSpec(
                        null, sp.taskTemplate().containerSpec(), null, null, null, onB, null, null, null, null)));

        assertThat(nodesOfRunnable(s)).containsExactly("B");
    }

    @Test
    void aFailedTaskIsReplacedOnTheSameNodeAfterTheDelay() {
        f.node("A");
        f.start(new GlobalOrchestrator(f.store, f.timer));
        Service s = f.create(global("agent"));
        Task first = f.tasks(s.id()).get(0);
        f.run(first.id(), "A");

        f.setState(first.id(), TaskState.FAILED, 1L);

        Task replacement = f.runnable(s.id()).get(0);
        assertThat(replacement.nodeID()).isEqualTo("A");
        assertThat(replacement.desiredState()).isEqualTo(TaskState.READY);
        f.advance(Duration.ofSeconds(5));
        assertThat(f.task(replacement.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void rollsOutANewSpecNodeByNode() {
        f.node("A");
        f.node("B");
        f.start(new GlobalOrchestrator(f.store, f.timer));
        Service s = f.create(global("agent"));
        f.tasks(s.id()).forEach(t -> f.run(t.id(), t.nodeID()));

        f.updateSpec(s.id(), spec -> Fixture.withImage(spec, "busybox:2"));
        for (int i = 0; i < 2; i++) {
            f.stopShutDownTasks(s.id());
            f.tasks(s.id(), t -> t.desiredState() == TaskState.RUNNING && t.state() != TaskState.RUNNING)
                    .forEach(t -> f.run(t.id(), t.nodeID()));
        }

        assertThat(f.runnable(s.id()))
                .hasSize(2)
                .allSatisfy(t -> assertThat(Fixture.hasImage(t, "busybox:2")).isTrue());
        assertThat(nodesOfRunnable(s)).containsExactly("A", "B");
    }

    @Test
    void deletingTheServiceMarksItsTasksForRemovalAndStopsCleanly() {
        f.node("A");
        GlobalOrchestrator g = f.start(new GlobalOrchestrator(f.store, f.timer));
        Service s = f.create(global("agent"));

        f.delete(s.id());

        assertThat(f.tasks(s.id()))
                .singleElement()
                .satisfies(t -> assertThat(t.desiredState()).isEqualTo(TaskState.REMOVE));
        g.stop();
        assertThat(Fixture.threadAlive("skep-global-orchestrator")).isFalse();
    }
}

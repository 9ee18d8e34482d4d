package dev.skep.manager.orchestrator.update;

import static dev.skep.manager.orchestrator.Fixture.hasImage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.UpdateConfig;
import dev.skep.manager.orchestrator.Fixture;
import dev.skep.manager.orchestrator.replicated.ReplicatedOrchestrator;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Rolling updates and rollbacks as the replicated orchestrator drives them. */
class UpdaterTest {
    private static final long SECOND = Duration.ofSeconds(1).toNanos();
    private final Fixture f = new Fixture();

    @BeforeEach
    void start() {
        f.node("A");
        f.start(new ReplicatedOrchestrator(f.store, f.timer));
    }

    @AfterEach
    void stop() {
        f.close();
    }

    private Service running(long replicas, UpdateConfig update, UpdateConfig rollback) {
        Service s =
                f.create(Fixture.spec("web", ServiceMode.ofReplicated(replicas), "busybox:1", null, update, rollback));
        f.runAll(s.id(), "A");
        return s;
    }

    private void updateImage(Service s, String image) {
        f.updateSpec(s.id(), spec -> Fixture.withImage(spec, image));
    }

    private List<Task> withImage(Service s, String image) {
        return f.tasks(s.id(), t -> hasImage(t, image));
    }

    private Service.UpdateStatus status(Service s) {
        return f.service(s.id()).updateStatus();
    }

    /** Plays the agents: stops what was told to stop, starts what was told to run. */
    private void converge(Service s) {
        f.stopShutDownTasks(s.id());
        f.runAll(s.id(), "A");
    }

    @Test
    void rollsOutTwoSlotsAtATimeWithTheDelayBetweenBatches() {
        Service s = running(4, new UpdateConfig(2L, 10 * SECOND, null, null, null, null), null);

        updateImage(s, "busybox:2");

        assertThat(status(s).state()).isEqualTo("updating");
        assertThat(status(s).message()).isEqualTo("update in progress");
        assertThat(withImage(s, "busybox:2")).extracting(Task::slotNumber).containsExactlyInAnyOrder(1L, 2L);
        converge(s);
        f.advance(Duration.ofMillis(9_999));
        assertThat(withImage(s, "busybox:2")).hasSize(2);
        f.advance(Duration.ofMillis(1));
        assertThat(withImage(s, "busybox:2")).extracting(Task::slotNumber).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
        converge(s);
        assertThat(f.runnable(s.id()))
                .hasSize(4)
                .allSatisfy(t -> assertThat(hasImage(t, "busybox:2")).isTrue());

        // After the last batch: its Delay, then a watch of Delay + 1 s (the delay is longer than Monitor).
        f.advance(Duration.ofMillis(20_999));
        assertThat(status(s).state()).isEqualTo("updating");
        f.advance(Duration.ofMillis(1));
        assertThat(status(s).state()).isEqualTo("completed");
        assertThat(status(s).message()).isEqualTo("update completed");
        assertThat(status(s).completedAt()).isEqualTo(f.timer.now());
    }

    @Test
    void stopFirstStartsTheNewTaskOnlyOnceTheOldOneStopped() {
        Service s = running(1, null, null);
        Task old = f.tasks(s.id()).get(0);

        updateImage(s, "busybox:2");

        Task fresh = withImage(s, "busybox:2").get(0);
        assertThat(f.task(old.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(fresh.desiredState()).isEqualTo(TaskState.READY);
        assertThat(fresh.slotNumber()).isEqualTo(1);
        f.advance(Duration.ofSeconds(30));
        assertThat(f.task(fresh.id()).desiredState()).isEqualTo(TaskState.READY);

        f.setState(old.id(), TaskState.SHUTDOWN);

        assertThat(f.task(fresh.id()).desiredState()).isEqualTo(TaskState.RUNNING);
    }

    @Test
    void startFirstStopsTheOldTaskOnlyOnceTheNewOneRuns() {
        Service s = running(1, new UpdateConfig(1L, 0L, null, null, null, UpdateConfig.START_FIRST), null);
        Task old = f.tasks(s.id()).get(0);

        updateImage(s, "busybox:2");

        Task fresh = withImage(s, "busybox:2").get(0);
        assertThat(fresh.desiredState()).isEqualTo(TaskState.RUNNING);
        assertThat(f.task(old.id()).desiredState()).isEqualTo(TaskState.RUNNING);
        f.setState(fresh.id(), TaskState.STARTING);
        assertThat(f.task(old.id()).desiredState()).isEqualTo(TaskState.RUNNING);

        f.run(fresh.id(), "A");

        assertThat(f.task(old.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
    }

    @Test
    void aTaskFailingWithinMonitorPausesTheUpdate() {
        Service s = running(2, new UpdateConfig(1L, 30 * SECOND, UpdateConfig.PAUSE, 10 * SECOND, null, null), null);
        updateImage(s, "busybox:2");
        converge(s);
        Task fresh = withImage(s, "busybox:2").get(0);
        assertThat(fresh.slotNumber()).isEqualTo(1);

        f.advance(Duration.ofSeconds(3));
        f.setState(fresh.id(), TaskState.FAILED, 1L);

        assertThat(status(s).state()).isEqualTo("paused");
        assertThat(status(s).message())
                .isEqualTo("update paused due to failure or early termination of task " + fresh.id());
        converge(s);
        f.advance(Duration.ofSeconds(60));
        assertThat(f.tasks(s.id(), t -> t.slotNumber() == 2 && hasImage(t, "busybox:2")))
                .isEmpty();
        assertThat(status(s).state()).isEqualTo("paused");
    }

    @Test
    void aTaskFailingAfterMonitorDoesNotCount() {
        Service s = running(2, new UpdateConfig(1L, 0L, UpdateConfig.PAUSE, 10 * SECOND, null, null), null);
        updateImage(s, "busybox:2");
        converge(s); // slot 1 runs the new spec; slot 2 is replaced at once (no delay)
        converge(s);
        Task first = f.tasks(s.id(), t -> t.slotNumber() == 1 && hasImage(t, "busybox:2"))
                .get(0);

        f.advance(Duration.ofSeconds(11));
        f.setState(first.id(), TaskState.FAILED, 1L);

        assertThat(status(s).state()).isNotEqualTo("paused");
    }

    @Test
    void failureActionRollbackRestoresThePreviousSpec() {
        UpdateConfig update = new UpdateConfig(1L, 0L, UpdateConfig.ROLLBACK, 10 * SECOND, null, null);
        UpdateConfig rollback = new UpdateConfig(0L, 0L, null, SECOND, null, null);
        Service s = running(2, update, rollback);
        updateImage(s, "busybox:2");
        converge(s);
        Task fresh = withImage(s, "busybox:2").get(0);

        f.setState(fresh.id(), TaskState.FAILED, 1L);

        Service rolledBack = f.service(s.id());
        assertThat(rolledBack.updateStatus().state()).isEqualTo("rollback_started");
        assertThat(rolledBack.updateStatus().message())
                .isEqualTo("update rolled back due to failure or early termination of task " + fresh.id());
        assertThat(rolledBack.spec().taskTemplate().containerSpec().image()).isEqualTo("busybox:1");
        assertThat(rolledBack.previousSpec()).isNull();
        converge(s);
        assertThat(f.runnable(s.id()))
                .hasSize(2)
                .allSatisfy(t -> assertThat(hasImage(t, "busybox:1")).isTrue());
        f.advance(Duration.ofSeconds(1));
        assertThat(status(s).state()).isEqualTo("rollback_completed");
        assertThat(status(s).message()).isEqualTo("rollback completed");
    }

    @Test
    void aRequestedRollbackUsesTheRollbackConfigAndCompletes() {
        Service s = running(2, null, new UpdateConfig(0L, 0L, null, 2 * SECOND, null, null));
        updateImage(s, "busybox:2");
        converge(s);
        converge(s);
        f.advance(Duration.ofSeconds(5));
        assertThat(status(s).state()).isEqualTo("completed");

        // What the control API writes for `docker service rollback`.
        f.store.update(tx -> {
            Service cur = tx.services().get(s.id());
            tx.update(cur.withSpec(cur.previousSpec(), null)
                    .withUpdateStatus(new Service.UpdateStatus(
                            "rollback_started", f.timer.now(), null, "manually requested rollback")));
        });
        f.awaitIdle();

        // parallelism 0: both slots at once
        assertThat(f.tasks(s.id(), t -> hasImage(t, "busybox:1") && t.desiredState() == TaskState.READY))
                .hasSize(2);
        converge(s);
        f.advance(Duration.ofMillis(1_999));
        assertThat(status(s).state()).isEqualTo("rollback_started");
        f.advance(Duration.ofMillis(1));
        assertThat(status(s).state()).isEqualTo("rollback_completed");
        assertThat(status(s).message()).isEqualTo("rollback completed");
    }

    @Test
    void aNewSpecDuringAnUpdateRestartsItWithTheNewestSpec() {
        Service s = running(2, null, null);
        updateImage(s, "busybox:2");
        assertThat(withImage(s, "busybox:2")).hasSize(1);

        updateImage(s, "busybox:3");
        converge(s);
        converge(s);

        assertThat(f.runnable(s.id()))
                .hasSize(2)
                .allSatisfy(t -> assertThat(hasImage(t, "busybox:3")).isTrue());
        f.advance(Duration.ofSeconds(5));
        assertThat(status(s).state()).isEqualTo("completed");
    }
}

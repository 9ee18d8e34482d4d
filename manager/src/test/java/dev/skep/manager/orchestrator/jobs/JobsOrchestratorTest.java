package dev.skep.manager.orchestrator.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Ids;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.Version;
import dev.skep.manager.orchestrator.Fixture;
import dev.skep.manager.orchestrator.global.GlobalOrchestrator;
import dev.skep.manager.orchestrator.replicated.ReplicatedOrchestrator;
import dev.skep.manager.taskreaper.TaskReaper;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JobsOrchestratorTest {
    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private static ServiceMode replicatedJob(long maxConcurrent, long total) {
        return new ServiceMode(null, null, new ServiceMode.ReplicatedJob(maxConcurrent, total), null);
    }

    private static ServiceMode globalJob() {
        return new ServiceMode(null, null, null, new ServiceMode.Global());
    }

    private Service createJob(ServiceMode mode, RestartPolicy restart) {
        ServiceSpec spec = Fixture.spec("job", mode, "busybox:1", restart, null, null);
        Service s = new Service(
                Ids.newId(),
                null,
                null,
                null,
                spec,
                null,
                null,
                null,
                null,
                new Service.JobStatus(Version.of(0), f.timer.now()));
        f.store.update(tx -> tx.create(s));
        f.awaitIdle();
        return f.service(s.id());
    }

    /** What the control API does on a service update of a job: the next iteration. */
    private void nextIteration(String serviceId) {
        f.store.update(tx -> {
            Service s = tx.services().get(serviceId);
            long next = s.jobStatus().jobIteration().value() + 1;
            tx.update(s.withJobStatus(new Service.JobStatus(Version.of(next), f.timer.now())));
        });
        f.awaitIdle();
    }

    private List<Task> wanted(String serviceId) {
        return f.tasks(serviceId, t -> t.desiredState() == TaskState.COMPLETE);
    }

    private List<Task> live(String serviceId) {
        return f.tasks(
                serviceId,
                t -> t.desiredState() == TaskState.COMPLETE && !t.state().isTerminal());
    }

    @Test
    void replicatedJobRunsAtMostMaxConcurrentUntilTotalCompletions() {
        f.node("n1");
        f.start(new JobsOrchestrator(f.store, f.timer));
        // The other loops must leave the job alone.
        f.start(new ReplicatedOrchestrator(f.store, f.timer));
        f.start(new GlobalOrchestrator(f.store, f.timer));
        f.start(new TaskReaper(f.store, f.timer));
        Service s = createJob(replicatedJob(2, 5), null);

        assertThat(live(s.id()))
                .hasSize(2)
                .allSatisfy(t -> {
                    assertThat(t.jobIteration()).isEqualTo(Version.of(0));
                    assertThat(t.desiredState()).isEqualTo(TaskState.COMPLETE);
                })
                .extracting(Task::slotNumber)
                .containsExactlyInAnyOrder(0L, 1L);

        int completed = 0;
        while (!live(s.id()).isEmpty()) {
            List<Task> running = live(s.id());
            assertThat(running).hasSizeLessThanOrEqualTo(2);
            f.run(running.get(0).id(), "n1");
            f.setState(running.get(0).id(), TaskState.COMPLETE, 0L);
            completed++;
            assertThat(completed).isLessThanOrEqualTo(5);
        }
        List<Task> all = f.tasks(s.id());
        assertThat(all).hasSize(5).allMatch(t -> t.state() == TaskState.COMPLETE);
        assertThat(all).extracting(Task::slotNumber).containsExactlyInAnyOrder(0L, 1L, 2L, 3L, 4L);
        assertThat(all).allMatch(t -> t.desiredState() == TaskState.COMPLETE);
    }

    @Test
    void lastTasksOfAJobDoNotStartBeyondTotalCompletions() {
        f.start(new JobsOrchestrator(f.store, f.timer));
        Service s = createJob(replicatedJob(4, 3), null);
        assertThat(live(s.id())).hasSize(3);
    }

    @Test
    void failedTasksAreRetriedAfterTheDelayUpToMaxAttempts() {
        f.node("n1");
        f.start(new JobsOrchestrator(f.store, f.timer));
        RestartPolicy policy = new RestartPolicy(
                RestartPolicy.ON_FAILURE, Duration.ofSeconds(2).toNanos(), 2L, null);
        Service s = createJob(replicatedJob(1, 1), policy);

        for (int attempt = 1; attempt <= 3; attempt++) {
            Task t = live(s.id()).get(0);
            assertThat(t.slotNumber()).isZero();
            f.run(t.id(), "n1");
            f.setState(t.id(), TaskState.FAILED, 1L);
            // Still counted as the slot's task until the delay passes: no replacement yet.
            assertThat(live(s.id())).isEmpty();
            f.advance(Duration.ofSeconds(2));
            if (attempt < 3) {
                assertThat(live(s.id())).as("attempt %d", attempt).hasSize(1);
                assertThat(f.task(t.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
            }
        }
        // Two restarts used up: the third failure stays, told to stop, and nothing replaces it.
        assertThat(f.tasks(s.id())).hasSize(3).allMatch(t -> t.state() == TaskState.FAILED);
        assertThat(wanted(s.id())).isEmpty();
        f.advance(Duration.ofMinutes(1));
        assertThat(f.tasks(s.id())).hasSize(3);
    }

    @Test
    void restartConditionAnyDoesNotRestartACompletedJobTask() {
        f.node("n1");
        f.start(new JobsOrchestrator(f.store, f.timer));
        Service s = createJob(replicatedJob(1, 1), new RestartPolicy(RestartPolicy.ANY, 0L, null, null));
        Task t = live(s.id()).get(0);
        f.run(t.id(), "n1");
        f.setState(t.id(), TaskState.COMPLETE, 0L);
        f.advance(Duration.ofSeconds(10));
        assertThat(f.tasks(s.id())).containsExactly(f.task(t.id()));
    }

    @Test
    void restartConditionNoneGivesUpAtTheFirstFailure() {
        f.node("n1");
        f.start(new JobsOrchestrator(f.store, f.timer));
        Service s = createJob(replicatedJob(1, 2), new RestartPolicy(RestartPolicy.NONE, 0L, null, null));
        Task t = live(s.id()).get(0);
        f.run(t.id(), "n1");
        f.setState(t.id(), TaskState.FAILED, 2L);
        f.advance(Duration.ofSeconds(10));
        // The failed slot is given up; the other slot still runs.
        assertThat(live(s.id())).hasSize(1).allMatch(x -> x.slotNumber() != t.slotNumber());
        assertThat(f.task(t.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
    }

    @Test
    void anUpdateStartsANewIterationAndRemovesTheOldOnesRunningTasks() {
        f.node("n1");
        f.start(new JobsOrchestrator(f.store, f.timer));
        Service s = createJob(replicatedJob(2, 2), null);
        List<Task> first = live(s.id());
        f.run(first.get(0).id(), "n1");
        f.setState(first.get(0).id(), TaskState.COMPLETE, 0L);
        f.run(first.get(1).id(), "n1");

        nextIteration(s.id());

        assertThat(f.task(first.get(1).id()).desiredState()).isEqualTo(TaskState.REMOVE);
        assertThat(f.task(first.get(0).id()).desiredState())
                .as("completed tasks stay as history")
                .isEqualTo(TaskState.COMPLETE);
        assertThat(live(s.id()))
                .hasSize(2)
                .allMatch(t -> t.jobIteration().equals(Version.of(1)))
                .extracting(Task::slotNumber)
                .containsExactlyInAnyOrder(0L, 1L);
    }

    @Test
    void aTaskOnANodeThatWentDownIsTriedAgain() {
        f.node("n1");
        f.start(new JobsOrchestrator(f.store, f.timer));
        Service s = createJob(replicatedJob(1, 1), null);
        Task t = live(s.id()).get(0);
        f.run(t.id(), "n1");
        f.setNodeState("n1", "down");
        assertThat(f.task(t.id()).desiredState()).isEqualTo(TaskState.SHUTDOWN);
        assertThat(live(s.id())).hasSize(1).allMatch(x -> x.slotNumber() == 0 && x.nodeID() == null);
    }

    @Test
    void globalJobRunsOnceOnEveryEligibleNode() {
        f.node("n1");
        f.node("n2");
        f.node("n3", "ready", "drain");
        f.start(new JobsOrchestrator(f.store, f.timer));
        f.start(new GlobalOrchestrator(f.store, f.timer));
        Service s = createJob(globalJob(), null);

        assertThat(live(s.id())).extracting(Task::nodeID).containsExactlyInAnyOrder("n1", "n2");
        assertThat(live(s.id())).allMatch(t -> t.jobIteration().equals(Version.of(0)) && t.slotNumber() == 0);

        for (Task t : live(s.id())) {
            f.run(t.id(), t.nodeID());
            f.setState(t.id(), TaskState.COMPLETE, 0L);
        }
        f.advance(Duration.ofSeconds(30));
        assertThat(f.tasks(s.id())).hasSize(2).allMatch(t -> t.state() == TaskState.COMPLETE);

        // A node that joins later runs the job too; the finished nodes do not run it again.
        f.node("n4");
        assertThat(live(s.id())).extracting(Task::nodeID).containsExactly("n4");
        f.setAvailability("n3", "active");
        assertThat(live(s.id())).extracting(Task::nodeID).containsExactlyInAnyOrder("n3", "n4");
    }

    @Test
    void globalJobFailureIsRetriedOnTheSameNode() {
        f.node("n1");
        f.start(new JobsOrchestrator(f.store, f.timer));
        Service s = createJob(globalJob(), new RestartPolicy(RestartPolicy.ON_FAILURE, 0L, 1L, null));
        Task t = live(s.id()).get(0);
        f.run(t.id(), "n1");
        f.setState(t.id(), TaskState.FAILED, 1L);
        Task retry = live(s.id()).get(0);
        assertThat(retry.id()).isNotEqualTo(t.id());
        assertThat(retry.nodeID()).isEqualTo("n1");
        f.run(retry.id(), "n1");
        f.setState(retry.id(), TaskState.FAILED, 1L);
        assertThat(live(s.id())).isEmpty();
    }

    @Test
    void deletingAJobRemovesItsTasks() {
        f.node("n1");
        f.start(new JobsOrchestrator(f.store, f.timer));
        Service s = createJob(replicatedJob(2, 4), null);
        f.run(live(s.id()).get(0).id(), "n1");
        f.delete(s.id());
        assertThat(f.tasks(s.id())).hasSize(2).allMatch(t -> t.desiredState() == TaskState.REMOVE);
    }

    @Test
    void aNewLeaderPicksUpWhereTheOldOneStopped() {
        f.node("n1");
        JobsOrchestrator first = f.start(new JobsOrchestrator(f.store, f.timer));
        RestartPolicy policy = new RestartPolicy(
                RestartPolicy.ON_FAILURE, Duration.ofSeconds(5).toNanos(), null, null);
        Service s = createJob(replicatedJob(1, 2), policy);
        Task t = live(s.id()).get(0);
        f.run(t.id(), "n1");
        f.setState(t.id(), TaskState.FAILED, 1L);
        first.stop();

        f.start(new JobsOrchestrator(f.store, f.timer));
        assertThat(live(s.id())).isEmpty();
        f.advance(Duration.ofSeconds(5));
        assertThat(live(s.id())).hasSize(1).allMatch(x -> x.slotNumber() == t.slotNumber());
    }
}

package dev.skep.agent;

import static dev.skep.api.model.TaskState.COMPLETE;
import static dev.skep.api.model.TaskState.FAILED;
import static dev.skep.api.model.TaskState.READY;
import static dev.skep.api.model.TaskState.REJECTED;
import static dev.skep.api.model.TaskState.RUNNING;
import static dev.skep.api.model.TaskState.SHUTDOWN;
import static dev.skep.api.model.TaskState.STARTING;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.skep.agent.exec.sim.SimExecutor;
import dev.skep.agent.exec.sim.SimExecutor.SimState;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.ManualTimer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class AgentTest {
    private static final String NODE = "node-1";
    private final ManualTimer timer = new ManualTimer();
    private final FakeDispatcher dispatcher = new FakeDispatcher(Duration.ofSeconds(5));
    private final List<Agent> agents = new ArrayList<>();

    @AfterEach
    void stopAgents() {
        agents.forEach(Agent::stop);
    }

    private Agent agent(SimExecutor executor) {
        Agent agent = new Agent(NODE, dispatcher, executor, timer);
        agents.add(agent);
        agent.start();
        return agent;
    }

    private SimExecutor sim(SimExecutor.Config config) {
        return new SimExecutor(timer, config);
    }

    private static SimExecutor.Config config() {
        return SimExecutor.Config.defaults("host-1").withStartDelay(Duration.ofSeconds(1));
    }

    /** Moves the manual clock in small steps until the condition holds, letting the agent's threads catch up. */
    private void advanceUntil(BooleanSupplier condition) {
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(5))
                .until(() -> {
                    if (condition.getAsBoolean()) return true;
                    timer.advance(Duration.ofMillis(100));
                    return condition.getAsBoolean();
                });
    }

    private void awaitState(String taskId, TaskState state) {
        await().atMost(Duration.ofSeconds(10)).until(() -> dispatcher.state(taskId) == state);
    }

    private static Task desired(Task t, TaskState desired) {
        return t.withDesiredState(desired);
    }

    @Test
    void sessionCarriesTheExecutorsNodeDescription() {
        agent(sim(config()));
        assertThat(dispatcher.sessionsOpened).hasSize(1);
        assertThat(dispatcher.description.hostname()).isEqualTo("host-1");
        assertThat(dispatcher.description.resources().nanoCPUs()).isEqualTo(4_000_000_000L);
    }

    @Test
    void assignedTaskGoesThroughStartingToRunningAndStatesNeverGoBack() {
        SimExecutor executor = sim(config());
        Task task = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        dispatcher.initialTasks(List.of(task));
        agent(executor);

        awaitState(task.id(), STARTING);
        assertThat(executor.state(task.id())).isEqualTo(SimState.CREATED);
        timer.advance(Duration.ofSeconds(1));
        awaitState(task.id(), RUNNING);

        TaskStatus running = dispatcher.latest.get(task.id());
        assertThat(running.message()).isEqualTo("started");
        assertThat(running.containerStatus().containerID()).isEqualTo("sim-" + task.id());
        assertThat(dispatcher.reported.get(task.id())).isSorted().doesNotHaveDuplicates();
        assertThat(executor.state(task.id())).isEqualTo(SimState.RUNNING);
    }

    @Test
    void taskDesiredReadyIsPreparedButNotStartedUntilDesiredRunning() {
        SimExecutor executor = sim(config());
        Task task = TestTasks.image(NODE, "skep-busybox:latest", READY);
        dispatcher.initialTasks(List.of(task));
        agent(executor);

        awaitState(task.id(), READY);
        timer.advance(Duration.ofSeconds(30));
        assertThat(dispatcher.state(task.id())).isEqualTo(READY);
        assertThat(executor.state(task.id())).isEqualTo(SimState.CREATED);

        dispatcher.update(desired(task, RUNNING));
        advanceUntil(() -> dispatcher.state(task.id()) == RUNNING);
        assertThat(executor.state(task.id())).isEqualTo(SimState.RUNNING);
    }

    @Test
    void desiredShutdownStopsARunningTask() {
        SimExecutor executor = sim(config());
        Task task = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        dispatcher.initialTasks(List.of(task));
        agent(executor);
        advanceUntil(() -> dispatcher.state(task.id()) == RUNNING);

        dispatcher.update(desired(task, SHUTDOWN));
        awaitState(task.id(), SHUTDOWN);
        assertThat(dispatcher.latest.get(task.id()).message()).isEqualTo("shutdown");
        assertThat(executor.state(task.id())).isEqualTo(SimState.STOPPED);
    }

    @Test
    void nonZeroExitFailsTheTaskWithItsExitCode() {
        SimExecutor executor = sim(config().withExit(Duration.ofSeconds(5), 3));
        Task task = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        dispatcher.initialTasks(List.of(task));
        agent(executor);
        advanceUntil(() -> dispatcher.state(task.id()) == FAILED);

        TaskStatus failed = dispatcher.latest.get(task.id());
        assertThat(failed.err()).isEqualTo("task: non-zero exit (3)");
        assertThat(failed.containerStatus().exitCode()).isEqualTo(3L);
        assertThat(dispatcher.reported.get(task.id())).contains(RUNNING);
    }

    @Test
    void zeroExitCompletesTheTask() {
        Task task = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        dispatcher.initialTasks(List.of(task));
        agent(sim(config().withExit(Duration.ofSeconds(2), 0)));
        advanceUntil(() -> dispatcher.state(task.id()) == COMPLETE);
        assertThat(dispatcher.latest.get(task.id()).message()).isEqualTo("finished");
        assertThat(dispatcher.latest.get(task.id()).err()).isNull();
    }

    @Test
    void failureBeforeStartingRejectsTheTask() {
        Task task = TestTasks.image(NODE, "nope:1", RUNNING);
        dispatcher.initialTasks(List.of(task));
        agent(sim(config().withMissingImages(Set.of("nope:1"))));
        awaitState(task.id(), REJECTED);
        assertThat(dispatcher.latest.get(task.id()).err()).isEqualTo("No such image: nope:1");
    }

    @Test
    void shutdownOfATerminalTaskReportsNothingNew() {
        SimExecutor executor = sim(config().withExit(Duration.ofSeconds(2), 1));
        Task task = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        dispatcher.initialTasks(List.of(task));
        agent(executor);
        advanceUntil(() -> dispatcher.state(task.id()) == FAILED);
        int reports = dispatcher.reported.get(task.id()).size();

        dispatcher.update(desired(task, SHUTDOWN));
        timer.advance(Duration.ofSeconds(5));
        await().during(Duration.ofMillis(200))
                .atMost(Duration.ofSeconds(2))
                .until(() -> dispatcher.state(task.id()) == FAILED);
        assertThat(dispatcher.reported.get(task.id())).hasSize(reports);
    }

    @Test
    void taskRemovedFromAssignmentsHasItsContainerRemoved() {
        SimExecutor executor = sim(config());
        Task task = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        dispatcher.initialTasks(List.of(task));
        Agent agent = agent(executor);
        advanceUntil(() -> dispatcher.state(task.id()) == RUNNING);

        dispatcher.remove(task.id());
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.state(task.id()) == null);
        assertThat(agent.taskCount()).isZero();
    }

    @Test
    void completeAssignmentSetRemovesTasksNoLongerListed() {
        SimExecutor executor = sim(config());
        Task kept = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        Task dropped = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        dispatcher.initialTasks(List.of(kept, dropped));
        agent(executor);
        advanceUntil(() -> executor.runningCount() == 2);

        dispatcher.complete(List.of(kept));
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.state(dropped.id()) == null);
        assertThat(executor.state(kept.id())).isEqualTo(SimState.RUNNING);
    }

    @Test
    void hundredTasksStartConcurrently() {
        SimExecutor executor = sim(config().withStartDelay(Duration.ofSeconds(3)));
        List<Task> tasks = new ArrayList<>();
        for (int i = 1; i <= 100; i++) {
            tasks.add(
                    TestTasks.task(NODE, "web", i, "{\"ContainerSpec\":{\"Image\":\"skep-busybox:latest\"}}", RUNNING));
        }
        dispatcher.initialTasks(tasks);
        agent(executor);
        // Every start waits on the same 3 s of the manual clock: only concurrent starts all finish after it.
        await().atMost(Duration.ofSeconds(10)).until(() -> timer.pendingCount() >= 100);
        timer.advance(Duration.ofSeconds(3));
        await().atMost(Duration.ofSeconds(10))
                .until(() -> tasks.stream().allMatch(t -> dispatcher.state(t.id()) == RUNNING));
        assertThat(executor.runningCount()).isEqualTo(100);
    }

    @Test
    void heartbeatsAtTheSessionPeriodAndReopensAnInvalidSession() {
        Task task = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        dispatcher.initialTasks(List.of(task));
        agent(sim(config()));
        timer.advance(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.heartbeats.get() == 1);
        timer.advance(Duration.ofSeconds(4));
        assertThat(dispatcher.heartbeats.get()).isEqualTo(1);

        dispatcher.invalidateSessions = true;
        advanceUntil(() -> dispatcher.sessionsOpened.size() == 2);
        dispatcher.invalidateSessions = false;
        advanceUntil(() -> dispatcher.state(task.id()) == RUNNING);
        int beats = dispatcher.heartbeats.get();
        advanceUntil(() -> dispatcher.heartbeats.get() > beats);
        assertThat(dispatcher.sessionsOpened).hasSize(2);
    }

    @Test
    void assignmentGapReopensTheSession() {
        Agent agent = agent(sim(config()));
        String first = agent.sessionId();
        dispatcher.update(); // sequence 2: fine
        assertThat(dispatcher.sessionsOpened).hasSize(1);
        dispatcher.complete(List.of()); // sequence 3
        dispatcher.skipSequence();
        dispatcher.update();
        await().atMost(Duration.ofSeconds(5)).until(() -> dispatcher.sessionsOpened.size() == 2);
        await().atMost(Duration.ofSeconds(5)).until(() -> !first.equals(agent.sessionId()));
    }

    @Test
    void newAgentAdoptsRunningTasksWithoutDuplicatesAndDropsUnassignedOnes() {
        SimExecutor executor = sim(config());
        Task kept = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        Task gone = TestTasks.image(NODE, "skep-busybox:latest", RUNNING);
        dispatcher.initialTasks(List.of(kept, gone));
        Agent first = agent(executor);
        advanceUntil(() -> executor.runningCount() == 2);
        first.stop();
        assertThat(executor.runningCount()).isEqualTo(2);

        // The manager knows the kept task as running; the other one was deleted meanwhile.
        Task keptRunning = kept.withStatus(dispatcher.latest.get(kept.id()));
        dispatcher.initialTasks(List.of(keptRunning));
        Agent second = agent(executor);
        await().atMost(Duration.ofSeconds(5)).until(() -> executor.state(gone.id()) == null);
        assertThat(executor.containerCount()).isEqualTo(1);
        assertThat(executor.state(kept.id())).isEqualTo(SimState.RUNNING);
        assertThat(second.taskStatus(kept.id()).state()).isEqualTo(RUNNING);

        dispatcher.update(desired(keptRunning, SHUTDOWN));
        awaitState(kept.id(), SHUTDOWN);
        assertThat(executor.state(kept.id())).isEqualTo(SimState.STOPPED);
    }
}

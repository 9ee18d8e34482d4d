package dev.skep.agent.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.agent.TestTasks;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class TaskStateMachineTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    /** Records the operations called and fails the ones it is told to. */
    private static class FakeController implements Controller {
        final List<String> calls = new ArrayList<>();
        ExecException failPrepare;
        ExecException failStart;
        final CompletableFuture<Long> exit = new CompletableFuture<>();

        @Override
        public void prepare() throws ExecException {
            calls.add("prepare");
            if (failPrepare != null) throw failPrepare;
        }

        @Override
        public void start() throws ExecException {
            calls.add("start");
            if (failStart != null) throw failStart;
        }

        @Override
        public CompletableFuture<Long> waitExit() {
            calls.add("wait");
            return exit;
        }

        @Override
        public void shutdown() {
            calls.add("shutdown");
        }

        @Override
        public void terminate() {
            calls.add("terminate");
        }

        @Override
        public void remove() {
            calls.add("remove");
        }

        @Override
        public TaskStatus.ContainerStatus containerStatus() {
            return new TaskStatus.ContainerStatus("c1", 42L, null);
        }
    }

    private static TaskStatus status(TaskState s) {
        return TaskStatus.of(NOW, s, "");
    }

    private static TaskStateMachine.Outcome step(TaskState desired, TaskState current, FakeController ctlr)
            throws InterruptedException {
        Task task = TestTasks.image("n1", "img", desired);
        return TaskStateMachine.step(task, status(current), ctlr, exit -> exit.isDone(), () -> NOW);
    }

    @Test
    void walksFromAssignedToRunningOneStepAtATime() throws Exception {
        FakeController ctlr = new FakeController();
        TaskState state = TaskState.ASSIGNED;
        List<TaskState> seen = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            var outcome = step(TaskState.RUNNING, state, ctlr);
            assertThat(outcome.kind()).isEqualTo(TaskStateMachine.Kind.CHANGED);
            state = outcome.status().state();
            seen.add(state);
        }
        assertThat(seen)
                .containsExactly(
                        TaskState.ACCEPTED,
                        TaskState.PREPARING,
                        TaskState.READY,
                        TaskState.STARTING,
                        TaskState.RUNNING);
        assertThat(ctlr.calls).containsExactly("prepare", "start");
    }

    @Test
    void preparingProceedsToReadyButReadyWaitsForDesiredRunning() throws Exception {
        FakeController ctlr = new FakeController();
        assertThat(step(TaskState.READY, TaskState.PREPARING, ctlr).status().state())
                .isEqualTo(TaskState.READY);
        assertThat(step(TaskState.READY, TaskState.READY, ctlr).kind()).isEqualTo(TaskStateMachine.Kind.NOOP);
        assertThat(ctlr.calls).containsExactly("prepare");
    }

    @Test
    void failureBeforeStartingRejectsAndFromStartingFails() throws Exception {
        FakeController ctlr = new FakeController();
        ctlr.failPrepare = ExecException.fatal("No such image: x:1");
        ctlr.failStart = ExecException.fatal("oci runtime error");
        var rejected = step(TaskState.RUNNING, TaskState.PREPARING, ctlr).status();
        var failed = step(TaskState.RUNNING, TaskState.STARTING, ctlr).status();
        assertThat(rejected.state()).isEqualTo(TaskState.REJECTED);
        assertThat(rejected.err()).isEqualTo("No such image: x:1");
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.err()).isEqualTo("oci runtime error");
    }

    @Test
    void temporaryErrorIsRetriedWithoutChangingState() throws Exception {
        FakeController ctlr = new FakeController();
        ctlr.failPrepare = ExecException.temporary("engine busy", null);
        var outcome = step(TaskState.RUNNING, TaskState.PREPARING, ctlr);
        assertThat(outcome.kind()).isEqualTo(TaskStateMachine.Kind.RETRY);
        assertThat(outcome.status().state()).isEqualTo(TaskState.PREPARING);
    }

    @Test
    void exitCodeDecidesCompleteOrFailed() throws Exception {
        FakeController ok = new FakeController();
        ok.exit.complete(0L);
        FakeController bad = new FakeController();
        bad.exit.complete(2L);
        assertThat(step(TaskState.RUNNING, TaskState.RUNNING, ok).status().state())
                .isEqualTo(TaskState.COMPLETE);
        TaskStatus failed = step(TaskState.RUNNING, TaskState.RUNNING, bad).status();
        assertThat(failed.state()).isEqualTo(TaskState.FAILED);
        assertThat(failed.err()).isEqualTo("task: non-zero exit (2)");
        assertThat(failed.containerStatus()).isEqualTo(new TaskStatus.ContainerStatus("c1", 42L, 2L));
    }

    @Test
    void abandonedWaitIsANoopAndCancelsTheWait() throws Exception {
        FakeController ctlr = new FakeController();
        var outcome = step(TaskState.RUNNING, TaskState.RUNNING, ctlr);
        assertThat(outcome.kind()).isEqualTo(TaskStateMachine.Kind.NOOP);
        assertThat(ctlr.exit.isCancelled()).isTrue();
    }

    @Test
    void desiredShutdownStopsLiveTasksAndLeavesTerminalOnesAlone() throws Exception {
        FakeController ctlr = new FakeController();
        assertThat(step(TaskState.SHUTDOWN, TaskState.RUNNING, ctlr).status().state())
                .isEqualTo(TaskState.SHUTDOWN);
        assertThat(step(TaskState.REMOVE, TaskState.READY, ctlr).status().state())
                .isEqualTo(TaskState.SHUTDOWN);
        assertThat(step(TaskState.SHUTDOWN, TaskState.FAILED, ctlr).kind()).isEqualTo(TaskStateMachine.Kind.NOOP);
        assertThat(ctlr.calls).containsExactly("shutdown", "shutdown");
    }

    @Test
    void stateBeyondDesiredPauses() throws Exception {
        FakeController ctlr = new FakeController();
        assertThat(step(TaskState.READY, TaskState.RUNNING, ctlr).kind()).isEqualTo(TaskStateMachine.Kind.NOOP);
        assertThat(ctlr.calls).isEmpty();
    }

    /** A status says when its action finished: RUNNING once start returned, COMPLETE once the process exited. */
    @Test
    void statusesAreStampedWhenTheirActionEnds() throws InterruptedException {
        java.util.concurrent.atomic.AtomicReference<Instant> clock =
                new java.util.concurrent.atomic.AtomicReference<>(NOW);
        FakeController ctlr = new FakeController() {
            @Override
            public void start() {
                clock.set(NOW.plusSeconds(2));
            }
        };
        Task task = TestTasks.image("n1", "img", TaskState.RUNNING);
        var running = TaskStateMachine.step(task, status(TaskState.STARTING), ctlr, exit -> exit.isDone(), clock::get);
        assertThat(running.status().timestamp()).isEqualTo(NOW.plusSeconds(2));

        var complete = TaskStateMachine.step(
                task,
                running.status(),
                ctlr,
                exit -> {
                    clock.set(NOW.plusSeconds(9));
                    exit.complete(0L);
                    return true;
                },
                clock::get);
        assertThat(complete.status().state()).isEqualTo(TaskState.COMPLETE);
        assertThat(complete.status().timestamp()).isEqualTo(NOW.plusSeconds(9));
    }
}

package dev.skep.agent.exec;

import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import java.time.Instant;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;

/**
 * One step of a task towards its desired state, as SwarmKit's {@code agent/exec/controller.go} {@code Do}:
 * each call performs at most one controller operation and returns the next observed status. States only move
 * forward. A fatal error before STARTING rejects the task; from STARTING on it fails the task.
 */
public final class TaskStateMachine {
    private TaskStateMachine() {}

    /** What a step did: moved the task on, found nothing to do, or hit a temporary error worth retrying. */
    public enum Kind {
        CHANGED,
        NOOP,
        RETRY
    }

    public record Outcome(TaskStatus status, Kind kind) {}

    /**
     * Blocks until the task's process exits (true) or the wait should be abandoned because the task changed
     * and must be looked at again (false).
     */
    @FunctionalInterface
    public interface ExitWaiter {
        boolean await(CompletableFuture<Long> exit) throws InterruptedException;
    }

    /**
     * @param clock read when a step ends, so a status carries the time its action finished (RUNNING once the
     *              container started, COMPLETE once it exited), not when the step began
     */
    public static Outcome step(
            Task task, TaskStatus status, Controller ctlr, ExitWaiter waiter, Supplier<Instant> clock)
            throws InterruptedException {
        TaskState state = status.state();
        TaskState desired = task.desiredState() == null ? TaskState.NEW : task.desiredState();
        try {
            if (desired.isAtLeast(TaskState.SHUTDOWN)) {
                if (state.isTerminal()) return noop(status);
                ctlr.shutdown();
                return transition(status, ctlr, TaskState.SHUTDOWN, "shutdown", clock);
            }
            if (state.isAfter(desired)) return noop(status);
            // These states proceed even when they reach the desired state: PREPARING ends at READY.
            switch (state) {
                case PREPARING -> {
                    ctlr.prepare();
                    return transition(status, ctlr, TaskState.READY, "prepared", clock);
                }
                case STARTING -> {
                    ctlr.start();
                    return transition(status, ctlr, TaskState.RUNNING, "started", clock);
                }
                case RUNNING -> {
                    return awaitExit(status, ctlr, waiter, clock);
                }
                default -> {}
            }
            // The rest are pauses: move on only while the desired state lies beyond the current one.
            if (!desired.isAfter(state)) return noop(status);
            return switch (state) {
                case NEW, PENDING, ASSIGNED -> transition(status, ctlr, TaskState.ACCEPTED, "accepted", clock);
                case ACCEPTED -> transition(status, ctlr, TaskState.PREPARING, "preparing", clock);
                case READY -> transition(status, ctlr, TaskState.STARTING, "starting", clock);
                default -> noop(status);
            };
        } catch (ExecException e) {
            return failure(status, ctlr, e, clock);
        }
    }

    private static Outcome awaitExit(TaskStatus status, Controller ctlr, ExitWaiter waiter, Supplier<Instant> now)
            throws ExecException, InterruptedException {
        CompletableFuture<Long> exit = ctlr.waitExit();
        boolean exited;
        try {
            exited = waiter.await(exit);
        } finally {
            if (!exit.isDone()) exit.cancel(true);
        }
        if (!exited) return noop(status);
        long code = exitCode(exit);
        if (code != 0) throw ExecException.exit(code);
        return transition(status, ctlr, TaskState.COMPLETE, "finished", now);
    }

    /** The exit code of a finished wait, unwrapping the controller's failure. */
    public static long exitCode(CompletableFuture<Long> exit) throws ExecException, InterruptedException {
        try {
            return exit.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ExecException ee) throw ee;
            throw ExecException.temporary("wait: " + e.getCause().getMessage(), e.getCause());
        } catch (CancellationException e) {
            throw ExecException.temporary("wait cancelled", e);
        }
    }

    private static Outcome failure(TaskStatus status, Controller ctlr, ExecException e, Supplier<Instant> now) {
        TaskStatus.ContainerStatus cs = containerStatus(status, ctlr);
        if (e.exitCode() != null) {
            cs = new TaskStatus.ContainerStatus(
                    cs == null ? null : cs.containerID(), cs == null ? null : cs.pid(), e.exitCode());
        }
        if (e.temporary()) {
            return new Outcome(
                    new TaskStatus(
                            status.timestamp(),
                            status.state(),
                            status.message(),
                            e.getMessage(),
                            cs,
                            status.portStatus()),
                    Kind.RETRY);
        }
        TaskState terminal = status.state().compareTo(TaskState.STARTING) < 0 ? TaskState.REJECTED : TaskState.FAILED;
        return new Outcome(
                new TaskStatus(now.get(), terminal, status.message(), e.getMessage(), cs, portStatus(status, ctlr)),
                Kind.CHANGED);
    }

    private static Outcome transition(
            TaskStatus status, Controller ctlr, TaskState next, String message, Supplier<Instant> now) {
        if (status.state().isAfter(next)) {
            throw new IllegalStateException("invalid task state transition " + status.state() + " -> " + next);
        }
        return new Outcome(
                new TaskStatus(now.get(), next, message, null, containerStatus(status, ctlr), portStatus(status, ctlr)),
                Kind.CHANGED);
    }

    /** The controller's port status, else the last one reported (SwarmKit keeps the status it copies). */
    private static TaskStatus.PortStatus portStatus(TaskStatus status, Controller ctlr) {
        TaskStatus.PortStatus ps = ctlr.portStatus();
        return ps != null ? ps : status.portStatus();
    }

    private static TaskStatus.ContainerStatus containerStatus(TaskStatus status, Controller ctlr) {
        TaskStatus.ContainerStatus cs = ctlr.containerStatus();
        return cs != null ? cs : status.containerStatus();
    }

    private static Outcome noop(TaskStatus status) {
        return new Outcome(status, Kind.NOOP);
    }
}

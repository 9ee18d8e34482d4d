package dev.skep.agent;

import dev.skep.agent.exec.Controller;
import dev.skep.agent.exec.ExecException;
import dev.skep.agent.exec.TaskStateMachine;
import dev.skep.agent.exec.TaskStateMachine.Outcome;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one assigned task towards its desired state (SwarmKit's {@code agent/task.go}): runs
 * {@link TaskStateMachine#step} in a loop on its own thread, reports every new status, and sleeps while there is
 * nothing to do until the dispatcher sends a changed task. A running task's exit wait is abandoned when the task
 * changes, so that a shutdown is acted on at once.
 */
final class TaskManager {
    private static final Logger LOG = LoggerFactory.getLogger(TaskManager.class);
    static final Duration MIN_BACKOFF = Duration.ofMillis(100);
    static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final String taskId;
    private final Controller ctlr;
    private final StatusReporter reporter;
    private final Timer timer;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final CompletableFuture<Void> finished = new CompletableFuture<>();
    private Task task;
    private boolean dirty;
    private boolean closed;
    private boolean removeOnClose;
    private boolean woken;
    private volatile TaskStatus status;
    private Duration backoff = MIN_BACKOFF;

    TaskManager(Task task, Controller ctlr, StatusReporter reporter, Timer timer) {
        this.taskId = task.id();
        this.task = task;
        this.ctlr = ctlr;
        this.reporter = reporter;
        this.timer = timer;
        this.status = task.status() != null ? task.status() : TaskStatus.of(timer.now(), TaskState.NEW, "");
    }

    void start(java.util.concurrent.Executor pool) {
        pool.execute(this::run);
    }

    /** A newer version of the task from the dispatcher; wakes the loop when it matters to it. */
    void update(Task newer) {
        lock.lock();
        try {
            boolean matters = !Objects.equals(newer.desiredState(), task.desiredState())
                    || (newer.status() != null && newer.state().isAfter(status.state()));
            task = newer;
            if (matters) {
                dirty = true;
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Stops driving the task; with remove, the controller then removes what the task left on the node. */
    CompletableFuture<Void> close(boolean remove) {
        lock.lock();
        try {
            closed = true;
            removeOnClose |= remove;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        return finished;
    }

    TaskStatus status() {
        return status;
    }

    private void run() {
        try {
            loop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("task {}: manager stopped on an unexpected error", taskId, e);
        } finally {
            removeIfAsked();
            finished.complete(null);
        }
    }

    private void loop() throws InterruptedException {
        while (true) {
            Task current;
            lock.lock();
            try {
                if (closed) return;
                current = task;
                dirty = false;
            } finally {
                lock.unlock();
            }
            adoptDispatcherStatus(current);
            Outcome outcome = TaskStateMachine.step(current, status, ctlr, this::awaitExitOrChange, timer::now);
            switch (outcome.kind()) {
                case CHANGED -> {
                    status = outcome.status();
                    backoff = MIN_BACKOFF;
                    LOG.debug("task {}: {} ({})", taskId, status.state().wire(), status.message());
                    reporter.report(taskId, status);
                }
                case NOOP -> awaitChange(null);
                case RETRY -> {
                    LOG.warn(
                            "task {}: temporary error in state {}, retrying in {}: {}",
                            taskId,
                            status.state().wire(),
                            backoff,
                            outcome.status().err());
                    awaitChange(backoff);
                    backoff =
                            backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
                }
            }
        }
    }

    /**
     * States never go backwards, but a status the dispatcher knows and we do not (e.g. after a restart) wins.
     * When the manager ended a task that may still run here (the constraint enforcer rejected it), the
     * container is stopped first: nothing may keep running for a task the cluster considers finished.
     */
    private void adoptDispatcherStatus(Task current) {
        TaskStatus theirs = current.status();
        if (theirs == null || !theirs.state().isAfter(status.state())) return;
        if (theirs.state().isTerminal()
                && !status.state().isTerminal()
                && status.state().isAtLeast(TaskState.STARTING)) {
            try {
                ctlr.shutdown();
            } catch (ExecException | RuntimeException e) {
                LOG.warn(
                        "task {}: stopping the container of a task the manager ended failed: {}",
                        taskId,
                        e.getMessage());
            }
        }
        status = theirs;
    }

    private boolean awaitExitOrChange(CompletableFuture<Long> exit) throws InterruptedException {
        exit.whenComplete((code, error) -> wake());
        lock.lock();
        try {
            while (!exit.isDone() && !dirty && !closed) changed.await();
            return exit.isDone();
        } finally {
            lock.unlock();
        }
    }

    private void awaitChange(Duration timeout) throws InterruptedException {
        lock.lock();
        try {
            woken = false;
        } finally {
            lock.unlock();
        }
        Timer.Cancellable alarm = timeout == null ? null : timer.after(timeout, this::wakeAfterBackoff);
        lock.lock();
        try {
            while (!dirty && !closed && !woken) changed.await();
        } finally {
            lock.unlock();
            if (alarm != null) alarm.cancel();
        }
    }

    private void wakeAfterBackoff() {
        lock.lock();
        try {
            woken = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void wake() {
        lock.lock();
        try {
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void removeIfAsked() {
        boolean remove;
        lock.lock();
        try {
            remove = removeOnClose;
        } finally {
            lock.unlock();
        }
        if (!remove) return;
        try {
            ctlr.remove();
        } catch (ExecException | RuntimeException e) {
            LOG.warn("task {}: removing its container failed: {}", taskId, e.getMessage());
        }
    }
}

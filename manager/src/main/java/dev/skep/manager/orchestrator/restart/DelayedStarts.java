package dev.skep.manager.orchestrator.restart;

import dev.skep.api.model.Node;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.Timer;
import dev.skep.manager.Wakeups;
import dev.skep.manager.orchestrator.NodeEligibility;
import dev.skep.manager.orchestrator.TaskFactory;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Replacement tasks parked in desired state READY: the agent may pull and prepare them, but they start
 * only once the restart delay has passed and the task they replace has stopped (or its node is gone, or
 * {@link #OLD_TASK_TIMEOUT} ran out). That is how a slot never runs two tasks when it should not.
 * Confined to the owning loop's thread; the loop feeds it every task and node event.
 */
final class DelayedStarts {
    /** How long a replacement waits for the old task to stop before starting anyway (SwarmKit: 1 min). */
    static final Duration OLD_TASK_TIMEOUT = Duration.ofMinutes(1);

    private final MemoryStore store;
    private final Wakeups wakeups;
    private final Map<String, Pending> byNewTask = new HashMap<>();

    private final class Pending {
        final String newTaskId;
        final String oldTaskId;
        final String oldNodeId;
        boolean delayed = true;
        boolean oldRunning;
        Timer.Cancellable delayTimer;
        Timer.Cancellable timeout;

        Pending(String newTaskId, Task old, boolean waitForOld) {
            this.newTaskId = newTaskId;
            this.oldTaskId = old == null ? null : old.id();
            this.oldNodeId = old == null ? null : old.nodeID();
            this.oldRunning = waitForOld;
        }

        void cancel() {
            if (delayTimer != null) delayTimer.cancel();
            if (timeout != null) timeout.cancel();
        }
    }

    DelayedStarts(MemoryStore store, Wakeups wakeups) {
        this.store = store;
        this.wakeups = wakeups;
    }

    /**
     * Starts {@code newTaskId} (desired READY → RUNNING) at {@code notBefore}, and, when {@code waitStop},
     * not before {@code old} stopped running.
     */
    void arm(Task old, String newTaskId, Instant notBefore, boolean waitStop) {
        cancel(newTaskId);
        boolean waitForOld = waitStop && old != null && !TaskFactory.hasStopped(old);
        Pending p = new Pending(newTaskId, old, waitForOld);
        byNewTask.put(newTaskId, p);
        if (waitForOld) p.timeout = wakeups.at(wakeups.now().plus(OLD_TASK_TIMEOUT), () -> oldGone(p));
        p.delayTimer = wakeups.at(notBefore, () -> {
            p.delayed = false;
            startIfReady(p);
        });
    }

    boolean isPending(String taskId) {
        return byNewTask.containsKey(taskId);
    }

    void cancel(String newTaskId) {
        Pending p = byNewTask.remove(newTaskId);
        if (p != null) p.cancel();
    }

    void cancelAll() {
        byNewTask.values().forEach(Pending::cancel);
        byNewTask.clear();
    }

    /** Watches for the old tasks stopping (or their nodes going away) and for replacements deleted. */
    void observe(Event e) {
        if (byNewTask.isEmpty()) return;
        if (e.kind() == Kind.TASK) {
            Task t = (Task) e.object();
            if (e.action() == Event.Action.DELETE) cancel(t.id());
            boolean gone = e.action() == Event.Action.DELETE || TaskFactory.hasStopped(t);
            if (gone) forEachWaitingOn(p -> Objects.equals(p.oldTaskId, t.id()));
        } else if (e.kind() == Kind.NODE) {
            Node n = (Node) e.object();
            boolean gone = e.action() == Event.Action.DELETE || NodeEligibility.isDown(n);
            if (gone) forEachWaitingOn(p -> p.oldNodeId != null && p.oldNodeId.equals(n.id()));
        }
    }

    private void forEachWaitingOn(java.util.function.Predicate<Pending> match) {
        for (Pending p : List.copyOf(byNewTask.values())) {
            if (p.oldRunning && match.test(p)) oldGone(p);
        }
    }

    private void oldGone(Pending p) {
        p.oldRunning = false;
        startIfReady(p);
    }

    private void startIfReady(Pending p) {
        if (p.delayed || p.oldRunning || byNewTask.get(p.newTaskId) != p) return;
        byNewTask.remove(p.newTaskId);
        p.cancel();
        startNow(p.newTaskId);
    }

    /** Moves a parked task on to desired RUNNING so its agent starts it. */
    void startNow(String taskId) {
        store.updateWithRetry(3, tx -> {
            Task t = tx.tasks().get(taskId);
            if (t == null || t.desiredState().isAtLeast(TaskState.RUNNING)) return;
            tx.update(t.withDesiredState(TaskState.RUNNING));
        });
    }
}

package dev.skep.manager.orchestrator.restart;

import dev.skep.api.defaults.ServiceDefaults;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.manager.Wakeups;
import dev.skep.manager.orchestrator.NodeEligibility;
import dev.skep.manager.orchestrator.SlotKey;
import dev.skep.manager.orchestrator.TaskFactory;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import dev.skep.store.Tx;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Decides what replaces a task that ended while it should be running (SwarmKit's {@code restart.go}).
 *
 * <p>Not a loop of its own: each orchestrator owns one and calls it on its loop thread, so restarts of a
 * service and the rolling updates of the same service see one consistent picture. A restart is two steps:
 * {@link #restart} plans it inside the caller's transaction (old task → desired SHUTDOWN, replacement
 * created in the same slot, or on the same node for global services, in desired READY); once that
 * transaction committed, {@link #committed} counts the restart and parks the replacement until the
 * policy's delay (default 5 s, none on a drained or down node) has passed and the old task stopped.
 */
public final class RestartSupervisor {
    private final RestartHistory history = new RestartHistory();
    private final DelayedStarts delayedStarts;
    private final Wakeups wakeups;

    /** A planned restart: the old task shut down, and its replacement (null when the policy says no). */
    public record Restart(Task old, Task replacement, Instant startAt, boolean waitStop) {}

    public RestartSupervisor(MemoryStore store, Wakeups wakeups) {
        this.wakeups = wakeups;
        this.delayedStarts = new DelayedStarts(store, wakeups);
    }

    /**
     * Plans the restart of {@code task} (read in {@code tx}, desired state at most RUNNING). Returns empty
     * when nothing is to be done yet: a replacement still parked by its own delay is restarted once that
     * delay ends (its start is a new event), which keeps crash loops at the policy's pace.
     */
    public Optional<Restart> restart(Tx tx, Cluster cluster, Service service, Task task) {
        if (delayedStarts.isPending(task.id())) return Optional.empty();
        if (!TaskFactory.isRunnable(task)) return Optional.empty();
        Task old = task.withDesiredState(TaskState.SHUTDOWN);
        tx.update(old);
        if (!shouldRestart(task)) return Optional.of(new Restart(old, null, null, false));

        Instant now = wakeups.now();
        Task replacement = TaskFactory.replacing(cluster, service, task, now).withDesiredState(TaskState.READY);
        Node node = task.nodeID() == null ? null : tx.nodes().get(task.nodeID());
        long delay = leftItsNode(node)
                ? 0
                : ServiceDefaults.restartPolicy(task.spec()).delay();
        // Normally the replacement waits for the old task to stop; not if it already has, or its node is down.
        boolean waitStop = !(node != null && NodeEligibility.isDown(node)) && !TaskFactory.hasStopped(task);
        tx.create(replacement);
        return Optional.of(new Restart(old, replacement, now.plus(Duration.ofNanos(delay)), waitStop));
    }

    /**
     * The task did not fail, its node went away (drained, or down): the delay that paces crash loops has
     * nothing to pace, so the replacement starts at once. SwarmKit skips the delay only for drained nodes;
     * skipping it for down nodes too is what moves a dead node's work within one grace period.
     */
    private static boolean leftItsNode(Node node) {
        return node != null && ("drain".equals(node.availability()) || NodeEligibility.isDown(node));
    }

    /** Side effects of a committed {@link #restart}: count it, and park the replacement. */
    public void committed(Restart r) {
        if (r.replacement() == null) return;
        history.record(SlotKey.of(r.replacement()), r.replacement());
        delayedStarts.arm(r.old(), r.replacement().id(), r.startAt(), r.waitStop());
    }

    /** Whether the task's restart policy asks for a replacement (condition and attempts). */
    public boolean shouldRestart(Task task) {
        RestartPolicy policy = ServiceDefaults.restartPolicy(task.spec());
        switch (policy.condition()) {
            case RestartPolicy.NONE:
                return false;
            case RestartPolicy.ON_FAILURE:
                // COMPLETE means the container exited 0: not a failure.
                if (task.state() == TaskState.COMPLETE) return false;
                break;
            default:
                break;
        }
        return history.withinAttempts(task);
    }

    /**
     * The tasks of a slot the updater should look at: those still meant to run, or else the newest one if
     * it ended and will not be restarted (so rolling updates still replace it). Empty means the slot is
     * dead (scaled away, or a restart is about to refill it). During a rollback a dead slot stays dead, so
     * a rollback converges instead of reviving tasks the restart policy gave up on.
     */
    public List<Task> updatableTasksInSlot(List<Task> slot, Service service) {
        List<Task> runnable = slot.stream().filter(TaskFactory::isRunnable).toList();
        if (!runnable.isEmpty() || slot.isEmpty()) return runnable;
        if (service.updateStatus() != null
                && "rollback_started".equals(service.updateStatus().state())) {
            return List.of();
        }
        Task newest = slot.stream()
                .max(Comparator.comparing(RestartSupervisor::statusTime))
                .orElseThrow();
        return shouldRestart(newest) ? List.of() : List.of(newest);
    }

    /** Parks {@code newTaskId} in READY until {@code notBefore} and, if {@code waitStop}, until old stopped. */
    public void delayStart(Task old, String newTaskId, Instant notBefore, boolean waitStop) {
        delayedStarts.arm(old, newTaskId, notBefore, waitStop);
    }

    public void observe(Event e) {
        delayedStarts.observe(e);
    }

    public void cancel(String taskId) {
        delayedStarts.cancel(taskId);
    }

    public void clearServiceHistory(String serviceId) {
        history.clearService(serviceId);
    }

    /** Forgets everything: parked starts and restart counts (the loop is stopping or starting over). */
    public void reset() {
        delayedStarts.cancelAll();
        history.clear();
    }

    /**
     * Picks up after another leader from the tasks in the store (SwarmKit's {@code taskinit}): rebuilds the
     * restart counts, and re-parks replacements left in desired READY, keeping their original deadline.
     */
    public void resume(List<Task> tasks) {
        Map<SlotKey, List<Task>> bySlot = new HashMap<>();
        for (Task t : tasks)
            bySlot.computeIfAbsent(SlotKey.of(t), k -> new ArrayList<>()).add(t);
        bySlot.forEach(this::rebuildHistory);
        for (Task t : tasks) {
            if (t.desiredState() != TaskState.READY || t.state().isAfter(TaskState.COMPLETE)) continue;
            long delay = ServiceDefaults.restartPolicy(t.spec()).delay();
            Instant startAt = statusTime(t).plus(Duration.ofNanos(delay));
            Task stillRunning = bySlot.get(SlotKey.of(t)).stream()
                    .filter(o -> !TaskFactory.isRunnable(o) && !TaskFactory.hasStopped(o))
                    .findFirst()
                    .orElse(null);
            delayedStarts.arm(stillRunning, t.id(), startAt, stillRunning != null);
        }
    }

    /** Tasks of a slot made from its newest spec, all but the first one, count as restarts. */
    private void rebuildHistory(SlotKey key, List<Task> slot) {
        List<Task> byCreation = slot.stream()
                .sorted(Comparator.comparing(RestartHistory::createdAt))
                .toList();
        Task newest = byCreation.get(byCreation.size() - 1);
        List<Task> sameSpec = byCreation.stream()
                .filter(t -> TaskFactory.sameSpec(newest.spec(), t.spec()))
                .toList();
        for (Task t : sameSpec.subList(1, sameSpec.size())) history.record(key, t);
    }

    static Instant statusTime(Task t) {
        return t.status() == null || t.status().timestamp() == null
                ? Instant.EPOCH
                : t.status().timestamp();
    }
}

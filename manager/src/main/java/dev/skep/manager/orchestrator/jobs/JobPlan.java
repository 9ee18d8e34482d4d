package dev.skep.manager.orchestrator.jobs;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.store.MemoryStore;
import dev.skep.store.Tx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The writes one reconciliation of a job calls for, made against a snapshot and committed in one batch.
 * Each change re-reads its task in the batch and is skipped if the task moved on meanwhile (an agent
 * reported), so a stale plan never restarts a task twice; the event of that change brings the job back.
 */
final class JobPlan {
    final List<Task> create = new ArrayList<>();
    /** Failed tasks to try again now: desired SHUTDOWN, and a new task in their slot. */
    final List<Task> restart = new ArrayList<>();
    /** Tasks to stop: desired SHUTDOWN (restarts used up, node gone or no longer eligible). */
    final List<Task> shutDown = new ArrayList<>();
    /** Tasks of earlier iterations still running: desired REMOVE. */
    final List<Task> remove = new ArrayList<>();
    /** Failed tasks whose next try is due later, by task ID. */
    final Map<String, Instant> wakeAt = new LinkedHashMap<>();

    boolean hasWrites() {
        return !create.isEmpty() || !restart.isEmpty() || !shutDown.isEmpty() || !remove.isEmpty();
    }

    /** Commits the plan for {@code service} (as read for it); nothing if the service is gone. */
    void apply(MemoryStore store, Service service, Instant now) {
        if (!hasWrites()) return;
        store.batch(tx -> {
            if (tx.services().get(service.id()) == null) return;
            for (Task t : create) tx.create(t);
            for (Task old : restart) {
                Task cur = unchanged(tx, old);
                if (cur == null) continue;
                tx.update(cur.withDesiredState(TaskState.SHUTDOWN));
                tx.create(JobTasks.replacing(service, cur, now));
            }
            for (Task t : shutDown) setDesired(tx, t, TaskState.SHUTDOWN);
            for (Task t : remove) setDesired(tx, t, TaskState.REMOVE);
        });
    }

    private static void setDesired(Tx tx, Task t, TaskState desired) {
        Task cur = tx.tasks().get(t.id());
        if (cur != null && cur.desiredState().compareTo(desired) < 0) tx.update(cur.withDesiredState(desired));
    }

    /** The task as stored now, if neither its observed nor its desired state changed since the plan. */
    private static Task unchanged(Tx tx, Task planned) {
        Task cur = tx.tasks().get(planned.id());
        if (cur == null || cur.state() != planned.state() || cur.desiredState() != planned.desiredState()) return null;
        return Objects.equals(cur.nodeID(), planned.nodeID()) ? cur : null;
    }
}

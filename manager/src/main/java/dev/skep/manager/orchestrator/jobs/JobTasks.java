package dev.skep.manager.orchestrator.jobs;

import dev.skep.api.model.Ids;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.Version;
import java.time.Instant;
import java.util.Comparator;

/**
 * How job tasks are made and read (API 1.41 jobs). A job task carries the service's current
 * {@code JobStatus.JobIteration} and has desired state COMPLETE: the agent runs it once, and exit 0 ends
 * it in COMPLETE. Replicated-job tasks get slots 0 … TotalCompletions-1, one slot per wanted completion,
 * as SwarmKit numbers them (the docker CLI's job progress counts slots from 0); global-job tasks are bound
 * to their node from creation.
 */
public final class JobTasks {
    /** Oldest first: creation time, then store version. */
    static final Comparator<Task> BY_AGE = Comparator.comparing(
                    (Task t) -> t.createdAt() == null ? Instant.EPOCH : t.createdAt())
            .thenComparingLong(t -> t.version() == null ? 0 : t.version().value());

    private JobTasks() {}

    /** The iteration the service's job is on; a job never run (no JobStatus yet) is on iteration 0. */
    public static long iteration(Service s) {
        return s.jobStatus() == null || s.jobStatus().jobIteration() == null
                ? 0
                : s.jobStatus().jobIteration().value();
    }

    /** Whether the task belongs to the service's current job iteration. */
    public static boolean inIteration(Task t, long iteration) {
        return t.jobIteration() != null && t.jobIteration().value() == iteration;
    }

    public static boolean isJob(Service s) {
        return s != null
                && s.spec() != null
                && s.spec().mode() != null
                && s.spec().mode().isJob();
    }

    public static boolean isReplicatedJob(Service s) {
        return isJob(s) && s.spec().mode().replicatedJob() != null;
    }

    public static boolean isGlobalJob(Service s) {
        return isJob(s) && s.spec().mode().globalJob() != null;
    }

    /** TotalCompletions of a replicated job (the control API fills it; 1 if absent). */
    static long totalCompletions(Service s) {
        Long t = s.spec().mode().replicatedJob().totalCompletions();
        return t == null || t < 1 ? 1 : t;
    }

    /** MaxConcurrent of a replicated job (the control API fills it; 1 if absent). */
    static long maxConcurrent(Service s) {
        Long m = s.spec().mode().replicatedJob().maxConcurrent();
        return m == null || m < 1 ? 1 : m;
    }

    /** A task of the current iteration in replicated-job {@code slot} (0-based). */
    static Task forSlot(Service s, long slot, Instant now) {
        return newTask(s, slot, null, now);
    }

    /** A task of the current iteration bound to {@code nodeId} (global jobs). */
    static Task forNode(Service s, String nodeId, Instant now) {
        return newTask(s, null, nodeId, now);
    }

    /** Another try for {@code old}: same slot, or same node for a global job; same iteration. */
    static Task replacing(Service s, Task old, Instant now) {
        return isReplicatedJob(s) ? newTask(s, old.slotNumber(), null, now) : newTask(s, null, old.nodeID(), now);
    }

    /**
     * The stored name is what the agent names the container after: {@code <service>.<slot>.<id>} for replicated
     * jobs (slot 0 included), {@code <service>.<node>.<id>} for global ones.
     */
    private static Task newTask(Service s, Long slot, String nodeId, Instant now) {
        String id = Ids.newId();
        String name = s.spec().name() + "." + (slot != null ? slot.toString() : nodeId) + "." + id;
        return new Task(
                id,
                null,
                null,
                null,
                name,
                null,
                s.spec().taskTemplate(),
                s.version(),
                s.id(),
                slot,
                nodeId,
                TaskStatus.of(now, TaskState.NEW, "created"),
                TaskState.COMPLETE,
                null,
                Version.of(iteration(s)));
    }

    /** Still meant to run to completion: desired state at most COMPLETE (the restart logic parks none). */
    static boolean wanted(Task t) {
        return !t.desiredState().isAfter(TaskState.COMPLETE);
    }

    /** Not finished yet: observed state up to RUNNING. */
    static boolean live(Task t) {
        return !t.state().isAfter(TaskState.RUNNING);
    }

    static Instant statusTime(Task t) {
        return t.status() == null || t.status().timestamp() == null
                ? Instant.EPOCH
                : t.status().timestamp();
    }
}

package dev.skep.manager.orchestrator.jobs;

import dev.skep.api.defaults.ServiceDefaults;
import dev.skep.api.model.RestartPolicy;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Where one slot of a job iteration stands (a slot number of a replicated job, a node of a global job),
 * judged from its tasks in the store alone so a new leader reaches the same verdict.
 *
 * <p>Completed tasks are never run again. A task that failed (or was rejected, or shut down under it) is
 * tried again by a new task in the same slot after the restart delay, while the restart policy allows: for
 * jobs the condition {@code any} means {@code on-failure}, as in SwarmKit; every task of the slot after the
 * first counts as one attempt. Once the attempts are used up the slot is {@link Phase#EXHAUSTED}: it
 * neither runs nor completes, and the iteration cannot finish; a service update starts a new iteration.
 */
record JobSlot(Phase phase, Task newest, Instant restartAt) {
    enum Phase {
        /** A task of the slot completed. */
        DONE,
        /** The newest task is on its way or running. */
        ACTIVE,
        /** The newest task failed and gets another try at {@link #restartAt}. */
        RESTART,
        /** Failed, and the restart policy allows no more tries. */
        EXHAUSTED,
        /** Nothing runs in the slot (never used, or its task was stopped by the orchestrator). */
        EMPTY
    }

    /** Judges a slot from its tasks of the current iteration (any order). */
    static JobSlot of(List<Task> tasks) {
        if (tasks.isEmpty()) return new JobSlot(Phase.EMPTY, null, null);
        if (tasks.stream().anyMatch(t -> t.state() == TaskState.COMPLETE)) return new JobSlot(Phase.DONE, null, null);
        List<Task> byAge = tasks.stream().sorted(JobTasks.BY_AGE).toList();
        Task newest = byAge.get(byAge.size() - 1);
        if (JobTasks.wanted(newest) && JobTasks.live(newest)) return new JobSlot(Phase.ACTIVE, newest, null);
        if (!mayRestart(byAge, newest)) return new JobSlot(Phase.EXHAUSTED, newest, null);
        if (!JobTasks.wanted(newest)) return new JobSlot(Phase.EMPTY, newest, null);
        long delay = ServiceDefaults.restartPolicy(newest.spec()).delay();
        return new JobSlot(Phase.RESTART, newest, JobTasks.statusTime(newest).plus(Duration.ofNanos(delay)));
    }

    /** Whether the policy allows another try after {@code failed}, given the slot's earlier tasks. */
    private static boolean mayRestart(List<Task> byAge, Task failed) {
        RestartPolicy policy = ServiceDefaults.restartPolicy(failed.spec());
        if (RestartPolicy.NONE.equals(policy.condition())) return false;
        if (policy.maxAttempts() <= 0) return true;
        List<Task> restarts = byAge.subList(1, byAge.size());
        long counted = restarts.size();
        if (policy.window() > 0) {
            Instant since = JobTasks.statusTime(failed).minus(Duration.ofNanos(policy.window()));
            counted = restarts.stream()
                    .filter(t -> t.createdAt() == null || t.createdAt().isAfter(since))
                    .count();
        }
        return counted < policy.maxAttempts();
    }

    /** Counts towards MaxConcurrent: running, or waiting for its next try. */
    boolean occupiesConcurrency() {
        return phase == Phase.ACTIVE || phase == Phase.RESTART;
    }
}

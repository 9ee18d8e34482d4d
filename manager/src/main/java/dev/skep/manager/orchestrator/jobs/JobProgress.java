package dev.skep.manager.orchestrator.jobs;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Whether a job's current iteration has ended, judged from the store as the orchestrator judges slots. */
public final class JobProgress {
    private JobProgress() {}

    /**
     * True when nothing of the current iteration runs or is still to run: every slot completed or used up
     * its restarts. A replicated job with slots not started yet (MaxConcurrent) is still running.
     */
    public static boolean finished(Service s, List<Task> tasksOfService) {
        long iteration = JobTasks.iteration(s);
        Map<String, List<Task>> bySlot = new HashMap<>();
        for (Task t : tasksOfService) {
            if (!JobTasks.inIteration(t, iteration)) continue;
            String key = JobTasks.isReplicatedJob(s) ? Long.toString(t.slotNumber()) : String.valueOf(t.nodeID());
            bySlot.computeIfAbsent(key, k -> new ArrayList<>()).add(t);
        }
        if (JobTasks.isReplicatedJob(s)) {
            for (long slot = 0; slot < JobTasks.totalCompletions(s); slot++) {
                if (!ended(JobSlot.of(bySlot.getOrDefault(Long.toString(slot), List.of())))) return false;
            }
            return true;
        }
        for (List<Task> slot : bySlot.values()) if (!ended(JobSlot.of(slot))) return false;
        return true;
    }

    private static boolean ended(JobSlot slot) {
        return slot.phase() == JobSlot.Phase.DONE || slot.phase() == JobSlot.Phase.EXHAUSTED;
    }
}

package dev.skep.manager.orchestrator.jobs;

import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.manager.orchestrator.NodeEligibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Plans a replicated job (SwarmKit's {@code jobs/replicated}): slots 0 … TotalCompletions-1, each to be
 * filled by one completed task. At most MaxConcurrent slots run (or wait for a retry) at once; as each
 * task completes, the next free slot gets a task. A task on a node that went down or was drained is tried
 * again elsewhere at once. Tasks of earlier iterations still running are removed.
 */
final class ReplicatedJobReconciler {
    private ReplicatedJobReconciler() {}

    static JobPlan plan(Service s, List<Task> tasks, Function<String, Node> nodes, Instant now) {
        JobPlan plan = new JobPlan();
        long iteration = JobTasks.iteration(s);
        Map<Long, List<Task>> bySlot = new HashMap<>();
        for (Task t : tasks) {
            if (JobTasks.inIteration(t, iteration)) {
                bySlot.computeIfAbsent(t.slotNumber(), k -> new ArrayList<>()).add(t);
            } else if (JobTasks.live(t) && JobTasks.wanted(t)) {
                plan.remove.add(t);
            }
        }
        long total = JobTasks.totalCompletions(s);
        long occupied = 0;
        List<Long> empty = new ArrayList<>();
        for (long slot = 0; slot < total; slot++) {
            JobSlot js = JobSlot.of(bySlot.getOrDefault(slot, List.of()));
            switch (js.phase()) {
                case EMPTY -> empty.add(slot);
                case EXHAUSTED -> {
                    if (JobTasks.wanted(js.newest())) plan.shutDown.add(js.newest());
                }
                case RESTART -> {
                    if (js.restartAt().isAfter(now)) plan.wakeAt.put(js.newest().id(), js.restartAt());
                    else plan.restart.add(js.newest());
                }
                case ACTIVE -> {
                    Task t = js.newest();
                    if (t.nodeID() != null && NodeEligibility.isInvalid(nodes.apply(t.nodeID()))) plan.restart.add(t);
                }
                case DONE -> {}
            }
            if (js.occupiesConcurrency()) occupied++;
        }
        long room = Math.max(0, JobTasks.maxConcurrent(s) - occupied);
        for (int i = 0; i < Math.min(room, empty.size()); i++) plan.create.add(JobTasks.forSlot(s, empty.get(i), now));
        return plan;
    }
}

package dev.skep.manager.orchestrator.jobs;

import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.manager.orchestrator.NodeEligibility;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plans a global job (SwarmKit's {@code jobs/global}): one task per node that is ready, active and
 * satisfies the placement constraints, each to run to completion once per iteration. A node that joins
 * later gets its task too. Tasks on nodes that are gone, down, drained or no longer eligible are stopped;
 * a failed task is tried again on its node while the restart policy allows and the node takes new tasks.
 */
final class GlobalJobReconciler {
    private GlobalJobReconciler() {}

    static JobPlan plan(Service s, List<Task> tasks, List<Node> nodes, NodeEligibility eligibility, Instant now) {
        JobPlan plan = new JobPlan();
        long iteration = JobTasks.iteration(s);
        Map<String, List<Task>> byNode = new HashMap<>();
        for (Task t : tasks) {
            if (JobTasks.inIteration(t, iteration)) {
                if (t.nodeID() != null)
                    byNode.computeIfAbsent(t.nodeID(), k -> new ArrayList<>()).add(t);
            } else if (JobTasks.live(t) && JobTasks.wanted(t)) {
                plan.remove.add(t);
            }
        }
        Set<String> known = new HashSet<>();
        for (Node node : nodes) {
            known.add(node.id());
            JobSlot js = JobSlot.of(byNode.getOrDefault(node.id(), List.of()));
            boolean eligible = !NodeEligibility.isInvalid(node) && eligibility.meetsConstraints(s, node);
            boolean takesNew = eligible && NodeEligibility.acceptsNewTasks(node);
            switch (js.phase()) {
                case EMPTY -> {
                    if (takesNew) plan.create.add(JobTasks.forNode(s, node.id(), now));
                }
                case ACTIVE -> {
                    if (!eligible) plan.shutDown.add(js.newest());
                }
                case RESTART -> {
                    if (!takesNew) plan.shutDown.add(js.newest());
                    else if (js.restartAt().isAfter(now))
                        plan.wakeAt.put(js.newest().id(), js.restartAt());
                    else plan.restart.add(js.newest());
                }
                case EXHAUSTED -> {
                    if (JobTasks.wanted(js.newest())) plan.shutDown.add(js.newest());
                }
                case DONE -> {}
            }
        }
        byNode.forEach((nodeId, onNode) -> {
            if (known.contains(nodeId)) return;
            for (Task t : onNode) if (JobTasks.wanted(t) && JobTasks.live(t)) plan.shutDown.add(t);
        });
        return plan;
    }
}

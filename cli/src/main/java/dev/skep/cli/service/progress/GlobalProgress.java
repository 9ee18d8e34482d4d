package dev.skep.cli.service.progress;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.cli.format.Text;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Global services: one bar per node (short node ID), counted against the nodes that have up-to-date tasks. */
public class GlobalProgress implements ProgressUpdater {
    private final ProgressWriter out;
    private boolean initialized;
    private boolean done;

    public GlobalProgress(ProgressWriter out) {
        this.out = out;
    }

    @Override
    public boolean update(Service service, List<Task> tasks, Set<String> activeNodes, boolean rollback) {
        Map<String, Task> byNode = tasksByNode(tasks);
        int nodeCount = byNode.size();
        if (!initialized) {
            if (nodeCount == 0) {
                // the orchestrator has not made the tasks yet, or no node satisfies the constraints
                out.progress("overall progress", "waiting for new tasks", 0, 0);
                return false;
            }
            ProgressUpdater.writeOverall(out, 0, nodeCount, rollback);
            initialized = true;
        }
        if (done && byNode.values().stream().anyMatch(t -> t.state() != TaskState.RUNNING)) done = false;
        int running = 0;
        for (Task task : byNode.values()) {
            if (!activeNodes.contains(task.nodeID())) continue;
            if (!States.terminal(task.desiredState()) && task.state() == TaskState.RUNNING) running++;
            writeTask(task, nodeCount);
        }
        if (!done) {
            ProgressUpdater.writeOverall(out, running, nodeCount, rollback);
            if (running == nodeCount) done = true;
        }
        return running == nodeCount;
    }

    static Map<String, Task> tasksByNode(List<Task> tasks) {
        Map<String, Task> byNode = new LinkedHashMap<>();
        for (Task task : tasks) {
            if (States.number(task.desiredState()) == 0 || States.number(task.state()) == 0) continue;
            Task existing = byNode.get(task.nodeID());
            if (existing != null) {
                int ed = States.number(existing.desiredState());
                int td = States.number(task.desiredState());
                if (ed < td) continue;
                if (ed == td && States.number(existing.state()) <= States.number(task.state())) continue;
            }
            byNode.put(task.nodeID(), task);
        }
        return byNode;
    }

    private void writeTask(Task task, int nodeCount) {
        if (done || nodeCount > States.MAX_PROGRESS_BARS) return;
        String id = Text.truncateId(task.nodeID());
        String err = task.status() == null ? null : task.status().err();
        if (err != null && !err.isEmpty()) {
            out.progress(id, States.truncError(err), 0, 0);
            return;
        }
        if (!States.terminal(task.desiredState()) && !States.terminal(task.state())) {
            out.progress(id, States.padded(task.state()), States.number(task.state()), States.MAX_PROGRESS);
        }
    }
}

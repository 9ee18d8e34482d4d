package dev.skep.cli.service.progress;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Global jobs: progress over the nodes that had tasks when the job started. */
public class GlobalJobProgress implements ProgressUpdater {
    private final ProgressWriter out;
    private boolean initialized;
    private int total;
    private int digits;
    private Set<String> taskNodes = new HashSet<>();

    public GlobalJobProgress(ProgressWriter out) {
        this.out = out;
    }

    @Override
    public boolean update(Service service, List<Task> tasks, Set<String> activeNodes, boolean rollback) {
        long iteration = service.jobStatus() == null || service.jobStatus().jobIteration() == null
                ? 0
                : service.jobStatus().jobIteration().value();
        if (!initialized) {
            if (tasks.isEmpty() && !activeNodes.isEmpty()) {
                out.progress("job progress", "waiting for tasks", 0, 0);
                return false;
            }
            for (Task t : tasks) {
                if (t.jobIteration() != null && t.jobIteration().value() == iteration) taskNodes.add(t.nodeID());
            }
            total = taskNodes.size();
            digits = Integer.toString(total).length();
            writeOverall(0);
            initialized = true;
        }
        Map<String, Task> byNode = new HashMap<>();
        for (Task t : tasks) {
            if (t.jobIteration() == null || t.jobIteration().value() != iteration) continue;
            if (!taskNodes.contains(t.nodeID())) continue;
            Task old = byNode.get(t.nodeID());
            if (old == null || States.number(old.state()) > States.number(t.state())) byNode.put(t.nodeID(), t);
        }
        int complete = 0;
        for (Task t : byNode.values()) {
            writeTask(t);
            if (t.state() == TaskState.COMPLETE) complete++;
        }
        writeOverall(complete);
        return complete == total;
    }

    private void writeTask(Task task) {
        if (total > States.MAX_PROGRESS_BARS) return;
        String err = task.status() == null ? null : task.status().err();
        if (err != null && !err.isEmpty()) {
            out.progress(task.nodeID(), States.truncError(err), 0, 0);
            return;
        }
        out.progress(task.nodeID(), States.padded(task.state()), States.number(task.state()), States.MAX_JOB_PROGRESS);
    }

    private void writeOverall(int complete) {
        out.progress(
                "job progress", String.format("%" + digits + "d out of %d complete", complete, total), complete, total);
    }
}

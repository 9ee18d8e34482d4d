package dev.skep.cli.service.progress;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Replicated jobs: "job progress: 1 out of 3 complete" and "active tasks: 2 out of 2 tasks". */
public class ReplicatedJobProgress implements ProgressUpdater {
    private final ProgressWriter out;
    private final long iteration;
    private final int concurrent;
    private final int total;
    private final int progressDigits;
    private final int activeDigits;
    private boolean initialized;

    public ReplicatedJobProgress(Service service, ProgressWriter out) {
        this.out = out;
        var job = service.spec().mode().replicatedJob();
        this.total = (int) (job.totalCompletions() == null ? 1 : job.totalCompletions());
        this.concurrent = (int) (job.maxConcurrent() == null ? total : job.maxConcurrent());
        this.iteration = service.jobStatus() == null || service.jobStatus().jobIteration() == null
                ? 0
                : service.jobStatus().jobIteration().value();
        this.progressDigits = Integer.toString(total).length();
        this.activeDigits = Integer.toString(concurrent).length();
    }

    @Override
    public boolean update(Service service, List<Task> tasks, Set<String> activeNodes, boolean rollback) {
        if (!initialized) {
            writeOverall(0, 0);
            if (total <= States.MAX_PROGRESS_BARS) {
                for (int i = 1; i <= total; i++) out.progress(i + "/" + total, " ", 0, 0);
            }
            initialized = true;
        }
        Map<Long, Task> bySlot = new TreeMap<>();
        for (Task task : tasks) {
            if (task.jobIteration() == null || task.jobIteration().value() != iteration) continue;
            if (States.number(task.desiredState()) == 0 || States.number(task.state()) == 0) continue;
            Task existing = bySlot.get(task.slotNumber());
            if (existing == null || States.number(existing.state()) > States.number(task.state())) {
                bySlot.put(task.slotNumber(), task);
            }
        }
        int active = 0;
        int complete = 0;
        for (Task task : bySlot.values()) {
            writeTask(task);
            if (States.number(task.state()) < States.number(TaskState.COMPLETE)) active++;
            if (task.state() == TaskState.COMPLETE) complete++;
        }
        writeOverall(active, complete);
        return complete == total;
    }

    private void writeOverall(int active, int completed) {
        out.progress(
                "job progress",
                String.format("%" + progressDigits + "d out of %d complete", completed, total),
                completed,
                total);
        int desired = Math.min(total - completed, concurrent);
        out.progress(
                "active tasks",
                String.format("%" + activeDigits + "d out of %" + activeDigits + "d tasks", active, desired),
                0,
                0);
    }

    private void writeTask(Task task) {
        if (total > States.MAX_PROGRESS_BARS) return;
        String id = (task.slotNumber() + 1) + "/" + total;
        String err = task.status() == null ? null : task.status().err();
        if (err != null && !err.isEmpty()) {
            out.progress(id, States.truncError(err), 0, 0);
            return;
        }
        out.progress(id, States.padded(task.state()), States.number(task.state()), States.MAX_JOB_PROGRESS);
    }
}

package dev.skep.cli.service.progress;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Replicated services: "overall progress: 2 out of 3 tasks" and one bar per slot ("1/3: running [==…>]"). */
public class ReplicatedProgress implements ProgressUpdater {
    private final ProgressWriter out;
    /** Slots mapped onto 1..replicas in the order they first appear, so bars keep their lines. */
    private final Map<Long, Integer> slotMap = new HashMap<>();

    private boolean initialized;
    private boolean done;

    public ReplicatedProgress(ProgressWriter out) {
        this.out = out;
    }

    @Override
    public boolean update(Service service, List<Task> tasks, Set<String> activeNodes, boolean rollback) {
        Long r = service.spec().mode().replicated().replicas();
        if (r == null) throw new dev.skep.cli.CliException("no replica count");
        long replicas = r;
        if (!initialized) {
            ProgressUpdater.writeOverall(out, 0, replicas, rollback);
            if (replicas <= States.MAX_PROGRESS_BARS) {
                for (long i = 1; i <= replicas; i++) out.progress(i + "/" + replicas, " ", 0, 0);
            }
            initialized = true;
        }
        Map<Long, Task> bySlot = tasksBySlot(tasks, activeNodes);
        if (done && bySlot.values().stream().anyMatch(t -> t.state() != TaskState.RUNNING)) done = false;
        long running = 0;
        for (Task task : bySlot.values()) {
            int mapped = slotMap.computeIfAbsent(task.slotNumber(), s -> slotMap.size() + 1);
            if (!States.terminal(task.desiredState()) && task.state() == TaskState.RUNNING) running++;
            writeTask(task, mapped, replicas);
        }
        if (!done) {
            ProgressUpdater.writeOverall(out, running, replicas, rollback);
            if (running == replicas) done = true;
        }
        return running == replicas;
    }

    /** Per slot, the task with the lowest desired state wins; ties go to the lower observed state. */
    static Map<Long, Task> tasksBySlot(List<Task> tasks, Set<String> activeNodes) {
        Map<Long, Task> bySlot = new TreeMap<>();
        for (Task task : tasks) {
            if (States.number(task.desiredState()) == 0 || States.number(task.state()) == 0) continue;
            Task existing = bySlot.get(task.slotNumber());
            if (existing != null) {
                int ed = States.number(existing.desiredState());
                int td = States.number(task.desiredState());
                if (ed < td) continue;
                if (ed == td && States.number(existing.state()) <= States.number(task.state())) continue;
            }
            if (task.nodeID() != null && !task.nodeID().isEmpty() && !activeNodes.contains(task.nodeID())) continue;
            bySlot.put(task.slotNumber(), task);
        }
        return bySlot;
    }

    private void writeTask(Task task, int mapped, long replicas) {
        if (done || replicas > States.MAX_PROGRESS_BARS || mapped > replicas) return;
        String id = mapped + "/" + replicas;
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

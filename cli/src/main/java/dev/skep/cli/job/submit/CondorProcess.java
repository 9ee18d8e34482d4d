package dev.skep.cli.job.submit;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One process of a cluster: the newest task of job slot {@code process}, or no task yet (idle) when the job's
 * MaxConcurrent has not let its slot start.
 */
public record CondorProcess(long cluster, long process, ProcessState state, Task task, Instant submitted) {

    /** {@code C.P}, as condor_q prints a job id. */
    public String id() {
        return cluster + "." + process;
    }

    public String nodeId() {
        return task == null || task.nodeID() == null ? "" : task.nodeID();
    }

    /** The container's exit code once the process is done; null before that or when it never ran. */
    public Long exitCode() {
        if (task == null
                || !state.isDone()
                || task.status() == null
                || task.status().containerStatus() == null) {
            return null;
        }
        return task.status().containerStatus().exitCode();
    }

    /** The processes of a condor job service, in process order. */
    public static List<CondorProcess> of(Service service, List<Task> tasks) {
        long cluster = ClusterIds.clusterOf(service);
        Map<Long, Task> newest = new HashMap<>();
        Comparator<Task> age = Comparator.comparing((Task t) -> t.createdAt() == null ? Instant.EPOCH : t.createdAt())
                .thenComparing(Task::id);
        for (Task t : tasks) {
            if (!service.id().equals(t.serviceID())) continue;
            newest.merge(t.slotNumber(), t, (a, b) -> age.compare(a, b) >= 0 ? a : b);
        }
        List<CondorProcess> out = new ArrayList<>();
        for (long p = 0; p < total(service); p++) {
            Task t = newest.get(p);
            ProcessState state = t == null ? ProcessState.IDLE : ProcessState.of(t.state());
            Instant submitted = t != null && t.createdAt() != null ? t.createdAt() : service.createdAt();
            out.add(new CondorProcess(cluster, p, state, t, submitted));
        }
        return out;
    }

    private static long total(Service service) {
        var mode = service.spec().mode();
        if (mode == null || mode.replicatedJob() == null || mode.replicatedJob().totalCompletions() == null) return 1;
        return mode.replicatedJob().totalCompletions();
    }
}

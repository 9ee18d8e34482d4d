package dev.skep.manager.controlapi;

import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.store.ReadTx;

/**
 * {@code ServiceStatus} as {@code service ls} shows it, counted from the tasks the way SwarmKit does:
 * running tasks are those observed RUNNING that should still run; desired is the replica count (MaxConcurrent for jobs), or for
 * global services the number of tasks that should be running. Job tasks of older iterations do not count.
 */
final class ServiceStatuses {
    private ServiceStatuses() {}

    static Service.ServiceStatus of(ReadTx tx, Service service) {
        long running = 0;
        long desired = 0;
        long completed = 0;
        var mode = service.spec().mode();
        boolean global = mode == null || mode.global() != null || mode.globalJob() != null;
        if (mode != null && mode.replicated() != null) {
            desired =
                    mode.replicated().replicas() == null ? 1 : mode.replicated().replicas();
            global = false;
        } else if (mode != null && mode.replicatedJob() != null) {
            Long max = mode.replicatedJob().maxConcurrent();
            desired = max == null ? 1 : max;
            global = false;
        }
        Long iteration = service.jobStatus() == null || service.jobStatus().jobIteration() == null
                ? null
                : service.jobStatus().jobIteration().value();
        for (Task t : tx.tasksOfService(service.id())) {
            if (iteration != null) {
                long taskIteration =
                        t.jobIteration() == null ? -1 : t.jobIteration().value();
                if (taskIteration != iteration) continue;
                if (t.state() == TaskState.COMPLETE) completed++;
            }
            // Job tasks run towards desired COMPLETE; they count as running too (SwarmKit counts every RUNNING task).
            boolean meantToRun = t.desiredState() == TaskState.RUNNING
                    || (iteration != null && t.desiredState() == TaskState.COMPLETE);
            if (t.state() == TaskState.RUNNING && meantToRun) running++;
            if (global && t.desiredState() == TaskState.RUNNING) desired++;
            if (global && t.state() != TaskState.COMPLETE && t.desiredState() == TaskState.COMPLETE) desired++;
        }
        return new Service.ServiceStatus(running, desired, completed);
    }
}

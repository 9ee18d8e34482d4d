package dev.skep.manager.scheduler;

import dev.skep.api.model.Task;

/** The node runs fewer active tasks of the service than {@code Placement.MaxReplicas}. */
final class MaxReplicasFilter implements Filter {
    private String serviceId;
    private long maxReplicas;

    @Override
    public boolean setTask(Task task) {
        var placement = task.spec() == null ? null : task.spec().placement();
        if (placement == null || placement.maxReplicas() == null || placement.maxReplicas() <= 0) return false;
        serviceId = task.serviceID();
        maxReplicas = placement.maxReplicas();
        return true;
    }

    @Override
    public boolean check(NodeInfo node) {
        return node.activeTasksOf(serviceId) < maxReplicas;
    }

    @Override
    public String explain(int nodes) {
        return "max replicas per node limit exceed";
    }
}

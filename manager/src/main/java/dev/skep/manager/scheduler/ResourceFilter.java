package dev.skep.manager.scheduler;

import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;

/** The node still has the CPU and memory the task reserves. */
final class ResourceFilter implements Filter {
    private long cpus;
    private long memory;

    @Override
    public boolean setTask(Task task) {
        Resources r = NodeInfo.reservations(task);
        if (r == null || (r.cpus() == 0 && r.memory() == 0)) return false;
        cpus = r.cpus();
        memory = r.memory();
        return true;
    }

    @Override
    public boolean check(NodeInfo node) {
        return cpus <= node.availableCpus() && memory <= node.availableMemory();
    }

    @Override
    public String explain(int nodes) {
        return "insufficient resources on " + Filter.nodes(nodes);
    }
}

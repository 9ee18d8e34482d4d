package dev.skep.manager.scheduler;

import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import java.util.List;

/** The node still has the CPU, memory and generic resources (GPUs…) the task reserves. */
final class ResourceFilter implements Filter {
    private long cpus;
    private long memory;
    private List<Resources.GenericResource> generic;

    @Override
    public boolean setTask(Task task) {
        Resources r = NodeInfo.reservations(task);
        boolean anyGeneric = r != null
                && r.genericResources() != null
                && !r.genericResources().isEmpty();
        if (r == null || (r.cpus() == 0 && r.memory() == 0 && !anyGeneric)) return false;
        cpus = r.cpus();
        memory = r.memory();
        generic = anyGeneric ? r.genericResources() : null;
        return true;
    }

    @Override
    public boolean check(NodeInfo node) {
        return cpus <= node.availableCpus()
                && memory <= node.availableMemory()
                && (generic == null || node.fitsGeneric(generic));
    }

    @Override
    public String explain(int nodes) {
        return "insufficient resources on " + Filter.nodes(nodes);
    }
}

package dev.skep.manager.scheduler;

import dev.skep.api.model.Task;
import java.util.Set;
import java.util.function.Function;

/** None of the task's host-mode published ports is already bound on the node. */
final class HostPortFilter implements Filter {
    private final Function<Task, Set<HostPort>> portsOf;
    private Set<HostPort> ports;

    HostPortFilter(Function<Task, Set<HostPort>> portsOf) {
        this.portsOf = portsOf;
    }

    @Override
    public boolean setTask(Task task) {
        ports = portsOf.apply(task);
        return !ports.isEmpty();
    }

    @Override
    public boolean check(NodeInfo node) {
        for (HostPort p : ports) {
            if (node.usesHostPort(p)) return false;
        }
        return true;
    }

    @Override
    public String explain(int nodes) {
        return "host-mode port already in use on " + Filter.nodes(nodes);
    }
}

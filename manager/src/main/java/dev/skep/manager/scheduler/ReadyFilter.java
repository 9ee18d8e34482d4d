package dev.skep.manager.scheduler;

import dev.skep.api.model.Task;

/** The node is up and takes new tasks: status ready and availability active. Always checked first. */
final class ReadyFilter implements Filter {
    @Override
    public boolean setTask(Task task) {
        return true;
    }

    @Override
    public boolean check(NodeInfo node) {
        return node.node().isReady() && "active".equals(node.node().availability());
    }

    @Override
    public String explain(int nodes) {
        return Filter.nodes(nodes) + " not available for new tasks";
    }
}

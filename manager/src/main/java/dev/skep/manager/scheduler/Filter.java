package dev.skep.manager.scheduler;

import dev.skep.api.model.Task;

/** One check of whether a task can run on a node; the scheduler runs them in a fixed order. */
interface Filter {
    /** Prepares the filter for a task; false when the filter does not apply to it. */
    boolean setTask(Task task);

    /** True when the task given to {@link #setTask} can run on the node. */
    boolean check(NodeInfo node);

    /** Why {@code nodes} nodes failed this filter, as SwarmKit words it. */
    String explain(int nodes);

    /** SwarmKit's "1 node" / "N nodes" wording. */
    static String nodes(int n) {
        return n == 1 ? "1 node" : n + " nodes";
    }
}

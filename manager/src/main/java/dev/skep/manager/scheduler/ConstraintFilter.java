package dev.skep.manager.scheduler;

import dev.skep.api.constraint.Constraint;
import dev.skep.api.model.Task;
import java.util.List;

/** The node satisfies the task's placement constraints. */
final class ConstraintFilter implements Filter {
    private List<Constraint> constraints;

    @Override
    public boolean setTask(Task task) {
        var placement = task.spec() == null ? null : task.spec().placement();
        if (placement == null
                || placement.constraints() == null
                || placement.constraints().isEmpty()) return false;
        try {
            constraints = Constraint.parse(placement.constraints());
        } catch (IllegalArgumentException e) {
            return false; // validated by the control API; a bad one here disables the filter, as in SwarmKit
        }
        return true;
    }

    @Override
    public boolean check(NodeInfo node) {
        return Constraint.nodeMatches(constraints, node.node());
    }

    @Override
    public String explain(int nodes) {
        return "scheduling constraints not satisfied on " + Filter.nodes(nodes);
    }
}

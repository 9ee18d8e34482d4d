package dev.skep.manager.orchestrator;

import dev.skep.api.constraint.Constraint;
import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.Service;
import dev.skep.api.model.TaskSpec;

/**
 * Placement constraints ({@code node.hostname==…}, {@code node.labels.zone!=…}) evaluated with the
 * scheduler's matcher, so orchestrators and scheduler agree on which node a task may run. Constraints
 * that do not parse count as none, as in SwarmKit's orchestrators (the control API rejects them anyway).
 */
public final class ConstraintEligibility implements NodeEligibility {
    @Override
    public boolean meetsConstraints(Service service, Node node) {
        TaskSpec task = service.spec() == null ? null : service.spec().taskTemplate();
        Placement placement = task == null ? null : task.placement();
        return Constraint.allows(placement == null ? null : placement.constraints(), node);
    }
}

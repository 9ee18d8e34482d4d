package dev.skep.manager.orchestrator.constraint;

import dev.skep.api.constraint.Constraint;
import dev.skep.api.model.Node;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import dev.skep.manager.EventLoop;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Rejects tasks whose node no longer satisfies them (SwarmKit's {@code constraintenforcer}): when a node
 * changes — labels removed, role changed, fewer resources — every task on it that is meant to run is
 * checked against its placement constraints and, in the node's order, against the CPU and memory the node
 * still has. A task that fails is set to observed state REJECTED, not desired SHUTDOWN: desired state
 * belongs to the orchestrators, which then restart it elsewhere (replicated) or not at all (global).
 *
 * <p>Paused and drained nodes are left alone: a paused node keeps its tasks, a drained one is emptied by
 * the orchestrators anyway.
 */
public final class ConstraintEnforcer extends EventLoop {
    static final String MESSAGE = "task rejected by constraint enforcer";
    static final String ERROR = "assigned node no longer meets constraints";

    private final Set<String> toCheck = new LinkedHashSet<>();

    public ConstraintEnforcer(MemoryStore store, Timer timer) {
        super("constraint-enforcer", store, timer);
    }

    @Override
    protected boolean interestedIn(Event e) {
        return e.kind() == Kind.NODE && e.action() == Event.Action.UPDATE;
    }

    @Override
    protected void load(ReadTx tx) {
        toCheck.clear();
        for (Node n : tx.nodes().all()) toCheck.add(n.id());
    }

    @Override
    protected void reconcileAll() {
        // tick() checks the nodes load() collected
    }

    @Override
    protected void handle(Event e) {
        toCheck.add(e.object().id());
    }

    @Override
    protected void tick() {
        for (String id : List.copyOf(toCheck)) {
            toCheck.remove(id);
            rejectNoncompliantTasks(id);
        }
    }

    private void rejectNoncompliantTasks(String nodeId) {
        List<String> reject = store.view(tx -> {
            Node node = tx.nodes().get(nodeId);
            if (node == null || !"active".equals(node.availability())) return List.<String>of();
            return noncompliant(node, tx.tasksOfNode(nodeId));
        });
        if (reject.isEmpty()) return;
        store.batch(tx -> {
            for (String id : reject) {
                Task t = tx.tasks().get(id);
                if (t == null || t.desiredState().isAfter(TaskState.RUNNING)) continue;
                tx.update(t.withStatus(new TaskStatus(
                        now(),
                        TaskState.REJECTED,
                        MESSAGE,
                        ERROR,
                        t.status() == null ? null : t.status().containerStatus(),
                        null)));
            }
        });
    }

    /** The node's tasks meant to run that break a constraint or no longer fit the node's resources. */
    static List<String> noncompliant(Node node, List<Task> tasks) {
        Resources offered =
                node.description() == null ? null : node.description().resources();
        long cpus = offered == null ? 0 : offered.cpus();
        long memory = offered == null ? 0 : offered.memory();
        List<String> out = new ArrayList<>();
        for (Task t : tasks) {
            if (t.desiredState().compareTo(TaskState.ASSIGNED) < 0
                    || t.desiredState().isAfter(TaskState.RUNNING)) {
                continue;
            }
            if (t.state().isAfter(TaskState.RUNNING)) continue; // already stopped: nothing to reject
            if (!meetsConstraints(t.spec(), node)) {
                out.add(t.id());
                continue;
            }
            Resources reserved = reservations(t.spec());
            if (reserved == null) continue;
            if (reserved.memory() > memory || reserved.cpus() > cpus) {
                out.add(t.id());
                continue;
            }
            memory -= reserved.memory();
            cpus -= reserved.cpus();
        }
        return out;
    }

    private static boolean meetsConstraints(TaskSpec spec, Node node) {
        return Constraint.allows(
                spec == null || spec.placement() == null
                        ? null
                        : spec.placement().constraints(),
                node);
    }

    private static Resources reservations(TaskSpec spec) {
        return spec == null || spec.resources() == null
                ? null
                : spec.resources().reservations();
    }
}

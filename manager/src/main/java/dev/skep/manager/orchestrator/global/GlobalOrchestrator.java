package dev.skep.manager.orchestrator.global;

import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.Timer;
import dev.skep.manager.orchestrator.ConstraintEligibility;
import dev.skep.manager.orchestrator.NodeEligibility;
import dev.skep.manager.orchestrator.ServiceModes;
import dev.skep.manager.orchestrator.ServiceTasks;
import dev.skep.manager.orchestrator.SlotOrchestrator;
import dev.skep.manager.orchestrator.TaskFactory;
import dev.skep.manager.orchestrator.restart.RestartSupervisor;
import dev.skep.manager.orchestrator.update.UpdateSupervisor;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import dev.skep.store.Tx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs one task of each global service on every eligible node (SwarmKit's {@code orchestrator/global}).
 *
 * <p>A node that is ready and active, and satisfies the service's placement constraints, gets a task,
 * bound to it from creation. A paused node (or one not ready yet) keeps what it runs but gets nothing new;
 * a drained or down node, or one that no longer satisfies the constraints, has its tasks shut down. Spec
 * changes roll out through the {@link UpdateSupervisor}, one node being one slot; tasks that end are
 * replaced on the same node by the {@link RestartSupervisor}.
 */
public final class GlobalOrchestrator extends SlotOrchestrator {
    /** A node changed: where global tasks belong may have changed for every global service. */
    private boolean reconcileEverything;

    public GlobalOrchestrator(MemoryStore store, Timer timer) {
        this(store, timer, new ConstraintEligibility());
    }

    public GlobalOrchestrator(MemoryStore store, Timer timer, NodeEligibility eligibility) {
        super("global-orchestrator", store, timer, eligibility);
    }

    @Override
    protected boolean owns(Service s) {
        return ServiceModes.isGlobal(s);
    }

    @Override
    protected void nodeChanged(Event e) {
        reconcileEverything = true;
    }

    @Override
    protected void taskChanged(Task t) {
        if (TaskFactory.isRunnable(t) && TaskFactory.hasStopped(t)) toRestart.add(t.id());
    }

    /**
     * A global task restarts on its own node, unless the node is gone or down (reconciliation shuts it down) or
     * paused or no longer meets the constraints (shut down here).
     */
    @Override
    protected boolean mayRestart(Tx tx, Service s, Task t) {
        Node node = nodeOf(tx, t);
        if (NodeEligibility.isInvalid(node)) return false;
        if ("pause".equals(node.availability()) || !eligibility.meetsConstraints(s, node)) {
            tx.update(t.withDesiredState(TaskState.SHUTDOWN));
            return false;
        }
        return true;
    }

    @Override
    protected void beforeReconcile() {
        if (!reconcileEverything) return;
        reconcileEverything = false;
        store.view(tx -> tx.services().all()).stream().filter(this::owns).forEach(s -> toReconcile.add(s.id()));
    }

    @Override
    protected void reconcile(String serviceId) {
        Service[] service = new Service[1];
        List<Node> nodes = new ArrayList<>();
        List<Task> tasks = store.view(tx -> {
            service[0] = tx.services().get(serviceId);
            nodes.addAll(tx.nodes().all());
            return tx.tasksOfService(serviceId);
        });
        Service s = service[0];
        if (!ServiceModes.isGlobal(s)) return;
        Map<String, List<Task>> byNode = new HashMap<>();
        for (Task t : tasks) {
            if (t.nodeID() != null)
                byNode.computeIfAbsent(t.nodeID(), k -> new ArrayList<>()).add(t);
        }
        List<Task> shutDown = new ArrayList<>();
        List<String> addOn = new ArrayList<>();
        List<List<Task>> slots = new ArrayList<>();
        Set<String> known = new HashSet<>();
        for (Node node : nodes) {
            known.add(node.id());
            List<Task> current = restarts.updatableTasksInSlot(byNode.getOrDefault(node.id(), List.of()), s);
            if (NodeEligibility.isInvalid(node) || !eligibility.meetsConstraints(s, node)) {
                shutDown.addAll(current);
            } else if (!current.isEmpty()) {
                slots.add(current);
            } else if (NodeEligibility.acceptsNewTasks(node)) {
                addOn.add(node.id());
            }
        }
        byNode.forEach((nodeId, onNode) -> {
            if (!known.contains(nodeId)) shutDown.addAll(onNode);
        });
        ServiceTasks.shutDown(store, shutDown);
        if (!addOn.isEmpty()) {
            store.batch(tx -> {
                if (tx.services().get(s.id()) == null) return;
                for (String nodeId : addOn) tx.create(TaskFactory.forNode(cluster, s, nodeId, now()));
            });
        }
        updates.update(cluster, s, slots);
    }
}

package dev.skep.manager.orchestrator.global;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.Timer;
import dev.skep.manager.orchestrator.ConstraintEligibility;
import dev.skep.manager.orchestrator.EventLoop;
import dev.skep.manager.orchestrator.NodeEligibility;
import dev.skep.manager.orchestrator.ServiceModes;
import dev.skep.manager.orchestrator.ServiceTasks;
import dev.skep.manager.orchestrator.TaskFactory;
import dev.skep.manager.orchestrator.restart.RestartSupervisor;
import dev.skep.manager.orchestrator.update.UpdateSupervisor;
import dev.skep.store.ConflictException;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task of each global service on every eligible node (SwarmKit's {@code orchestrator/global}).
 *
 * <p>A node that is ready and active, and satisfies the service's placement constraints, gets a task,
 * bound to it from creation. A paused node (or one not ready yet) keeps what it runs but gets nothing new;
 * a drained or down node, or one that no longer satisfies the constraints, has its tasks shut down. Spec
 * changes roll out through the {@link UpdateSupervisor}, one node being one slot; tasks that end are
 * replaced on the same node by the {@link RestartSupervisor}.
 */
public final class GlobalOrchestrator extends EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(GlobalOrchestrator.class);

    private final NodeEligibility eligibility;
    private final Set<String> toReconcile = new LinkedHashSet<>();
    private final Set<String> toRestart = new LinkedHashSet<>();
    private boolean reconcileEverything;
    private RestartSupervisor restarts;
    private UpdateSupervisor updates;
    private Cluster cluster;
    private List<Task> initialTasks = List.of();
    private Set<String> initialServices = Set.of();

    public GlobalOrchestrator(MemoryStore store, Timer timer) {
        this(store, timer, new ConstraintEligibility());
    }

    public GlobalOrchestrator(MemoryStore store, Timer timer, NodeEligibility eligibility) {
        super("global-orchestrator", store, timer);
        this.eligibility = eligibility;
    }

    @Override
    protected boolean interestedIn(Event e) {
        return e.kind() != null;
    }

    @Override
    protected void load(ReadTx tx) {
        if (updates != null) updates.cancelAll();
        if (restarts != null) restarts.reset();
        restarts = new RestartSupervisor(store, wakeups());
        updates = new UpdateSupervisor(store, wakeups(), restarts, eligibility);
        toReconcile.clear();
        toRestart.clear();
        cluster = tx.cluster();
        initialServices = tx.services().all().stream().map(Service::id).collect(Collectors.toSet());
        initialTasks = tx.tasks().all();
    }

    @Override
    protected void reconcileAll() {
        ServiceTasks.remove(store, initialTasks.stream()
                .filter(t -> t.serviceID() != null && !initialServices.contains(t.serviceID())).toList());
        List<Task> ours = store.view(tx -> initialTasks.stream()
                .filter(t -> ServiceModes.isGlobal(tx.services().get(t.serviceID()))).toList());
        restarts.resume(ours);
        ours.forEach(this::taskChanged);
        reconcileEverything = true;
        initialTasks = List.of();
    }

    @Override
    protected void handle(Event e) {
        restarts.observe(e);
        updates.observe(e);
        switch (e.kind()) {
            case CLUSTER -> cluster = (Cluster) e.after();
            case SERVICE -> serviceChanged(e);
            // Any node change can change where global tasks belong.
            case NODE -> reconcileEverything = true;
            case TASK -> {
                if (e.action() != Event.Action.DELETE) {
                    taskChanged((Task) e.after());
                } else {
                    Task t = (Task) e.before();
                    restarts.cancel(t.id());
                    if (TaskFactory.isRunnable(t)) toReconcile.add(t.serviceID());
                }
            }
        }
    }

    private void serviceChanged(Event e) {
        if (e.action() == Event.Action.DELETE) {
            Service gone = (Service) e.before();
            if (!ServiceModes.isGlobal(gone)) return;
            updates.cancel(gone.id());
            restarts.clearServiceHistory(gone.id());
            ServiceTasks.remove(store, store.view(tx -> tx.tasksOfService(gone.id())));
            return;
        }
        if (ServiceModes.isGlobal((Service) e.after())) toReconcile.add(e.after().id());
    }

    private void taskChanged(Task t) {
        if (TaskFactory.isRunnable(t) && TaskFactory.hasStopped(t)) toRestart.add(t.id());
    }

    @Override
    protected void tick() {
        for (String id : List.copyOf(toRestart)) {
            toRestart.remove(id);
            restart(id);
        }
        if (reconcileEverything) {
            reconcileEverything = false;
            store.view(tx -> tx.services().all()).stream()
                    .filter(ServiceModes::isGlobal).forEach(s -> toReconcile.add(s.id()));
        }
        for (String id : List.copyOf(toReconcile)) {
            toReconcile.remove(id);
            reconcile(id);
        }
    }

    private void restart(String taskId) {
        RestartSupervisor.Restart[] planned = new RestartSupervisor.Restart[1];
        try {
            store.update(tx -> {
                planned[0] = null;
                Task t = tx.tasks().get(taskId);
                if (t == null || !TaskFactory.isRunnable(t)) return;
                Service s = tx.services().get(t.serviceID());
                if (!ServiceModes.isGlobal(s)) return;
                Node node = t.nodeID() == null ? null : tx.nodes().get(t.nodeID());
                if (NodeEligibility.isInvalid(node)) return; // reconciliation shuts it down
                if ("pause".equals(node.availability()) || !eligibility.meetsConstraints(s, node)) {
                    tx.update(t.withDesiredState(TaskState.SHUTDOWN));
                    return;
                }
                planned[0] = restarts.restart(tx, cluster, s, t).orElse(null);
            });
        } catch (ConflictException e) {
            LOG.debug("restart of task {} lost a race: {}", taskId, e.getMessage());
            return;
        }
        if (planned[0] != null) restarts.committed(planned[0]);
    }

    private void reconcile(String serviceId) {
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
            if (t.nodeID() != null) byNode.computeIfAbsent(t.nodeID(), k -> new ArrayList<>()).add(t);
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

package dev.skep.manager.orchestrator.replicated;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
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
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps each replicated service at {@code Replicas} slots (SwarmKit's {@code orchestrator/replicated}).
 *
 * <p>Scaling up fills the lowest free slot numbers with new tasks; scaling down sets desired REMOVE on the
 * surplus slots, chosen by {@link ScaleDown}; a deleted service gets desired REMOVE on all its tasks (the
 * task reaper deletes them once stopped). Slots the service keeps go to the {@link UpdateSupervisor},
 * which rolls out spec changes. A task that ends while it should run, or whose node goes down or is
 * drained, is handed to the {@link RestartSupervisor}. On start it rebuilds everything from the store.
 */
public final class ReplicatedOrchestrator extends EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(ReplicatedOrchestrator.class);

    private final NodeEligibility eligibility;
    private final Set<String> toReconcile = new LinkedHashSet<>();
    private final Set<String> toRestart = new LinkedHashSet<>();
    private RestartSupervisor restarts;
    private UpdateSupervisor updates;
    private Cluster cluster;
    private List<Task> initialTasks = List.of();
    private Set<String> initialServices = Set.of();

    public ReplicatedOrchestrator(MemoryStore store, Timer timer) {
        this(store, timer, new ConstraintEligibility());
    }

    public ReplicatedOrchestrator(MemoryStore store, Timer timer, NodeEligibility eligibility) {
        super("replicated-orchestrator", store, timer);
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
        List<Task> ours = new ArrayList<>();
        Set<String> services = new HashSet<>();
        store.view(tx -> {
            for (Task t : initialTasks) {
                Service s = tx.services().get(t.serviceID());
                if (!ServiceModes.isReplicated(s)) continue;
                ours.add(t);
                services.add(s.id());
            }
            for (Service s : tx.services().all()) if (ServiceModes.isReplicated(s)) services.add(s.id());
            return null;
        });
        restarts.resume(ours);
        ours.forEach(this::taskChanged);
        toReconcile.addAll(services);
        initialTasks = List.of();
    }

    @Override
    protected void handle(Event e) {
        restarts.observe(e);
        updates.observe(e);
        switch (e.kind()) {
            case CLUSTER -> cluster = (Cluster) e.after();
            case SERVICE -> serviceChanged(e);
            case TASK -> {
                if (e.action() == Event.Action.DELETE) taskDeleted((Task) e.before());
                else taskChanged((Task) e.after());
            }
            case NODE -> {
                Node n = (Node) e.object();
                if (e.action() == Event.Action.DELETE || NodeEligibility.isInvalid(n)) restartTasksOn(n.id());
            }
        }
    }

    private void serviceChanged(Event e) {
        if (e.action() == Event.Action.DELETE) {
            Service gone = (Service) e.before();
            if (!ServiceModes.isReplicated(gone)) return;
            updates.cancel(gone.id());
            restarts.clearServiceHistory(gone.id());
            ServiceTasks.remove(store, store.view(tx -> tx.tasksOfService(gone.id())));
            return;
        }
        if (ServiceModes.isReplicated((Service) e.after())) toReconcile.add(e.after().id());
    }

    private void taskDeleted(Task t) {
        restarts.cancel(t.id());
        if (TaskFactory.isRunnable(t) && isReplicated(t.serviceID())) toReconcile.add(t.serviceID());
    }

    /** A task that should run but ended, or sits on a node that is gone, down or drained, is restarted. */
    private void taskChanged(Task t) {
        if (!TaskFactory.isRunnable(t)) return;
        boolean restart = store.view(tx -> {
            if (!ServiceModes.isReplicated(tx.services().get(t.serviceID()))) return false;
            if (TaskFactory.hasStopped(t)) return true;
            return t.nodeID() != null && NodeEligibility.isInvalid(tx.nodes().get(t.nodeID()));
        });
        if (restart) toRestart.add(t.id());
    }

    private void restartTasksOn(String nodeId) {
        store.view(tx -> {
            for (Task t : tx.tasksOfNode(nodeId)) {
                if (TaskFactory.isRunnable(t) && ServiceModes.isReplicated(tx.services().get(t.serviceID()))) {
                    toRestart.add(t.id());
                }
            }
            return null;
        });
    }

    private boolean isReplicated(String serviceId) {
        return store.view(tx -> ServiceModes.isReplicated(tx.services().get(serviceId)));
    }

    @Override
    protected void tick() {
        for (String id : List.copyOf(toRestart)) {
            toRestart.remove(id);
            restart(id);
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
                if (!ServiceModes.isReplicated(s)) return;
                planned[0] = restarts.restart(tx, cluster, s, t).orElse(null);
            });
        } catch (ConflictException e) {
            // The task changed under us; that change is an event of its own and brings it back here.
            LOG.debug("restart of task {} lost a race: {}", taskId, e.getMessage());
            return;
        }
        if (planned[0] != null) restarts.committed(planned[0]);
    }

    private void reconcile(String serviceId) {
        Service[] service = new Service[1];
        List<Task> tasks = store.view(tx -> {
            service[0] = tx.services().get(serviceId);
            return tx.tasksOfService(serviceId);
        });
        Service s = service[0];
        if (!ServiceModes.isReplicated(s)) return;
        Map<Long, List<Task>> bySlot = new TreeMap<>();
        for (Task t : tasks) {
            if (t.slotNumber() > 0) bySlot.computeIfAbsent(t.slotNumber(), k -> new ArrayList<>()).add(t);
        }
        Map<Long, List<Task>> live = new TreeMap<>();
        Map<Long, List<Task>> dead = new TreeMap<>();
        bySlot.forEach((slot, slotTasks) -> {
            List<Task> updatable = restarts.updatableTasksInSlot(slotTasks, s);
            if (updatable.isEmpty()) dead.put(slot, slotTasks);
            else live.put(slot, updatable);
        });
        int want = (int) ServiceModes.replicas(s);
        List<List<Task>> slots = new ArrayList<>(live.values());
        List<Task> remove = new ArrayList<>();
        if (want > slots.size()) {
            updates.update(cluster, s, slots);
            List<Long> fresh = freeSlots(live.keySet(), want - slots.size());
            fresh.forEach(dead::remove);
            createTasks(s, fresh);
        } else if (want < slots.size()) {
            List<List<Task>> ordered = ScaleDown.keepFirst(slots);
            updates.update(cluster, s, ordered.subList(0, want));
            ordered.subList(want, ordered.size()).forEach(remove::addAll);
        } else {
            updates.update(cluster, s, slots);
        }
        // Slots with nothing left to run (scaled away earlier) go too, history included.
        dead.values().forEach(remove::addAll);
        ServiceTasks.remove(store, remove);
    }

    /** The lowest {@code count} slot numbers not in use. */
    private static List<Long> freeSlots(Set<Long> used, int count) {
        List<Long> free = new ArrayList<>(count);
        for (long n = 1; free.size() < count; n++) if (!used.contains(n)) free.add(n);
        return free;
    }

    private void createTasks(Service s, List<Long> slots) {
        store.batch(tx -> {
            if (tx.services().get(s.id()) == null) return;
            for (long slot : slots) tx.create(TaskFactory.forSlot(cluster, s, slot, now()));
        });
    }
}

package dev.skep.manager.orchestrator;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.time.Timer;
import dev.skep.manager.EventLoop;
import dev.skep.manager.orchestrator.restart.RestartSupervisor;
import dev.skep.manager.orchestrator.update.UpdateSupervisor;
import dev.skep.store.ConflictException;
import dev.skep.store.Event;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import dev.skep.store.Tx;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The skeleton the replicated and the global orchestrator share (as SwarmKit's two do): a task per slot, spec
 * changes rolled out by the {@link UpdateSupervisor}, ended tasks replaced by the {@link RestartSupervisor}, both
 * rebuilt from the store on start. Each tick first restarts the tasks queued for it, one transaction each, then
 * reconciles the queued services. A deleted service of its mode gets desired REMOVE on all its tasks. The
 * subclass says which services it owns, which task and node changes call for a restart or a reconcile, and how
 * a service's slots are reconciled.
 */
public abstract class SlotOrchestrator extends EventLoop {
    private static final Logger LOG = LoggerFactory.getLogger(SlotOrchestrator.class);

    protected final NodeEligibility eligibility;
    /** Services to reconcile on the next tick. */
    protected final Set<String> toReconcile = new LinkedHashSet<>();
    /** Tasks to restart on the next tick. */
    protected final Set<String> toRestart = new LinkedHashSet<>();

    protected RestartSupervisor restarts;
    protected UpdateSupervisor updates;
    protected Cluster cluster;
    private List<Task> initialTasks = List.of();
    private Set<String> initialServices = Set.of();

    protected SlotOrchestrator(String name, MemoryStore store, Timer timer, NodeEligibility eligibility) {
        super(name, store, timer);
        this.eligibility = eligibility;
    }

    /** Whether the service (null when it is gone) is of this orchestrator's mode. */
    protected abstract boolean owns(Service s);

    /** A task was created or changed: queue it for a restart when it should run but cannot. */
    protected abstract void taskChanged(Task t);

    /** A node was created, changed or deleted. */
    protected abstract void nodeChanged(Event e);

    /** Brings one service's slots to its spec. */
    protected abstract void reconcile(String serviceId);

    /**
     * Whether the task may be restarted where it is, checked inside the restart's transaction; may change the
     * task instead (e.g. shut it down). The replicated orchestrator restarts anywhere.
     */
    protected boolean mayRestart(Tx tx, Service s, Task t) {
        return true;
    }

    /** Runs before the queued services are reconciled: a chance to queue more. */
    protected void beforeReconcile() {}

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

    /** Removes the tasks of services deleted meanwhile, resumes its own tasks' restarts, reconciles every service. */
    @Override
    protected void reconcileAll() {
        ServiceTasks.remove(
                store,
                initialTasks.stream()
                        .filter(t -> t.serviceID() != null && !initialServices.contains(t.serviceID()))
                        .toList());
        List<Task> ours = store.view(tx -> initialTasks.stream()
                .filter(t -> owns(tx.services().get(t.serviceID())))
                .toList());
        restarts.resume(ours);
        ours.forEach(this::taskChanged);
        store.view(tx -> tx.services().all()).stream().filter(this::owns).forEach(s -> toReconcile.add(s.id()));
        initialTasks = List.of();
    }

    @Override
    protected void handle(Event e) {
        restarts.observe(e);
        updates.observe(e);
        switch (e.kind()) {
            case CLUSTER -> cluster = (Cluster) e.after();
            case SERVICE -> serviceChanged(e);
            case NODE -> nodeChanged(e);
            case TASK -> {
                if (e.action() == Event.Action.DELETE) taskDeleted((Task) e.before());
                else taskChanged((Task) e.after());
            }
        }
    }

    private void serviceChanged(Event e) {
        if (e.action() == Event.Action.DELETE) {
            Service gone = (Service) e.before();
            if (!owns(gone)) return;
            updates.cancel(gone.id());
            restarts.clearServiceHistory(gone.id());
            ServiceTasks.remove(store, store.view(tx -> tx.tasksOfService(gone.id())));
            return;
        }
        if (owns((Service) e.after())) toReconcile.add(e.after().id());
    }

    private void taskDeleted(Task t) {
        restarts.cancel(t.id());
        if (TaskFactory.isRunnable(t) && isOwned(t.serviceID())) toReconcile.add(t.serviceID());
    }

    private boolean isOwned(String serviceId) {
        return store.view(tx -> owns(tx.services().get(serviceId)));
    }

    @Override
    protected void tick() {
        for (String id : List.copyOf(toRestart)) {
            toRestart.remove(id);
            restart(id);
        }
        beforeReconcile();
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
                if (!owns(s) || !mayRestart(tx, s, t)) return;
                planned[0] = restarts.restart(tx, cluster, s, t).orElse(null);
            });
        } catch (ConflictException e) {
            // The task changed under us; that change is an event of its own and brings it back here.
            LOG.debug("restart of task {} lost a race: {}", taskId, e.getMessage());
            return;
        }
        if (planned[0] != null) restarts.committed(planned[0]);
    }

    /** The node a task is bound to, or null. */
    protected static Node nodeOf(ReadTx tx, Task t) {
        return t.nodeID() == null ? null : tx.nodes().get(t.nodeID());
    }
}

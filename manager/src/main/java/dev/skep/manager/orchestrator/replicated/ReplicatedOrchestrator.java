package dev.skep.manager.orchestrator.replicated;

import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Keeps each replicated service at {@code Replicas} slots (SwarmKit's {@code orchestrator/replicated}).
 *
 * <p>Scaling up fills the lowest free slot numbers with new tasks; scaling down sets desired REMOVE on the
 * surplus slots, chosen by {@link ScaleDown}; a deleted service gets desired REMOVE on all its tasks (the
 * task reaper deletes them once stopped). Slots the service keeps go to the {@link UpdateSupervisor},
 * which rolls out spec changes. A task that ends while it should run, or whose node goes down or is
 * drained, is handed to the {@link RestartSupervisor}. On start it rebuilds everything from the store.
 */
public final class ReplicatedOrchestrator extends SlotOrchestrator {
    public ReplicatedOrchestrator(MemoryStore store, Timer timer) {
        this(store, timer, new ConstraintEligibility());
    }

    public ReplicatedOrchestrator(MemoryStore store, Timer timer, NodeEligibility eligibility) {
        super("replicated-orchestrator", store, timer, eligibility);
    }

    @Override
    protected boolean owns(Service s) {
        return ServiceModes.isReplicated(s);
    }

    /** A node that is gone, down or drained: its tasks are restarted elsewhere. */
    @Override
    protected void nodeChanged(Event e) {
        Node n = (Node) e.object();
        if (e.action() == Event.Action.DELETE || NodeEligibility.isInvalid(n)) restartTasksOn(n.id());
    }

    /** A task that should run but ended, or sits on a node that is gone, down or drained, is restarted. */
    @Override
    protected void taskChanged(Task t) {
        if (!TaskFactory.isRunnable(t)) return;
        boolean restart = store.view(tx -> {
            if (!owns(tx.services().get(t.serviceID()))) return false;
            if (TaskFactory.hasStopped(t)) return true;
            return t.nodeID() != null && NodeEligibility.isInvalid(nodeOf(tx, t));
        });
        if (restart) toRestart.add(t.id());
    }

    private void restartTasksOn(String nodeId) {
        store.view(tx -> {
            for (Task t : tx.tasksOfNode(nodeId)) {
                if (TaskFactory.isRunnable(t) && owns(tx.services().get(t.serviceID()))) toRestart.add(t.id());
            }
            return null;
        });
    }

    @Override
    protected void reconcile(String serviceId) {
        Service[] service = new Service[1];
        List<Task> tasks = store.view(tx -> {
            service[0] = tx.services().get(serviceId);
            return tx.tasksOfService(serviceId);
        });
        Service s = service[0];
        if (!ServiceModes.isReplicated(s)) return;
        Map<Long, List<Task>> bySlot = new TreeMap<>();
        for (Task t : tasks) {
            if (t.slotNumber() > 0)
                bySlot.computeIfAbsent(t.slotNumber(), k -> new ArrayList<>()).add(t);
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

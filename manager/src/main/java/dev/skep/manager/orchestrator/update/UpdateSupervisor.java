package dev.skep.manager.orchestrator.update;

import dev.skep.api.json.Json;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.manager.Wakeups;
import dev.skep.manager.orchestrator.NodeEligibility;
import dev.skep.manager.orchestrator.restart.RestartSupervisor;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Keeps at most one rolling update per service. The orchestrators hand it a service's slots on every
 * reconciliation; an update already working towards the same spec carries on, one towards an older spec
 * is cancelled and a new one starts from the newest spec. Confined to the owning loop's thread.
 */
public final class UpdateSupervisor {
    private final MemoryStore store;
    private final Wakeups wakeups;
    private final RestartSupervisor restarts;
    private final NodeEligibility eligibility;
    private final Map<String, Updater> updates = new HashMap<>();

    public UpdateSupervisor(
            MemoryStore store, Wakeups wakeups, RestartSupervisor restarts, NodeEligibility eligibility) {
        this.store = store;
        this.wakeups = wakeups;
        this.restarts = restarts;
        this.eligibility = eligibility;
    }

    /**
     * Brings {@code slots} of {@code service} to its current spec. Each slot lists the tasks of one slot
     * number (or one node, for global services) that are still meant to run.
     */
    public void update(Cluster cluster, Service service, List<List<Task>> slots) {
        Updater running = updates.get(service.id());
        if (running != null) {
            if (sameSpec(running.service(), service)) return;
            running.cancel();
        }
        Updater[] self = new Updater[1];
        self[0] = new Updater(
                store, wakeups, restarts, eligibility, cluster, service, () -> updates.remove(service.id(), self[0]));
        updates.put(service.id(), self[0]);
        self[0].run(slots);
    }

    /** Feeds task changes to the update of their service, if one is running. */
    public void observe(Event e) {
        if (e.kind() != Kind.TASK || updates.isEmpty()) return;
        Task t = (Task) e.object();
        Updater u = updates.get(t.serviceID());
        if (u != null) u.observe(t, e.action() == Event.Action.DELETE);
    }

    public boolean isUpdating(String serviceId) {
        return updates.containsKey(serviceId);
    }

    public void cancel(String serviceId) {
        Updater u = updates.get(serviceId);
        if (u != null) u.cancel();
    }

    public void cancelAll() {
        for (Updater u : List.copyOf(updates.values())) u.cancel();
        updates.clear();
    }

    private static boolean sameSpec(Service a, Service b) {
        return Json.MAPPER.valueToTree(a.spec()).equals(Json.MAPPER.valueToTree(b.spec()));
    }
}

package dev.skep.manager.taskreaper;

import dev.skep.api.defaults.ServiceDefaults;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Service;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.Timer;
import dev.skep.manager.EventLoop;
import dev.skep.manager.orchestrator.SlotKey;
import dev.skep.manager.orchestrator.TaskFactory;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Deletes tasks nobody needs any more (SwarmKit's {@code taskreaper}):
 * <ul>
 * <li>history beyond {@code Cluster.Spec.Orchestration.TaskHistoryRetentionLimit} (default 5) tasks per
 * slot — per node for global services — oldest first, never a task that may still run. A service whose
 * restart policy has {@code MaxAttempts} keeps MaxAttempts + 1, so its restart count survives a leader
 * change; a negative limit keeps everything;</li>
 * <li>tasks with desired state REMOVE (scaled away, service deleted) once their agent reported them
 * stopped, or at once if they never reached a node;</li>
 * <li>tasks of deleted services once stopped, and orphaned tasks that belong to no service.</li>
 * </ul>
 * Work is batched per burst of events; on start every slot is checked once, so nothing depends on
 * events a previous leader saw.
 */
public final class TaskReaper extends EventLoop {
    private final Set<SlotKey> dirty = new LinkedHashSet<>();
    private final Set<String> cleanup = new LinkedHashSet<>();
    private long historyLimit = 5;

    public TaskReaper(MemoryStore store, Timer timer) {
        super("task-reaper", store, timer);
    }

    @Override
    protected boolean interestedIn(Event e) {
        return e.kind() == Kind.TASK
                || e.kind() == Kind.CLUSTER
                || (e.kind() == Kind.SERVICE && e.action() == Event.Action.DELETE);
    }

    @Override
    protected void load(ReadTx tx) {
        dirty.clear();
        cleanup.clear();
        Cluster c = tx.cluster();
        historyLimit = c == null ? 5 : c.taskHistoryLimit();
        for (Task t : tx.tasks().all()) {
            if (isGarbage(t, tx.services().get(t.serviceID()) != null)) cleanup.add(t.id());
            else dirty.add(SlotKey.of(t));
        }
    }

    @Override
    protected void reconcileAll() {
        // tick() runs next and does the work.
    }

    @Override
    protected void handle(Event e) {
        switch (e.kind()) {
            case CLUSTER -> {
                if (e.after() != null) historyLimit = ((Cluster) e.after()).taskHistoryLimit();
            }
            case SERVICE -> store.view(tx -> tx.tasksOfService(e.before().id())).forEach(this::check);
            case TASK -> {
                if (e.action() == Event.Action.CREATE) dirty.add(SlotKey.of((Task) e.after()));
                if (e.action() != Event.Action.DELETE) check((Task) e.after());
            }
            default -> {}
        }
    }

    private void check(Task t) {
        boolean serviceExists = store.view(tx -> tx.services().get(t.serviceID()) != null);
        if (isGarbage(t, serviceExists)) cleanup.add(t.id());
        else if (TaskFactory.hasStopped(t)) dirty.add(SlotKey.of(t));
    }

    /** Removed, orphaned or of a deleted service — and not running anywhere. */
    static boolean isGarbage(Task t, boolean serviceExists) {
        boolean offNode =
                t.state().compareTo(TaskState.ASSIGNED) < 0 || t.state().isTerminal();
        if (t.desiredState() == TaskState.REMOVE && offNode) return true;
        if (t.serviceID() == null) return t.state().isAtLeast(TaskState.ORPHANED);
        return !serviceExists && offNode;
    }

    @Override
    protected void tick() {
        Set<String> delete = new LinkedHashSet<>(cleanup);
        cleanup.clear();
        store.view(tx -> {
            // One read of each service's tasks per burst: a burst of creates dirties every slot of a service.
            Map<String, Map<Long, List<Task>>> slotsByService = new HashMap<>();
            for (SlotKey key : dirty) delete.addAll(surplusHistory(tx, key, slotsByService));
            return null;
        });
        dirty.clear();
        if (delete.isEmpty()) return;
        store.batch(tx -> {
            for (String id : delete) {
                Task t = tx.tasks().get(id);
                if (t != null) tx.delete(t);
            }
        });
    }

    /** The oldest finished tasks of a slot beyond what the retention limit keeps. */
    private List<String> surplusHistory(ReadTx tx, SlotKey key, Map<String, Map<Long, List<Task>>> slotsByService) {
        Service service = tx.services().get(key.serviceId());
        if (service == null) return List.of();
        long keep = historyLimit;
        long maxAttempts =
                ServiceDefaults.restartPolicy(service.spec().taskTemplate()).maxAttempts();
        if (maxAttempts > 0) keep = maxAttempts + 1;
        if (keep < 0) return List.of();
        List<Task> candidates = key.slot() > 0
                ? slotsByService
                        .computeIfAbsent(key.serviceId(), id -> bySlot(tx.tasksOfService(id)))
                        .getOrDefault(key.slot(), List.of())
                : tx.tasksOfNode(key.nodeId());
        List<Task> slot = candidates.stream()
                .filter(t -> Objects.equals(t.serviceID(), key.serviceId()))
                .filter(t -> key.slot() > 0 ? t.slotNumber() == key.slot() : t.slotNumber() == 0)
                .sorted(Comparator.comparing(TaskReaper::statusTime)
                        .thenComparing(t -> t.version().value()))
                .toList();
        long excess = slot.size() - keep;
        return slot.stream()
                .filter(t -> TaskFactory.hasStopped(t) || TaskFactory.willNeverRun(t))
                .limit(Math.max(0, excess))
                .map(Task::id)
                .toList();
    }

    private static Map<Long, List<Task>> bySlot(List<Task> tasks) {
        Map<Long, List<Task>> slots = new HashMap<>();
        for (Task t : tasks)
            slots.computeIfAbsent(t.slotNumber(), n -> new ArrayList<>()).add(t);
        return slots;
    }

    private static Instant statusTime(Task t) {
        return t.status() == null || t.status().timestamp() == null
                ? Instant.EPOCH
                : t.status().timestamp();
    }
}

package dev.skep.manager.dispatcher;

import dev.skep.api.model.Node;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import dev.skep.manager.EventLoop;
import dev.skep.store.Event;
import dev.skep.store.Kind;
import dev.skep.store.MemoryStore;
import dev.skep.store.ReadTx;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Tasks on a node that has been down for {@link #NODE_DOWN_PERIOD} (SwarmKit's {@code defaultNodeDownPeriod}, 24 h)
 * become ORPHANED: nothing is known about them any more, and the scheduler stops counting their resources against
 * the node. As in SwarmKit, only tasks that could have made progress since the node went away (ASSIGNED up to
 * RUNNING) change; the task objects stay until the reaper or a node removal deletes them.
 * <p>
 * The node's {@code UpdatedAt} when it is down stands for the time it went down: it is in the store, so a new
 * leader counts from the same moment (an update to a down node, e.g. a label, only delays the orphaning).
 */
public final class OrphanedTasks extends EventLoop {
    public static final Duration NODE_DOWN_PERIOD = Duration.ofHours(24);
    static final String MESSAGE = "task orphaned: its node has been down for more than 24h";

    /** Nodes to look at again: they changed, or their 24 h ran out. */
    private final Set<String> toCheck = new LinkedHashSet<>();
    /** The wake-up at the end of each down node's 24 h, by node ID. */
    private final Map<String, Timer.Cancellable> deadlines = new HashMap<>();

    public OrphanedTasks(MemoryStore store, Timer timer) {
        super("orphaned-tasks", store, timer);
    }

    /**
     * Node changes only: nothing moves a task forward on a down node (no agent reports from it, the scheduler places
     * nothing there), so one pass when its 24 h are up finds every task to orphan.
     */
    @Override
    protected boolean interestedIn(Event e) {
        return e.kind() == Kind.NODE;
    }

    @Override
    protected void load(ReadTx tx) {
        deadlines.values().forEach(Timer.Cancellable::cancel);
        deadlines.clear();
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
        if (toCheck.isEmpty()) return;
        List<String> ids = List.copyOf(toCheck);
        toCheck.clear();
        Map<String, Node> nodes = store.view(tx -> {
            Map<String, Node> out = new HashMap<>();
            for (String id : ids) out.put(id, tx.nodes().get(id));
            return out;
        });
        Instant cutoff = now().minus(NODE_DOWN_PERIOD);
        for (String id : ids) {
            Node node = nodes.get(id);
            if (node == null || !isDown(node)) {
                Timer.Cancellable d = deadlines.remove(id);
                if (d != null) d.cancel();
            } else if (!node.updatedAt().isAfter(cutoff)) {
                orphan(id);
            } else if (!deadlines.containsKey(id)) {
                deadlines.put(id, at(node.updatedAt().plus(NODE_DOWN_PERIOD), () -> {
                    deadlines.remove(id);
                    toCheck.add(id);
                }));
            }
        }
    }

    /** Down, with the time it went down (its last update) known. */
    private static boolean isDown(Node node) {
        return node.status() != null && "down".equals(node.status().state()) && node.updatedAt() != null;
    }

    private void orphan(String nodeId) {
        store.batch(tx -> {
            for (Task t : tx.tasks().find(t -> nodeId.equals(t.nodeID()) && couldHaveProgressed(t))) {
                tx.update(t.withStatus(TaskStatus.of(now(), TaskState.ORPHANED, MESSAGE)));
            }
        });
    }

    private static boolean couldHaveProgressed(Task t) {
        TaskState s = t.status() == null ? null : t.status().state();
        return s != null && s.compareTo(TaskState.ASSIGNED) >= 0 && s.compareTo(TaskState.RUNNING) <= 0;
    }
}

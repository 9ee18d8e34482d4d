package dev.skep.manager.dispatcher;

import dev.skep.api.model.Node;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.Timer;
import dev.skep.manager.PeriodicLoop;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Tasks on a node that has been down for {@link #NODE_DOWN_PERIOD} (SwarmKit's {@code defaultNodeDownPeriod}, 24 h)
 * become ORPHANED: nothing is known about them any more, and the scheduler stops counting their resources against
 * the node. As in SwarmKit, only tasks that could have made progress since the node went away (ASSIGNED up to
 * RUNNING) change; the task objects stay until the reaper or a node removal deletes them.
 * <p>
 * The node's {@code UpdatedAt} when it is down stands for the time it went down: it is in the store, so a new
 * leader counts from the same moment (an update to a down node, e.g. a label, only delays the orphaning).
 */
public final class OrphanedTasks extends PeriodicLoop {
    public static final Duration NODE_DOWN_PERIOD = Duration.ofHours(24);
    static final Duration CHECK_PERIOD = Duration.ofMinutes(1);
    static final String MESSAGE = "task orphaned: its node has been down for more than 24h";

    private final MemoryStore store;
    private final Timer timer;

    public OrphanedTasks(MemoryStore store, Timer timer) {
        super(timer, CHECK_PERIOD, "orphaning the tasks of long-down nodes");
        this.store = store;
        this.timer = timer;
    }

    @Override
    protected void round() {
        Instant cutoff = timer.now().minus(NODE_DOWN_PERIOD);
        List<String> longDown = store.view(tx -> tx.nodes().find(n -> downSince(n, cutoff)).stream()
                .map(Node::id).toList());
        for (String nodeId : longDown) orphan(nodeId);
    }

    private static boolean downSince(Node node, Instant cutoff) {
        return node.status() != null && "down".equals(node.status().state())
                && node.updatedAt() != null && !node.updatedAt().isAfter(cutoff);
    }

    private void orphan(String nodeId) {
        store.batch(tx -> {
            for (Task t : tx.tasks().find(t -> nodeId.equals(t.nodeID()) && couldHaveProgressed(t))) {
                tx.update(t.withStatus(TaskStatus.of(timer.now(), TaskState.ORPHANED, MESSAGE)));
            }
        });
    }

    private static boolean couldHaveProgressed(Task t) {
        TaskState s = t.status() == null ? null : t.status().state();
        return s != null && s.compareTo(TaskState.ASSIGNED) >= 0 && s.compareTo(TaskState.RUNNING) <= 0;
    }
}

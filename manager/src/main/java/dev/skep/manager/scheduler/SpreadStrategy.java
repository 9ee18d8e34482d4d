package dev.skep.manager.scheduler;

import dev.skep.api.model.Task;
import java.time.Instant;
import java.util.Comparator;

/** SwarmKit's spread: fewest tasks of the service first, then fewest tasks overall. */
final class SpreadStrategy implements Strategy {
    @Override
    public Comparator<NodeInfo> order(Task t, Instant now) {
        return Strategy.failuresLast(t, now)
                .thenComparingInt(n -> n.activeTasksOf(t.serviceID()))
                .thenComparingInt(NodeInfo::activeTasks)
                .thenComparing(NodeInfo::id);
    }
}

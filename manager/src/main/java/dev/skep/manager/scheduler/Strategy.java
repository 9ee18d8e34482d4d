package dev.skep.manager.scheduler;

import dev.skep.api.model.Task;
import java.time.Instant;
import java.util.Comparator;
import java.util.Map;

/**
 * How the scheduler ranks the nodes that passed the filters for a task: best first. Chosen per service by
 * the label {@value StrategyLabel#LABEL}: {@code spread} (SwarmKit's only strategy, the default) or
 * {@code binpack}.
 * Either way nodes where the service version failed {@link NodeInfo#MAX_FAILURES} times lately go last.
 */
interface Strategy {
    /** The order for placing {@code t} at {@code now}; a total order (node ID breaks the last ties). */
    Comparator<NodeInfo> order(Task t, Instant now);

    /** The strategy a service's labels ask for; spread when absent (the control API rejects unknown names). */
    static Strategy of(Map<String, String> serviceLabels) {
        String name = serviceLabels == null ? null : serviceLabels.get(StrategyLabel.LABEL);
        return StrategyLabel.BINPACK.equals(name) ? new BinpackStrategy() : new SpreadStrategy();
    }

    /** Nodes with many recent failures of this service version last (more failures, later). */
    static Comparator<NodeInfo> failuresLast(Task t, Instant now) {
        String key = NodeInfo.failureKey(t); // once per order: the comparator runs for every node comparison
        return Comparator.comparingInt(n -> {
            int f = n.recentFailures(key, now);
            return f >= NodeInfo.MAX_FAILURES ? f : 0;
        });
    }
}

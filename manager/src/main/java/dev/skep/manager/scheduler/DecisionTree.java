package dev.skep.manager.scheduler;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Nodes grouped by placement preferences: each level splits by one spread label's value; the leaves hold
 * the best candidate nodes. {@code tasks} counts the service's active tasks already under a branch.
 */
final class DecisionTree {
    int tasks;
    /** Branches by label value (sorted, so equal splits are reproducible); null at a leaf. */
    TreeMap<String, DecisionTree> next;

    private final PriorityQueue<NodeInfo> worstFirst;
    private final Comparator<NodeInfo> order;
    private List<NodeInfo> ordered;

    DecisionTree(Comparator<NodeInfo> order) {
        this.order = order;
        this.worstFirst = new PriorityQueue<>(order.reversed());
    }

    DecisionTree branch(String value) {
        if (next == null) next = new TreeMap<>();
        return next.computeIfAbsent(value, v -> new DecisionTree(order));
    }

    /**
     * Offers a node to this leaf, keeping only the {@code limit} best that pass the filters: a group of
     * {@code limit} tasks never needs more nodes than that, and thousands of nodes stay cheap.
     */
    void offer(NodeInfo node, int limit, Predicate<NodeInfo> fits) {
        if (worstFirst.size() < limit) {
            if (fits.test(node)) worstFirst.add(node);
        } else if (order.compare(node, worstFirst.peek()) < 0 && fits.test(node)) {
            worstFirst.poll();
            worstFirst.add(node);
        }
    }

    /** The leaf's nodes, best first; on later calls nodes that no longer fit are dropped first. */
    List<NodeInfo> orderedNodes(Predicate<NodeInfo> fits) {
        if (ordered == null) {
            ordered = new ArrayList<>(worstFirst);
        } else {
            ordered.removeIf(n -> !fits.test(n));
        }
        ordered.sort(order);
        return ordered;
    }
}

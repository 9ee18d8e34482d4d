package dev.skep.manager.scheduler;

import dev.skep.api.constraint.Constraint;
import dev.skep.api.model.Placement.Preference;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/** Every node the scheduler knows, by ID. */
final class NodeSet {
    private final Map<String, NodeInfo> nodes = new LinkedHashMap<>();

    NodeInfo get(String id) {
        return id == null ? null : nodes.get(id);
    }

    void put(NodeInfo info) {
        nodes.put(info.id(), info);
    }

    void remove(String id) {
        nodes.remove(id);
    }

    Collection<NodeInfo> all() {
        return nodes.values();
    }

    void clear() {
        nodes.clear();
    }

    /**
     * Builds the decision tree for a group of tasks of one service: one level per spread preference
     * (nodes without the label go under ""), leaves keeping the best {@code maxAssignments} fitting nodes.
     */
    DecisionTree tree(
            String serviceId,
            List<Preference> preferences,
            int maxAssignments,
            Predicate<NodeInfo> fits,
            Comparator<NodeInfo> order) {
        DecisionTree root = new DecisionTree(order);
        if (maxAssignments == 0) return root;
        for (NodeInfo node : nodes.values()) {
            DecisionTree tree = root;
            int serviceTasks = node.activeTasksOf(serviceId);
            if (preferences != null) {
                for (Preference p : preferences) {
                    String descriptor =
                            p == null || p.spread() == null ? null : p.spread().spreadDescriptor();
                    if (descriptor == null || !Constraint.isLabel(descriptor)) continue;
                    tree.tasks += serviceTasks;
                    tree = tree.branch(Constraint.labelValue(node.node(), descriptor));
                }
            }
            tree.tasks += serviceTasks;
            tree.offer(node, maxAssignments, fits);
        }
        return root;
    }
}

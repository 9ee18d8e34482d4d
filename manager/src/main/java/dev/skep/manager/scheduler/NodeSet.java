package dev.skep.manager.scheduler;

import dev.skep.api.model.Placement.Preference;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
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
    DecisionTree tree(String serviceId, List<Preference> preferences, int maxAssignments,
                      Predicate<NodeInfo> fits, Comparator<NodeInfo> order) {
        DecisionTree root = new DecisionTree(order);
        if (maxAssignments == 0) return root;
        for (NodeInfo node : nodes.values()) {
            DecisionTree tree = root;
            int serviceTasks = node.activeTasksOf(serviceId);
            if (preferences != null) {
                for (Preference p : preferences) {
                    String descriptor = p == null || p.spread() == null ? null : p.spread().spreadDescriptor();
                    if (descriptor == null || !isLabelDescriptor(descriptor)) continue;
                    tree.tasks += serviceTasks;
                    tree = tree.branch(labelValue(node, descriptor));
                }
            }
            tree.tasks += serviceTasks;
            tree.offer(node, maxAssignments, fits);
        }
        return root;
    }

    private static boolean isLabelDescriptor(String d) {
        String lower = d.toLowerCase(Locale.ROOT);
        return (lower.length() > Constraint.NODE_LABEL_PREFIX.length() && lower.startsWith(Constraint.NODE_LABEL_PREFIX))
                || (lower.length() > Constraint.ENGINE_LABEL_PREFIX.length()
                && lower.startsWith(Constraint.ENGINE_LABEL_PREFIX));
    }

    /** The node's value for a {@code node.labels.x} / {@code engine.labels.x} descriptor, "" when absent. */
    private static String labelValue(NodeInfo info, String descriptor) {
        var node = info.node();
        Map<String, String> labels;
        String name;
        if (descriptor.toLowerCase(Locale.ROOT).startsWith(Constraint.NODE_LABEL_PREFIX)) {
            labels = node.spec() == null ? null : node.spec().labels();
            name = descriptor.substring(Constraint.NODE_LABEL_PREFIX.length());
        } else {
            labels = node.description() == null || node.description().engine() == null
                    ? null : node.description().engine().labels();
            name = descriptor.substring(Constraint.ENGINE_LABEL_PREFIX.length());
        }
        String v = labels == null ? null : labels.get(name);
        return v == null ? "" : v;
    }
}

package dev.skep.manager.scheduler.property;

import dev.skep.api.model.Resources;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The outcome of a run, judged independently of the scheduler's own bookkeeping: what each node holds is
 * recomputed from the stored tasks, and constraints are matched by this class's own reading of
 * {@code node.labels.K==V} / {@code !=V} (a missing label counts as "", values compare ignoring case).
 */
final class Placements {
    private static final String LABEL_PREFIX = "node.labels.";

    private final Map<String, ClusterShape.NodeShape> nodes = new HashMap<>();
    private final Map<String, ClusterShape.ServiceShape> services = new HashMap<>();
    private final List<Task> tasks;

    Placements(ClusterShape cluster, List<Task> tasks) {
        for (ClusterShape.NodeShape n : cluster.nodes()) nodes.put(n.id(), n);
        for (ClusterShape.ServiceShape s : cluster.services()) services.put(s.id(), s);
        this.tasks = tasks;
    }

    List<Task> tasks() {
        return tasks;
    }

    ClusterShape.NodeShape node(String id) {
        return nodes.get(id);
    }

    ClusterShape.ServiceShape serviceOf(Task t) {
        return services.get(t.serviceID());
    }

    /** Placed on a node and holding its resources: ASSIGNED up to RUNNING. */
    static boolean holdsNode(Task t) {
        return t.nodeID() != null
                && t.state().isAtLeast(TaskState.ASSIGNED)
                && !t.state().isAfter(TaskState.RUNNING);
    }

    List<Task> onNode(String nodeId) {
        return tasks.stream()
                .filter(t -> holdsNode(t) && nodeId.equals(t.nodeID()))
                .toList();
    }

    long reservedCpus(String nodeId) {
        return onNode(nodeId).stream()
                .mapToLong(t -> cpus(serviceOf(t).reservation()))
                .sum();
    }

    long reservedMemory(String nodeId) {
        return onNode(nodeId).stream()
                .mapToLong(t -> memory(serviceOf(t).reservation()))
                .sum();
    }

    long countOn(String serviceId, String nodeId) {
        return onNode(nodeId).stream()
                .filter(t -> serviceId.equals(t.serviceID()))
                .count();
    }

    /** Whether one more task of the service could go on the node as things stand. */
    boolean wouldFit(ClusterShape.ServiceShape s, ClusterShape.NodeShape n) {
        Resources r = s.reservation();
        boolean reserves = cpus(r) > 0 || memory(r) > 0;
        boolean room = !reserves
                || (reservedCpus(n.id()) + cpus(r) <= n.nanoCpus()
                        && reservedMemory(n.id()) + memory(r) <= n.memoryBytes());
        return n.takesNewTasks()
                && satisfies(s.constraints(), n)
                && room
                && (s.maxReplicas() == null || countOn(s.id(), n.id()) < s.maxReplicas());
    }

    static boolean satisfies(List<String> constraints, ClusterShape.NodeShape n) {
        for (String c : constraints) {
            boolean equals = c.contains("==");
            String[] kv = c.split(equals ? "==" : "!=", 2);
            String key = kv[0].strip();
            if (!key.startsWith(LABEL_PREFIX)) throw new IllegalArgumentException("unexpected constraint " + c);
            String actual = n.labels().getOrDefault(key.substring(LABEL_PREFIX.length()), "");
            if (actual.equalsIgnoreCase(kv[1].strip()) != equals) return false;
        }
        return true;
    }

    static long cpus(Resources r) {
        return r == null ? 0 : r.cpus();
    }

    static long memory(Resources r) {
        return r == null ? 0 : r.memory();
    }
}

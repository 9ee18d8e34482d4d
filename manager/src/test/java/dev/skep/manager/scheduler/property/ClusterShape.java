package dev.skep.manager.scheduler.property;

import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.manager.scheduler.Fixtures;
import dev.skep.manager.scheduler.StrategyLabel;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A generated cluster: nodes, and services whose tasks all start PENDING. Services marked {@code late} are
 * created only after the scheduler placed the others, so the incremental path is exercised too.
 * {@link #toString()} lists it one node or service a line, for failure reports.
 */
record ClusterShape(List<NodeShape> nodes, List<ServiceShape> services) {

    @Override
    public String toString() {
        StringBuilder out =
                new StringBuilder("cluster of " + nodes.size() + " node(s), " + services.size() + " service(s):");
        for (NodeShape n : nodes) out.append("\n  ").append(n);
        for (ServiceShape s : services) out.append("\n  ").append(s);
        return out.toString();
    }

    /** Identical nodes, then a spread-only service created with the first step's replicas and scaled up. */
    record ScaleUps(int nodeCount, List<Integer> steps) {
        @Override
        public String toString() {
            return nodeCount + " identical node(s), replicas added in steps " + steps;
        }
    }

    /** A node; resources in nano-CPUs and bytes; state "ready"/"down"; availability active/drain/pause. */
    record NodeShape(
            String id, long nanoCpus, long memoryBytes, String state, String availability, Map<String, String> labels) {

        Node toNode() {
            Node n = Fixtures.withResources(Fixtures.node(id, labels), nanoCpus, memoryBytes);
            return Fixtures.withAvailability(Fixtures.withState(n, state), availability);
        }

        boolean takesNewTasks() {
            return "ready".equals(state) && "active".equals(availability);
        }

        @Override
        public String toString() {
            return "node " + id + ": " + cpus(nanoCpus) + ", " + mebibytes(memoryBytes) + ", " + state + "/"
                    + availability + ", labels " + new TreeMap<>(labels);
        }
    }

    /**
     * A replicated service. {@code reservation} is null when the spec reserves nothing; constraints are
     * {@code node.labels.K==V} or {@code node.labels.K!=V}; {@code maxReplicas} null means no cap.
     */
    record ServiceShape(
            String id,
            int replicas,
            Resources reservation,
            List<String> constraints,
            Long maxReplicas,
            String strategy,
            boolean late) {

        TaskSpec taskSpec() {
            boolean unplaced = constraints.isEmpty() && maxReplicas == null;
            Placement placement = unplaced
                    ? null
                    : new Placement(constraints.isEmpty() ? null : constraints, null, maxReplicas, null);
            return Fixtures.spec(placement, reservation);
        }

        Service toService() {
            ServiceSpec spec = new ServiceSpec(
                    "svc-" + id,
                    Map.of(StrategyLabel.LABEL, strategy),
                    taskSpec(),
                    ServiceMode.ofReplicated(replicas),
                    null,
                    null,
                    null,
                    null);
            return new Service(id, null, null, null, spec, null, null, null, null, null);
        }

        List<Task> pendingTasks() {
            List<Task> out = new ArrayList<>();
            TaskSpec spec = taskSpec();
            for (int slot = 1; slot <= replicas; slot++) out.add(Fixtures.pending(id + "-t" + slot, id, slot, spec));
            return out;
        }

        @Override
        public String toString() {
            String reserves = reservation == null
                    ? "no reservation"
                    : "reserves " + cpus(reservation.cpus()) + " " + mebibytes(reservation.memory());
            return "service " + id + ": " + replicas + " replica(s), " + reserves + ", constraints " + constraints
                    + ", " + (maxReplicas == null ? "no max per node" : "max " + maxReplicas + " per node") + ", "
                    + strategy + (late ? ", created after the first round" : "");
        }
    }

    private static String cpus(long nanoCpus) {
        return BigDecimal.valueOf(nanoCpus, 9).stripTrailingZeros().toPlainString() + " CPU";
    }

    private static String mebibytes(long bytes) {
        return (bytes >> 20) + " MiB";
    }
}

package dev.skep.manager.scheduler.property;

import dev.skep.api.model.Resources;
import dev.skep.manager.scheduler.StrategyLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Seeded generators for {@link ClusterShape}s: small clusters, sized so that some tasks do not fit. Sizes
 * and counts are uniform in their ranges (a bias towards small numbers would make most nodes too small for
 * anything); the same seed always gives the same shape.
 */
final class ClusterShapes {
    /** Quarter CPUs and 256 MiB: coarse steps make exact fits (reserved == free) common. */
    static final long QUARTER_CPU = 250_000_000L;

    static final long MEM_STEP = 256L << 20;
    static final List<String> ZONES = List.of("a", "b", "c");
    static final List<String> DISKS = List.of("ssd", "hdd");

    private ClusterShapes() {}

    /** 1–20 nodes (some down, drained or paused) and 1–4 services, some arriving late. */
    static ClusterShape cluster(Random r) {
        List<ClusterShape.NodeShape> nodes = new ArrayList<>();
        for (int i = 1, n = between(r, 1, 20); i <= n; i++) nodes.add(node(r, "n" + i));
        List<ClusterShape.ServiceShape> services = new ArrayList<>();
        for (int i = 1, n = between(r, 1, 4); i <= n; i++) services.add(service(r, "s" + i));
        return new ClusterShape(List.copyOf(nodes), List.copyOf(services));
    }

    /** {@code n} identical ready, active nodes with 4 CPUs and 8 GiB and no labels. */
    static List<ClusterShape.NodeShape> identicalNodes(int n) {
        List<ClusterShape.NodeShape> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new ClusterShape.NodeShape("n" + i, 16 * QUARTER_CPU, 32 * MEM_STEP, "ready", "active", Map.of()));
        }
        return out;
    }

    /** 1–20 identical nodes and 1–3 batches of 1–50 new replicas: the service is created, then scaled up. */
    static ClusterShape.ScaleUps scaleUps(Random r) {
        List<Integer> steps = new ArrayList<>();
        int nodeCount = between(r, 1, 20);
        for (int i = 0, n = between(r, 1, 3); i < n; i++) steps.add(between(r, 1, 50));
        return new ClusterShape.ScaleUps(nodeCount, List.copyOf(steps));
    }

    private static ClusterShape.NodeShape node(Random r, String id) {
        long cpus = between(r, 1, 64) * QUARTER_CPU;
        long memory = between(r, 1, 128) * MEM_STEP;
        String state = r.nextInt(9) < 8 ? "ready" : "down";
        int a = r.nextInt(10);
        String availability = a < 8 ? "active" : a == 8 ? "drain" : "pause";
        Map<String, String> labels = new HashMap<>();
        if (r.nextDouble() >= 0.25) labels.put("zone", pick(r, ZONES));
        if (r.nextDouble() >= 0.3) labels.put("disk", pick(r, DISKS));
        return new ClusterShape.NodeShape(id, cpus, memory, state, availability, Map.copyOf(labels));
    }

    private static ClusterShape.ServiceShape service(Random r, String id) {
        int replicas = between(r, 1, 50);
        Resources reservation = r.nextDouble() < 0.2
                ? null
                : new Resources(between(r, 0, 16) * QUARTER_CPU, between(r, 0, 32) * MEM_STEP, null, null);
        List<String> constraints = new ArrayList<>();
        for (int i = 0, n = between(r, 0, 2); i < n; i++) constraints.add(constraint(r));
        Long maxReplicas = r.nextDouble() < 0.6 ? null : (long) between(r, 1, 5);
        String strategy = r.nextBoolean() ? StrategyLabel.SPREAD : StrategyLabel.BINPACK;
        boolean late = r.nextInt(3) == 0;
        return new ClusterShape.ServiceShape(
                id, replicas, reservation, List.copyOf(constraints), maxReplicas, strategy, late);
    }

    /** {@code node.labels.zone} or {@code node.labels.disk}, {@code ==} or {@code !=} one of its values. */
    private static String constraint(Random r) {
        String op = r.nextBoolean() ? "==" : "!=";
        return r.nextBoolean() ? "node.labels.zone" + op + pick(r, ZONES) : "node.labels.disk" + op + pick(r, DISKS);
    }

    private static int between(Random r, int min, int max) {
        return min + r.nextInt(max - min + 1);
    }

    private static String pick(Random r, List<String> values) {
        return values.get(r.nextInt(values.size()));
    }
}

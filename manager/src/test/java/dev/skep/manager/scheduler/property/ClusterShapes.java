package dev.skep.manager.scheduler.property;

import dev.skep.api.model.Resources;
import dev.skep.manager.scheduler.StrategyLabel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

/** jqwik generators for {@link ClusterShape}s: small clusters, sized so that some tasks do not fit. */
final class ClusterShapes {
    /** Quarter CPUs and 256 MiB: coarse steps make exact fits (reserved == free) common. */
    static final long QUARTER_CPU = 250_000_000L;
    static final long MEM_STEP = 256L << 20;
    static final List<String> ZONES = List.of("a", "b", "c");
    static final List<String> DISKS = List.of("ssd", "hdd");

    private ClusterShapes() {
    }

    /** 1–20 nodes (some down, drained or paused) and 1–4 services, some arriving late. */
    static Arbitrary<ClusterShape> clusters() {
        Arbitrary<List<ClusterShape.NodeShape>> nodes = nodeDrafts().list().ofMinSize(1).ofMaxSize(20)
                .map(ClusterShapes::numberNodes);
        Arbitrary<List<ClusterShape.ServiceShape>> services = serviceDrafts().list().ofMinSize(1).ofMaxSize(4)
                .map(ClusterShapes::numberServices);
        return Combinators.combine(nodes, services).as(ClusterShape::new);
    }

    /** {@code n} identical ready, active nodes with 4 CPUs and 8 GiB and no labels. */
    static List<ClusterShape.NodeShape> identicalNodes(int n) {
        List<ClusterShape.NodeShape> out = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            out.add(new ClusterShape.NodeShape("n" + i, 16 * QUARTER_CPU, 32 * MEM_STEP, "ready", "active", Map.of()));
        }
        return out;
    }

    private static Arbitrary<ClusterShape.NodeShape> nodeDrafts() {
        // uniform: jqwik's default bias towards small numbers would make most nodes too small for anything
        Arbitrary<Long> cpus = Arbitraries.longs().between(1, 64).withDistribution(RandomDistribution.uniform())
                .map(q -> q * QUARTER_CPU);
        Arbitrary<Long> memory = Arbitraries.longs().between(1, 128).withDistribution(RandomDistribution.uniform())
                .map(m -> m * MEM_STEP);
        Arbitrary<String> state = Arbitraries.frequency(Tuple.of(8, "ready"), Tuple.of(1, "down"));
        Arbitrary<String> availability = Arbitraries.frequency(Tuple.of(8, "active"), Tuple.of(1, "drain"),
                Tuple.of(1, "pause"));
        Arbitrary<String> zone = Arbitraries.of(ZONES).injectNull(0.25);
        Arbitrary<String> disk = Arbitraries.of(DISKS).injectNull(0.3);
        return Combinators.combine(cpus, memory, state, availability, zone, disk)
                .as((c, m, s, a, z, d) -> new ClusterShape.NodeShape("?", c, m, s, a, labels(z, d)));
    }

    private static Map<String, String> labels(String zone, String disk) {
        Map<String, String> labels = new HashMap<>();
        if (zone != null) labels.put("zone", zone);
        if (disk != null) labels.put("disk", disk);
        return Map.copyOf(labels);
    }

    private static Arbitrary<ClusterShape.ServiceShape> serviceDrafts() {
        Arbitrary<Integer> replicas = Arbitraries.integers().between(1, 50);
        Arbitrary<Resources> reservation = Combinators
                .combine(Arbitraries.longs().between(0, 16), Arbitraries.longs().between(0, 32))
                .as((c, m) -> new Resources(c * QUARTER_CPU, m * MEM_STEP, null, null))
                .injectNull(0.2);
        Arbitrary<List<String>> constraints = constraint().list().ofMaxSize(2);
        Arbitrary<Long> maxReplicas = Arbitraries.longs().between(1, 5).injectNull(0.6);
        Arbitrary<String> strategy = Arbitraries.of(StrategyLabel.SPREAD, StrategyLabel.BINPACK);
        Arbitrary<Boolean> late = Arbitraries.of(false, false, true);
        return Combinators.combine(replicas, reservation, constraints, maxReplicas, strategy, late)
                .as((n, r, c, max, s, l) -> new ClusterShape.ServiceShape("?", n, r, c, max, s, l));
    }

    private static Arbitrary<String> constraint() {
        Arbitrary<String> zone = Combinators.combine(Arbitraries.of("==", "!="), Arbitraries.of(ZONES))
                .as((op, v) -> "node.labels.zone" + op + v);
        Arbitrary<String> disk = Combinators.combine(Arbitraries.of("==", "!="), Arbitraries.of(DISKS))
                .as((op, v) -> "node.labels.disk" + op + v);
        return Arbitraries.oneOf(zone, disk);
    }

    private static List<ClusterShape.NodeShape> numberNodes(List<ClusterShape.NodeShape> drafts) {
        List<ClusterShape.NodeShape> out = new ArrayList<>();
        for (ClusterShape.NodeShape d : drafts) {
            out.add(new ClusterShape.NodeShape("n" + (out.size() + 1), d.nanoCpus(), d.memoryBytes(), d.state(),
                    d.availability(), d.labels()));
        }
        return out;
    }

    private static List<ClusterShape.ServiceShape> numberServices(List<ClusterShape.ServiceShape> drafts) {
        List<ClusterShape.ServiceShape> out = new ArrayList<>();
        for (ClusterShape.ServiceShape d : drafts) {
            out.add(new ClusterShape.ServiceShape("s" + (out.size() + 1), d.replicas(), d.reservation(),
                    d.constraints(), d.maxReplicas(), d.strategy(), d.late()));
        }
        return out;
    }
}

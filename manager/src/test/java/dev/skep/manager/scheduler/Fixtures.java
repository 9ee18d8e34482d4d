package dev.skep.manager.scheduler;

import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.Node;
import dev.skep.api.model.Placement;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.ResourceRequirements;
import dev.skep.api.model.Resources;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.Version;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Builders for the objects the manager loops' tests put in the store. */
public final class Fixtures {
    public static final long CPU = 1_000_000_000L;
    public static final long GB = 1L << 30;

    private Fixtures() {}

    /** A ready, active linux/x86_64 worker with 4 CPUs and 8 GB. */
    public static Node node(String id) {
        return node(id, Map.of());
    }

    public static Node node(String id, Map<String, String> labels) {
        Node.Description d = new Node.Description(
                "host-" + id,
                new Placement.Platform("x86_64", "linux"),
                new Resources(4 * CPU, 8 * GB, null, null),
                new Node.Engine("20.10.0", Map.of(), List.of()),
                null);
        return new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, labels, "worker", "active"),
                d,
                new Node.Status("ready", null, "10.0.0.1"),
                null);
    }

    public static Node withResources(Node n, long cpus, long memory) {
        var d = n.description();
        return n.withDescription(new Node.Description(
                d.hostname(), d.platform(), new Resources(cpus, memory, null, null), d.engine(), d.tlsInfo()));
    }

    public static Node withState(Node n, String state) {
        return n.withStatus(new Node.Status(state, null, n.status().addr()));
    }

    public static Node withAvailability(Node n, String availability) {
        var s = n.spec();
        return n.withSpec(new Node.Spec(s.name(), s.labels(), s.role(), availability));
    }

    public static TaskSpec spec() {
        return new TaskSpec(null, null, null, null, null, null, null, null, null, null);
    }

    public static TaskSpec spec(Placement placement, Resources reservations) {
        return new TaskSpec(
                null,
                null,
                null,
                reservations == null ? null : new ResourceRequirements(null, reservations),
                null,
                placement,
                null,
                null,
                null,
                null);
    }

    public static Placement constraints(String... constraints) {
        return new Placement(List.of(constraints), null, null, null);
    }

    public static Placement spread(String... descriptors) {
        return new Placement(
                null,
                java.util.Arrays.stream(descriptors)
                        .map(d -> new Placement.Preference(new Placement.Spread(d)))
                        .toList(),
                null,
                null);
    }

    public static Resources reserve(long cpus, long memory) {
        return new Resources(cpus, memory, null, null);
    }

    public static Service service(String id, TaskSpec template) {
        return service(id, template, null);
    }

    public static Service service(String id, TaskSpec template, List<PortConfig> ports) {
        ServiceSpec spec = new ServiceSpec(
                "svc-" + id,
                Map.of(),
                template,
                ServiceMode.ofReplicated(1),
                null,
                null,
                null,
                ports == null ? null : new EndpointSpec("vip", ports));
        return new Service(id, null, null, null, spec, null, null, null, null, null);
    }

    public static PortConfig hostPort(long published) {
        return new PortConfig(null, "tcp", 80L, published, "host");
    }

    /** A replicated task as the allocator leaves it: PENDING, no node. */
    public static Task pending(String id, String serviceId, long slot, TaskSpec spec) {
        return task(id, serviceId, slot, spec, TaskState.PENDING, null);
    }

    public static Task task(String id, String serviceId, long slot, TaskSpec spec, TaskState state, String nodeId) {
        return new Task(
                id,
                null,
                null,
                null,
                serviceId + "." + slot + "." + id,
                Map.of(),
                spec,
                Version.of(1),
                serviceId,
                slot,
                nodeId,
                TaskStatus.of(Instant.parse("2026-01-01T00:00:00Z"), state, "test"),
                TaskState.RUNNING,
                null,
                null);
    }
}

package dev.skep.store;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.Node;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/** Small objects to put in a store: unsaved (no version), so a transaction can create them. */
public final class StoreFixtures {
    private StoreFixtures() {}

    public static Service service(String id, String name) {
        TaskSpec template =
                new TaskSpec(null, containerSpec("busybox"), null, null, null, null, null, null, null, null);
        ServiceSpec spec =
                new ServiceSpec(name, Map.of(), template, ServiceMode.ofReplicated(1), null, null, null, null);
        return new Service(id, null, null, null, spec, null, null, null, null, null);
    }

    public static Service renamed(Service s, String name) {
        ServiceSpec old = s.spec();
        return s.withSpec(
                new ServiceSpec(
                        name,
                        old.labels(),
                        old.taskTemplate(),
                        old.mode(),
                        old.updateConfig(),
                        old.rollbackConfig(),
                        old.networks(),
                        old.endpointSpec()),
                old);
    }

    public static Task task(String id, String serviceId, long slot, String nodeId) {
        return new Task(
                id,
                null,
                null,
                null,
                null,
                Map.of(),
                null,
                null,
                serviceId,
                slot,
                nodeId,
                TaskStatus.of(Instant.EPOCH, TaskState.NEW, "created"),
                TaskState.RUNNING,
                null,
                null);
    }

    public static Node node(String id, String hostname) {
        return new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), "worker", "active"),
                new Node.Description(hostname, null, null, null, null),
                new Node.Status("ready", null, "127.0.0.1"),
                null);
    }

    /** Every object in the store by ID, to compare two stores. */
    public static Map<String, Object> everything(MemoryStore store) {
        return store.view(tx -> {
            Map<String, Object> all = new HashMap<>();
            tx.clusters().all().forEach(o -> all.put(o.id(), o));
            tx.nodes().all().forEach(o -> all.put(o.id(), o));
            tx.services().all().forEach(o -> all.put(o.id(), o));
            tx.tasks().all().forEach(o -> all.put(o.id(), o));
            return all;
        });
    }

    private static ContainerSpec containerSpec(String image) {
        return new ContainerSpec(
                image, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null);
    }
}

package dev.skep.bench;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import dev.skep.manager.controlapi.ServiceApi;
import dev.skep.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;

/** Replicated services created through the control API, as {@code docker service create --replicas R} does. */
final class Workload {
    private Workload() {
    }

    static List<String> createServices(MemoryStore store, int services, int replicas) {
        ServiceApi api = new ServiceApi(store);
        List<String> ids = new ArrayList<>(services);
        for (int i = 1; i <= services; i++) ids.add(api.create(spec(String.format("bench-%03d", i), replicas)));
        return ids;
    }

    private static ServiceSpec spec(String name, int replicas) {
        ContainerSpec container = new ContainerSpec("busybox:latest", null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null,
                null, null);
        TaskSpec task = new TaskSpec(null, container, null, null, null, null, null, null, null, null);
        return new ServiceSpec(name, null, task, ServiceMode.ofReplicated(replicas), null, null, null, null);
    }
}

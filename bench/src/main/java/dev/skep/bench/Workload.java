package dev.skep.bench;

import dev.skep.api.model.ContainerSpec;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskSpec;
import dev.skep.manager.controlapi.ServiceApi;
import dev.skep.store.MemoryStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Replicated services created through the control API, as {@code docker service create --replicas R} does. */
final class Workload {
    private Workload() {}

    /** Creates services {@code <prefix>-001} … one after the other, each as its own control-API call. */
    static List<String> createServices(MemoryStore store, String prefix, int services, int replicas) {
        ServiceApi api = new ServiceApi(store);
        List<String> ids = new ArrayList<>(services);
        for (int i = 1; i <= services; i++) ids.add(api.create(spec(String.format("%s-%03d", prefix, i), replicas)));
        return ids;
    }

    /**
     * Removes the services, as {@code docker service rm} does, and waits until the task reaper deleted all their
     * tasks (their agents shut them down first), so the next round starts from an empty task table.
     */
    static void removeServices(MemoryStore store, List<String> ids, Duration timeout) {
        ServiceApi api = new ServiceApi(store);
        for (String id : ids) api.remove(id);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (store.view(tx -> tx.tasks().all().size()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        store.view(tx -> tx.tasks().all().size()) + " tasks left " + timeout
                                + " after removing their services");
            }
            ManagerCluster.sleep(100);
        }
    }

    private static ServiceSpec spec(String name, int replicas) {
        ContainerSpec container = new ContainerSpec(
                "busybox:latest",
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        TaskSpec task = new TaskSpec(null, container, null, null, null, null, null, null, null, null);
        return new ServiceSpec(name, null, task, ServiceMode.ofReplicated(replicas), null, null, null, null);
    }
}

package dev.skep.manager.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TaskFactoryTest {
    private static final PortConfig HOST_8080 = new PortConfig(null, null, 80L, 8080L, "host");

    private static Service service(PortConfig... ports) {
        ServiceSpec spec = Fixture.replicated("web", 1);
        spec = new ServiceSpec(
                spec.name(),
                spec.labels(),
                spec.taskTemplate(),
                spec.mode(),
                null,
                null,
                null,
                new EndpointSpec(null, List.of(ports)));
        return new Service(
                "svc1",
                null,
                null,
                null,
                spec,
                null,
                new Service.Endpoint(spec.endpointSpec(), null, null),
                null,
                null,
                null);
    }

    /** A task as the allocator leaves it: a copy of the service's endpoint, on no network. */
    private static Task allocatedTask(Service s) {
        return TaskFactory.forSlot(null, s, 1, Instant.EPOCH).withEndpoint(s.endpoint());
    }

    @Test
    void otherHostModePortsMakeATaskOnNoNetworkDirty() {
        Task task = allocatedTask(service(HOST_8080));

        assertThat(TaskFactory.isTaskDirty(service(HOST_8080), task)).isFalse();
        assertThat(TaskFactory.isTaskDirty(service(new PortConfig(null, "tcp", 80L, 8080L, "host")), task))
                .as("defaults filled in")
                .isFalse();
        assertThat(TaskFactory.isTaskDirty(service(new PortConfig(null, null, 80L, 8081L, "host")), task))
                .isTrue();
        assertThat(TaskFactory.isTaskDirty(service(), task)).isTrue();
        assertThat(TaskFactory.isTaskDirty(service(HOST_8080, new PortConfig(null, null, 443L, 0L, null)), task))
                .as("an ingress port is no binding")
                .isFalse();
    }

    @Test
    void tasksOnANetworkOrWithoutEndpointCopyFollowPortChangesLive() {
        Task onNetwork = allocatedTask(service(HOST_8080))
                .withNetworksAttachments(List.of(new NetworkAttachment(null, List.of("10.0.1.5/24"))));
        Task unallocated = TaskFactory.forSlot(null, service(HOST_8080), 1, Instant.EPOCH);

        assertThat(TaskFactory.isTaskDirty(service(), onNetwork)).isFalse();
        assertThat(TaskFactory.isTaskDirty(service(), unallocated)).isFalse();
    }
}

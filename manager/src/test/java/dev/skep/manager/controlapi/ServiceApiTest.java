package dev.skep.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.json.Json;
import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.Node;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.Version;
import dev.skep.api.time.ManualTimer;
import dev.skep.store.MemoryStore;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServiceApiTest {
    final ManualTimer timer = new ManualTimer();
    final MemoryStore store = new MemoryStore(timer.clock());
    final ServiceApi services = new ServiceApi(store);
    final TaskApi tasks = new TaskApi(store);

    static ServiceSpec spec(String name, String image, long replicas) {
        return Json.read(
                ("{\"Name\":\"%s\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"%s\"}},"
                                + "\"Mode\":{\"Replicated\":{\"Replicas\":%d}},\"Labels\":{\"tier\":\"web\"}}")
                        .formatted(name, image, replicas),
                ServiceSpec.class);
    }

    @Test
    void createStoresTheSpecVerbatimWithAnEndpoint() {
        String id = services.create(spec("web", "busybox", 2));
        Service s = services.get(id, false);
        assertThat(s.spec()).isEqualTo(spec("web", "busybox", 2));
        assertThat(s.endpoint()).isNotNull();
        assertThat(s.spec().taskTemplate().restartPolicy())
                .as("defaults are not stored")
                .isNull();
        assertThat(services.get("web", true)
                        .spec()
                        .taskTemplate()
                        .restartPolicy()
                        .condition())
                .isEqualTo("any");
    }

    @Test
    void missingNameAndModeGetDockersChoices() {
        ServiceSpec bare =
                Json.read("{\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\"}}}", ServiceSpec.class);
        Service s = services.get(services.create(bare), false);
        assertThat(s.name()).matches("[a-z]+_[a-z]+");
        assertThat(s.spec().mode().replicated().replicas()).isEqualTo(1);
    }

    @Test
    void invalidSpecStoresNothing() {
        assertThatThrownBy(() -> services.create(spec("web", "busybox", -1))).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> services.create(spec("we.b", "busybox", 1))).isInstanceOf(ApiException.class);
        assertThat(store.<List<Service>>view(tx -> tx.services().all())).isEmpty();
    }

    @Test
    void resolutionByIdNameAndPrefix() {
        String id = services.create(spec("web", "busybox", 1));
        assertThat(services.get(id, false).name()).isEqualTo("web");
        assertThat(services.get("web", false).id()).isEqualTo(id);
        assertThat(services.get(id.substring(0, 5), false).id()).isEqualTo(id);
        assertThatThrownBy(() -> services.get("nope", false))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(404))
                .hasMessage("service nope not found");
    }

    @Test
    void ambiguousPrefixIs400() {
        for (String id : List.of("abc1111111111111111111111", "abc2222222222222222222222")) {
            store.update(tx -> tx.create(new Service(
                    id, null, null, null, spec("s" + id.charAt(3), "busybox", 1), null, null, null, null, null)));
        }
        assertThatThrownBy(() -> services.get("abc", false))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessage("service abc is ambiguous (2 matches found)");
        assertThat(services.get("abc2", false).name()).isEqualTo("s2");
    }

    @Test
    void updateNeedsTheVersionReadAndKeepsThePreviousSpec() {
        String id = services.create(spec("web", "busybox", 1));
        long v = services.get(id, false).version().value();
        assertThatThrownBy(() -> services.update(id, v + 7, spec("web", "busybox:2", 1), false))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(400))
                .hasMessageContaining("update out of sequence");
        services.update(id, v, spec("web", "busybox:2", 1), false);
        Service s = services.get(id, false);
        assertThat(s.spec().taskTemplate().containerSpec().image()).isEqualTo("busybox:2");
        assertThat(s.previousSpec().taskTemplate().containerSpec().image()).isEqualTo("busybox");
        assertThat(s.updateStatus().state()).isEqualTo("updating");
        assertThat(s.updateStatus().startedAt()).isEqualTo(timer.now());
    }

    @Test
    void scalingIsNotARollingUpdate() {
        String id = services.create(spec("web", "busybox", 1));
        services.update(id, services.get(id, false).version().value(), spec("web", "busybox", 4), false);
        assertThat(services.get(id, false).updateStatus()).isNull();
    }

    @Test
    void publishingAPortIsNotARollingUpdateAndResetsTheStatus() {
        String id = services.create(spec("web", "busybox", 1));
        services.update(id, services.get(id, false).version().value(), spec("web", "busybox:2", 1), false);
        assertThat(services.get(id, false).updateStatus()).isNotNull();
        Service s = services.get(id, false);
        ServiceSpec old = s.spec();
        ServiceSpec published = new ServiceSpec(
                old.name(),
                old.labels(),
                old.taskTemplate(),
                old.mode(),
                old.updateConfig(),
                old.rollbackConfig(),
                old.networks(),
                new EndpointSpec("vip", List.of(new PortConfig(null, "tcp", 80L, 8080L, "ingress"))));
        services.update(id, s.version().value(), published, false);
        assertThat(services.get(id, false).updateStatus()).isNull();
        assertThat(services.get(id, false).spec().endpointSpec().ports()).hasSize(1);
    }

    @Test
    void rollbackSwapsSpecAndPreviousSpec() {
        String id = services.create(spec("web", "busybox", 1));
        assertThatThrownBy(() ->
                        services.update(id, services.get(id, false).version().value(), null, true))
                .hasMessageContaining("does not have a previous spec");
        services.update(id, services.get(id, false).version().value(), spec("web", "busybox:2", 1), false);
        services.update(id, services.get(id, false).version().value(), null, true);
        Service s = services.get(id, false);
        assertThat(s.spec().taskTemplate().containerSpec().image()).isEqualTo("busybox");
        assertThat(s.previousSpec().taskTemplate().containerSpec().image()).isEqualTo("busybox:2");
        assertThat(s.updateStatus().state()).isEqualTo("rollback_started");
        assertThat(s.updateStatus().message()).isEqualTo("manually requested rollback");
    }

    @Test
    void modeChangeIsRefused() {
        String id = services.create(spec("web", "busybox", 1));
        ServiceSpec global = Json.read(
                "{\"Name\":\"web\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\"}},"
                        + "\"Mode\":{\"Global\":{}}}",
                ServiceSpec.class);
        assertThatThrownBy(() ->
                        services.update(id, services.get(id, false).version().value(), global, false))
                .hasMessageContaining("service mode change is not allowed");
    }

    @Test
    void duplicateNameIsAConflict() {
        services.create(spec("web", "busybox", 1));
        assertThatThrownBy(() -> services.create(spec("web", "busybox", 1)))
                .isInstanceOfSatisfying(
                        ApiException.class, e -> assertThat(e.status()).isEqualTo(409))
                .hasMessageContaining("service web already exists");
    }

    @Test
    void listFiltersAndStatus() {
        String web = services.create(spec("web", "busybox", 3));
        services.create(spec("db", "busybox", 1));
        addTask(web, 1, TaskState.RUNNING, TaskState.RUNNING);
        addTask(web, 2, TaskState.RUNNING, TaskState.SHUTDOWN);
        addTask(web, 3, TaskState.PENDING, TaskState.RUNNING);
        List<Service> listed = services.list(Filters.parse("{\"name\":{\"we\":true}}"), true);
        assertThat(listed).extracting(Service::name).containsExactly("web");
        assertThat(listed.get(0).serviceStatus()).isEqualTo(new Service.ServiceStatus(1L, 3L, 0L));
        assertThat(services.list(Filters.parse("{\"mode\":{\"global\":true}}"), false))
                .isEmpty();
        assertThat(services.list(Filters.parse("{\"label\":{\"tier=web\":true}}"), false))
                .hasSize(2);
        assertThatThrownBy(() -> services.list(Filters.parse("{\"bogus\":{\"x\":true}}"), false))
                .hasMessage("invalid filter 'bogus'");
    }

    @Test
    void taskFiltersResolveServiceAndNodeNames() {
        String web = services.create(spec("web", "busybox", 2));
        String db = services.create(spec("db", "busybox", 1));
        store.update(tx -> tx.create(new Node(
                "nodeaaaaaaaaaaaaaaaaaaaaa1",
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), "worker", "active"),
                new Node.Description("worker-1", null, null, null, null),
                new Node.Status("ready", null, null),
                null)));
        String t1 = addTask(web, 1, TaskState.RUNNING, TaskState.RUNNING);
        addTask(db, 1, TaskState.RUNNING, TaskState.SHUTDOWN);
        assertThat(tasks.list(Filters.parse("{\"service\":{\"web\":true}}")))
                .extracting(Task::id)
                .containsExactly(t1);
        assertThat(tasks.list(Filters.parse("{\"node\":{\"worker-1\":true},\"desired-state\":{\"running\":true}}")))
                .extracting(Task::id)
                .containsExactly(t1);
        assertThat(tasks.list(Filters.parse("{\"service\":{\"" + web + "\":true},\"_up-to-date\":{\"true\":true}}")))
                .hasSize(1);
        services.update(web, services.get(web, false).version().value(), spec("web", "busybox:2", 2), false);
        assertThat(tasks.list(Filters.parse("{\"service\":{\"web\":true},\"_up-to-date\":{\"true\":true}}")))
                .isEmpty();
        assertThat(tasks.get("web.1." + t1).id()).isEqualTo(t1);
        assertThatThrownBy(() -> tasks.list(Filters.parse("{\"service\":{\"nope\":true}}")))
                .hasMessage("service nope not found");
    }

    private String addTask(String serviceId, long slot, TaskState state, TaskState desired) {
        Service s = store.view(tx -> tx.services().get(serviceId));
        String id = (serviceId.substring(0, 10) + "task" + slot + "zzzzzzzzzzzzzzzz").substring(0, 25);
        store.update(tx -> tx.create(new Task(
                id,
                null,
                null,
                null,
                null,
                null,
                s.spec().taskTemplate(),
                Version.of(0),
                serviceId,
                slot,
                "nodeaaaaaaaaaaaaaaaaaaaaa1",
                TaskStatus.of(timer.now(), state, ""),
                desired,
                null,
                null)));
        return id;
    }
}

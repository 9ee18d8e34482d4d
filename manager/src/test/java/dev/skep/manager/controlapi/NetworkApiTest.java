package dev.skep.manager.controlapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.skep.api.errors.ApiException;
import dev.skep.api.filters.Filters;
import dev.skep.api.json.Json;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkCreateRequest;
import dev.skep.api.model.NetworkResource;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.scheduler.Fixtures;
import dev.skep.store.MemoryStore;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetworkApiTest {
    final ManualTimer timer = new ManualTimer();
    final MemoryStore store = new MemoryStore(timer.clock());
    final NetworkApi networks = new NetworkApi(store);
    final ServiceApi services = new ServiceApi(store);

    static NetworkCreateRequest request(String json) {
        return Json.read(json, NetworkCreateRequest.class);
    }

    String overlay(String name) {
        return networks.create(request("{\"Name\":\"" + name + "\",\"Driver\":\"overlay\",\"Scope\":\"\"}"));
    }

    static ServiceSpec serviceOn(String name, String network) {
        return Json.read(
                ("{\"Name\":\"%s\",\"TaskTemplate\":{\"ContainerSpec\":{\"Image\":\"busybox\"},"
                                + "\"Networks\":[{\"Target\":\"%s\"}]}}")
                        .formatted(name, network),
                ServiceSpec.class);
    }

    private static int status(Runnable r) {
        try {
            r.run();
        } catch (ApiException e) {
            return e.status();
        }
        return 0;
    }

    @Test
    void createStoresASwarmOverlayNetwork() {
        String id = networks.create(request("""
                {"Name":"mynet","Driver":"overlay","Attachable":true,"Labels":{"a":"b"},"Options":{"o":"1"},
                 "IPAM":{"Driver":"default","Config":[{"Subnet":"10.20.0.0/24","Gateway":"10.20.0.254"}]}}"""));
        NetworkResource r = networks.get("mynet");
        assertThat(r.id()).isEqualTo(id);
        assertThat(r.scope()).isEqualTo("swarm");
        assertThat(r.driver()).isEqualTo("overlay");
        assertThat(r.attachable()).isTrue();
        assertThat(r.labels()).containsEntry("a", "b");
        assertThat(r.options()).containsEntry("o", "1");
        assertThat(r.ipam().config())
                .extracting(c -> c.subnet() + " " + c.gateway())
                .containsExactly("10.20.0.0/24 10.20.0.254");
        assertThat(networks.get(id.substring(0, 5)).id()).as("unique prefix").isEqualTo(id);
    }

    @Test
    void inspectHidesTheNodesLoadBalancerAddresses() {
        String id = overlay("mynet");
        store.update(tx -> {
            var n = tx.networks().get(id);
            tx.update(n.withAllocation(
                    new dev.skep.api.model.Driver(
                            "overlay",
                            java.util.Map.of(
                                    dev.skep.api.model.Network.VXLAN_ID_OPTION,
                                    "4097",
                                    dev.skep.manager.allocator.NodeLbAddresses.OPTION_PREFIX + "node1",
                                    "10.0.0.3")),
                    n.ipamOptions()));
        });
        assertThat(networks.get("mynet").options()).containsOnlyKeys(dev.skep.api.model.Network.VXLAN_ID_OPTION);
    }

    @Test
    void onlyOverlayNetworksOfSwarmScope() {
        assertThatThrownBy(() -> networks.create(request("{\"Name\":\"b\",\"Driver\":\"bridge\"}")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("overlay")
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(400);
        assertThat(status(
                        () -> networks.create(request("{\"Name\":\"l\",\"Driver\":\"overlay\",\"Scope\":\"local\"}"))))
                .isEqualTo(400);
        assertThat(status(() -> networks.create(request("{\"Name\":\"host\",\"Driver\":\"overlay\"}"))))
                .isEqualTo(403);
        assertThat(status(() -> networks.create(request("{\"Name\":\"\",\"Driver\":\"overlay\"}"))))
                .isEqualTo(400);
        assertThat(
                        status(
                                () -> networks.create(
                                        request(
                                                "{\"Name\":\"g\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.1.0.0/24\",\"Gateway\":\"10.2.0.1\"}]}}"))))
                .isEqualTo(400);
        assertThatThrownBy(() -> networks.create(
                        request("{\"Name\":\"e\",\"Driver\":\"overlay\",\"Options\":{\"encrypted\":\"\"}}")))
                .hasMessageContaining("encrypted overlay networks (--opt encrypted) are not supported")
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(400);
        assertThat(store.<List<Network>>view(tx -> tx.networks().all())).isEmpty();
    }

    @Test
    void duplicateNamesAndOverlappingSubnetsAreRefused() {
        overlay("mynet");
        assertThatThrownBy(() -> overlay("mynet"))
                .isInstanceOf(ApiException.class)
                .hasMessage("network with name mynet already exists")
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(409);
        networks.create(request("{\"Name\":\"a\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.50.0.0/16\"}]}}"));
        assertThatThrownBy(() -> networks.create(
                        request("{\"Name\":\"b\",\"IPAM\":{\"Config\":[{\"Subnet\":\"10.50.3.0/24\"}]}}")))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("overlaps")
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(400);
    }

    @Test
    void aRemovedServicesRunningTasksDoNotHoldItsNetwork() {
        overlay("backend");
        String svc = services.create(serviceOn("api", "backend"));
        Service stored = services.get(svc, false);
        store.update(tx ->
                tx.create(Fixtures.task("t1", svc, 1, stored.spec().taskTemplate(), TaskState.RUNNING, "node-a")));

        services.remove(svc);

        assertThat(store.view(tx -> tx.tasks().get("t1")).desiredState()).isEqualTo(TaskState.REMOVE);
        networks.remove("backend");
        assertThat(status(() -> networks.get("backend"))).isEqualTo(404);
    }

    @Test
    void removeIsRefusedWhileAServiceUsesTheNetwork() {
        String net = overlay("backend");
        String svc = services.create(serviceOn("api", "backend"));
        Service stored = services.get(svc, false);
        assertThat(stored.spec().taskTemplate().networks().get(0).target())
                .as("name resolved to ID")
                .isEqualTo(net);

        assertThatThrownBy(() -> networks.remove("backend"))
                .isInstanceOf(ApiException.class)
                .hasMessage(
                        "rpc error: code = FailedPrecondition desc = network " + net + " is in use by service " + svc);
        services.remove(svc);
        networks.remove("backend");
        assertThat(status(() -> networks.get("backend"))).isEqualTo(404);
    }

    @Test
    void servicesCannotNameMissingOrIngressNetworks() {
        assertThat(status(() -> services.create(serviceOn("a", "nope")))).isEqualTo(404);
        store.update(tx -> tx.create(dev.skep.manager.allocator.IngressNetwork.create()));
        assertThatThrownBy(() -> services.create(serviceOn("b", "ingress")))
                .hasMessageContaining("cannot be explicitly attached to the ingress network");
    }

    @Test
    void ingressPortsPublishedByAnotherServiceAreRefused() {
        ServiceSpec web = Json.read("""
                {"Name":"web","TaskTemplate":{"ContainerSpec":{"Image":"busybox"}},
                 "EndpointSpec":{"Ports":[{"TargetPort":80,"PublishedPort":8080}]}}""", ServiceSpec.class);
        String id = services.create(web);
        ServiceSpec other = Json.read(Json.text(web).replace("\"web\"", "\"other\""), ServiceSpec.class);
        assertThatThrownBy(() -> services.create(other))
                .hasMessageContaining("port '8080' is already in use by service 'web' (" + id + ") as an ingress port")
                .extracting(e -> ((ApiException) e).status())
                .isEqualTo(400);
    }

    @Test
    void listFiltersByNameIdDriverScopeLabelAndType() {
        String a = networks.create(request("{\"Name\":\"front-a\",\"Labels\":{\"tier\":\"web\"}}"));
        overlay("back-b");
        store.update(tx -> tx.create(dev.skep.manager.allocator.IngressNetwork.create()));

        assertThat(networks.list(Filters.empty()))
                .extracting(NetworkResource::name)
                .containsExactly("back-b", "front-a", "ingress");
        assertThat(names(Filters.parse("{\"name\":{\"ont\":true}}"))).containsExactly("front-a");
        assertThat(names(Filters.parse("{\"id\":{\"" + a.substring(0, 6) + "\":true}}")))
                .containsExactly("front-a");
        assertThat(names(Filters.parse("{\"label\":{\"tier=web\":true}}"))).containsExactly("front-a");
        assertThat(names(Filters.parse("{\"driver\":{\"bridge\":true}}"))).isEmpty();
        assertThat(names(Filters.parse("{\"scope\":{\"swarm\":true}}"))).hasSize(3);
        assertThat(names(Filters.parse("{\"type\":{\"custom\":true}}"))).containsExactly("back-b", "front-a");
        assertThat(status(() -> networks.list(Filters.parse("{\"color\":{\"red\":true}}"))))
                .isEqualTo(400);
    }

    private List<String> names(Filters f) {
        return networks.list(f).stream().map(NetworkResource::name).toList();
    }
}

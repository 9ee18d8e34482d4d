package dev.skep.manager.allocator;

import static dev.skep.manager.scheduler.Fixtures.task;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.model.Cluster;
import dev.skep.api.model.Driver;
import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.IpamConfig;
import dev.skep.api.model.IpamOptions;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.NetworkSpec;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.Idle;
import dev.skep.store.MemoryStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class NetworkAllocatorTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private final Allocator allocator = new Allocator(store, timer);

    private void cluster(List<String> pool, Long subnetSize) {
        store.update(
                tx -> tx.create(new Cluster("c1", null, null, null, null, null, null, null, pool, subnetSize, null)));
    }

    private static Network network(String id, String subnet) {
        IpamOptions ipam = subnet == null ? null : new IpamOptions(null, List.of(new IpamConfig(subnet, null, null)));
        return new Network(
                id,
                null,
                null,
                null,
                new NetworkSpec(
                        "net-" + id,
                        Map.of(),
                        new Driver("overlay", null),
                        null,
                        null,
                        null,
                        null,
                        ipam,
                        null,
                        "swarm"),
                null,
                null);
    }

    private static TaskSpec joining(String... networks) {
        return new TaskSpec(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                Stream.of(networks)
                        .map(n -> new NetworkAttachmentConfig(n, null, null))
                        .toList(),
                null);
    }

    private static Service service(String id, TaskSpec template, EndpointSpec endpoint) {
        ServiceSpec spec = new ServiceSpec(
                "svc-" + id, Map.of(), template, ServiceMode.ofReplicated(1), null, null, null, endpoint);
        return new Service(
                id, null, null, null, spec, null, new Service.Endpoint(endpoint, null, null), null, null, null);
    }

    private static Task newTask(String id, String serviceId, TaskSpec spec) {
        return task(id, serviceId, 1, spec, TaskState.NEW, null);
    }

    private Network net(String id) {
        return store.view(tx -> tx.networks().get(id));
    }

    private Task stored(String id) {
        return store.view(tx -> tx.tasks().get(id));
    }

    private Service svc(String id) {
        return store.view(tx -> tx.services().get(id));
    }

    private static List<String> addresses(Task t) {
        return t.networksAttachments().stream()
                .flatMap(a -> a.addresses().stream())
                .toList();
    }

    @Test
    void swarmGetsAnIngressNetworkWithTheFirstSubnetOfThePool() {
        cluster(null, null);
        allocator.reconcile();
        allocator.reconcile();

        List<Network> all = store.view(tx -> tx.networks().all());
        assertThat(all).hasSize(1);
        Network ingress = all.get(0);
        assertThat(ingress.name()).isEqualTo("ingress");
        assertThat(ingress.isIngress()).isTrue();
        assertThat(ingress.subnet()).isEqualTo("10.0.0.0/24");
        assertThat(ingress.allocatedConfig().gateway()).isEqualTo("10.0.0.1");
        assertThat(ingress.vni()).isEqualTo(4097);
        assertThat(ingress.driverState().options()).containsEntry(Network.VXLAN_ID_OPTION, "4097");
    }

    @Test
    void networksWithoutSubnetAreCarvedFromThePoolAroundExplicitOnes() {
        cluster(null, null);
        allocator.reconcile();
        store.update(tx -> {
            tx.create(network("explicit", "10.0.1.0/24"));
            tx.create(network("a", null));
            tx.create(network("b", null));
        });
        allocator.reconcile();

        assertThat(net("explicit").subnet()).isEqualTo("10.0.1.0/24");
        assertThat(net("explicit").allocatedConfig().gateway()).isEqualTo("10.0.1.1");
        assertThat(List.of(net("a").subnet(), net("b").subnet()))
                .containsExactlyInAnyOrder("10.0.2.0/24", "10.0.3.0/24");
        assertThat(List.of(net("explicit").vni(), net("a").vni(), net("b").vni()))
                .containsExactlyInAnyOrder(4098, 4099, 4100);
    }

    @Test
    void clusterPoolAndSubnetSizeAreHonoured() {
        cluster(List.of("10.20.0.0/16"), 26L);
        allocator.reconcile();
        store.update(tx -> tx.create(network("a", null)));
        allocator.reconcile();

        assertThat(store.view(tx -> tx.networks().byName("ingress")).subnet()).isEqualTo("10.20.0.0/26");
        assertThat(net("a").subnet()).isEqualTo("10.20.0.64/26");
    }

    @Test
    void anOverlappingSubnetIsNotAllocated() {
        store.update(tx -> {
            tx.create(network("first", "10.30.0.0/16"));
            tx.create(network("second", "10.30.5.0/24"));
        });
        allocator.reconcile();

        assertThat(Stream.of(net("first"), net("second")).filter(Network::isAllocated))
                .hasSize(1);
    }

    @Test
    void vxlanIdsAreReusedAfterANetworkIsRemoved() {
        store.update(tx -> {
            tx.create(network("a", null));
            tx.create(network("b", null));
        });
        allocator.reconcile();
        Network a = net("a");
        store.update(tx -> tx.delete(tx.networks().get("a")));
        store.update(tx -> tx.create(network("c", null)));
        allocator.reconcile();

        assertThat(net("c").vni()).isEqualTo(a.vni());
        assertThat(net("c").subnet()).isEqualTo(a.subnet());
    }

    @Test
    void serviceGetsAVipAndTasksAnAddressEachThenGoPending() {
        cluster(null, null);
        store.update(tx -> tx.create(network("n", null)));
        allocator.reconcile();
        store.update(tx -> {
            tx.create(service("s", joining("n"), null));
            tx.create(newTask("t1", "s", joining("n")));
            tx.create(newTask("t2", "s", joining("n")));
        });
        allocator.reconcile();

        assertThat(svc("s").endpoint().virtualIPs()).containsExactly(new Service.VirtualIP("n", "10.0.1.2/24"));
        Task t1 = stored("t1");
        assertThat(t1.state()).isEqualTo(TaskState.PENDING);
        assertThat(t1.networksAttachments()).hasSize(1);
        NetworkAttachment a = t1.networksAttachments().get(0);
        assertThat(a.network().id()).isEqualTo("n");
        assertThat(a.network().vni()).isEqualTo(net("n").vni());
        assertThat(List.of(addresses(t1).get(0), addresses(stored("t2")).get(0)))
                .containsExactlyInAnyOrder("10.0.1.3/24", "10.0.1.4/24");
    }

    @Test
    void taskWaitsNewUntilItsNetworkExists() {
        store.update(tx -> {
            tx.create(service("s", joining("later"), null));
            tx.create(newTask("t1", "s", joining("later")));
        });
        allocator.start();
        try {
            Idle.await(allocator); // it has tried the task, and the service's endpoint, and left both waiting
            assertThat(stored("t1").state()).isEqualTo(TaskState.NEW);
            assertThat(svc("s").endpoint().virtualIPs()).isNullOrEmpty();
            store.update(tx -> tx.create(network("later", null)));
            Idle.await(allocator);
            assertThat(stored("t1").state()).isEqualTo(TaskState.PENDING);
            assertThat(addresses(stored("t1"))).hasSize(1);
            assertThat(svc("s").endpoint().virtualIPs()).hasSize(1);
        } finally {
            allocator.stop();
        }
    }

    @Test
    void addressesOfRemovedAndStoppedTasksAreHandedOutAgain() {
        store.update(tx -> {
            tx.create(network("n", "10.5.0.0/24"));
            tx.create(service("s", joining("n"), new EndpointSpec("dnsrr", null)));
            tx.create(newTask("t1", "s", joining("n")));
            tx.create(newTask("t2", "s", joining("n")));
        });
        allocator.reconcile();
        String first = addresses(stored("t1")).get(0);
        String second = addresses(stored("t2")).get(0);
        store.update(tx -> {
            tx.delete(tx.tasks().get("t1"));
            Task t2 = tx.tasks().get("t2");
            tx.update(t2.withStatus(new TaskStatus(timer.now(), TaskState.FAILED, "boom", null, null, null)));
            tx.create(newTask("t3", "s", joining("n")));
            tx.create(newTask("t4", "s", joining("n")));
        });
        allocator.reconcile();

        assertThat(svc("s").endpoint().virtualIPs()).as("dnsrr has no VIP").isNull();
        assertThat(List.of(
                        addresses(stored("t3")).get(0), addresses(stored("t4")).get(0)))
                .containsExactlyInAnyOrder(first, second);
    }

    @Test
    void noAddressIsHandedOutTwiceAcrossAllocatorRestarts() {
        store.update(tx -> {
            tx.create(network("n", "10.6.0.0/24"));
            tx.create(service("s", joining("n"), null));
            for (int i = 0; i < 20; i++) tx.create(newTask("a" + i, "s", joining("n")));
        });
        allocator.reconcile();
        Allocator successor = new Allocator(store, timer);
        store.update(tx -> {
            for (int i = 0; i < 20; i++) tx.create(newTask("b" + i, "s", joining("n")));
        });
        successor.reconcile();

        List<String> all = new ArrayList<>(svc("s").endpoint().virtualIPs().stream()
                .map(Service.VirtualIP::addr)
                .toList());
        store.view(tx -> tx.tasks().all()).forEach(t -> all.addAll(addresses(t)));
        all.add("10.6.0.1/24"); // the gateway
        assertThat(all).hasSize(42).doesNotHaveDuplicates();
    }

    @Test
    void publishedIngressPortsGetDynamicPortsAndJoinIngress() {
        cluster(null, null);
        allocator.reconcile();
        EndpointSpec dynamic = new EndpointSpec(null, List.of(new PortConfig(null, null, 80L, 0L, null)));
        EndpointSpec fixed = new EndpointSpec(
                null,
                List.of(
                        new PortConfig(null, "tcp", 80L, 8080L, "ingress"),
                        new PortConfig(null, "udp", 53L, 0L, "host")));
        store.update(tx -> {
            tx.create(service("d", null, dynamic));
            tx.create(service("f", null, fixed));
            tx.create(newTask("t1", "d", null));
        });
        allocator.reconcile();
        String ingress = store.view(tx -> tx.networks().byName("ingress")).id();

        assertThat(svc("d").endpoint().ports()).containsExactly(new PortConfig(null, "tcp", 80L, 30000L, "ingress"));
        assertThat(svc("f").endpoint().ports())
                .containsExactly(
                        new PortConfig(null, "tcp", 80L, 8080L, "ingress"),
                        new PortConfig(null, "udp", 53L, 0L, "host"));
        assertThat(svc("d").endpoint().virtualIPs())
                .extracting(Service.VirtualIP::networkID)
                .containsExactly(ingress);
        assertThat(stored("t1").networksAttachments())
                .extracting(a -> a.network().id())
                .containsExactly(ingress);

        // an update that keeps the port keeps the published port it was given
        store.update(tx -> {
            Service d = tx.services().get("d");
            tx.update(d.withSpec(
                    new ServiceSpec(
                            d.spec().name(),
                            Map.of("x", "y"),
                            null,
                            d.spec().mode(),
                            null,
                            null,
                            null,
                            new EndpointSpec(
                                    null,
                                    List.of(
                                            new PortConfig(null, null, 80L, 0L, null),
                                            new PortConfig(null, null, 81L, 0L, null)))),
                    d.spec()));
        });
        allocator.reconcile();
        assertThat(svc("d").endpoint().ports())
                .extracting(PortConfig::publishedPort)
                .containsExactly(30000L, 30001L);
    }

    @Test
    void aTaskLeavesNewWithACopyOfItsServicesEndpointAsAllocated() {
        cluster(null, null);
        allocator.reconcile();
        EndpointSpec host = new EndpointSpec(
                null, List.of(new PortConfig(null, null, 80L, 0L, "host"), new PortConfig(null, null, 81L, 0L, null)));
        store.update(tx -> {
            tx.create(service("h", null, host));
            tx.create(newTask("t1", "h", null));
        });
        allocator.reconcile();

        Task t1 = stored("t1");
        assertThat(t1.state()).isEqualTo(TaskState.PENDING);
        assertThat(t1.endpoint()).isEqualTo(svc("h").endpoint());
        assertThat(t1.endpoint().ports())
                .containsExactly(
                        new PortConfig(null, "tcp", 80L, 0L, "host"),
                        new PortConfig(null, "tcp", 81L, 30000L, "ingress"));
        // the copy survives the JSON the store replicates and the dispatcher sends
        assertThat(dev.skep.api.json.Json.read(dev.skep.api.json.Json.write(t1), Task.class)
                        .endpoint())
                .isEqualTo(t1.endpoint());
    }

    @Test
    void joiningAndLeavingNetworksAddsAndDropsVips() {
        store.update(tx -> {
            tx.create(network("a", "10.7.0.0/24"));
            tx.create(network("b", "10.8.0.0/24"));
            tx.create(service("s", joining("a"), null));
        });
        allocator.reconcile();
        Service.VirtualIP onA = svc("s").endpoint().virtualIPs().get(0);

        store.update(tx -> {
            Service s = tx.services().get("s");
            tx.update(s.withSpec(s.spec().withTaskTemplate(joining("a", "b")), s.spec()));
        });
        allocator.reconcile();
        assertThat(svc("s").endpoint().virtualIPs()).containsExactly(onA, new Service.VirtualIP("b", "10.8.0.2/24"));

        store.update(tx -> {
            Service s = tx.services().get("s");
            tx.update(s.withSpec(s.spec().withTaskTemplate(joining("b")), s.spec()));
        });
        allocator.reconcile();
        assertThat(svc("s").endpoint().virtualIPs()).containsExactly(new Service.VirtualIP("b", "10.8.0.2/24"));
    }

    @Test
    void everyNodeGetsItsOwnIngressAddressThatNoTaskGetsAndLeavingGivesItBack() {
        cluster(null, null);
        store.update(tx -> {
            tx.create(dev.skep.manager.scheduler.Fixtures.node("n1"));
            tx.create(dev.skep.manager.scheduler.Fixtures.node("n2"));
        });
        allocator.reconcile();
        Map<String, String> lb =
                NodeLbAddresses.of(store.view(tx -> tx.networks().byName("ingress")));
        assertThat(lb).containsOnlyKeys("n1", "n2");
        assertThat(lb.values()).containsExactlyInAnyOrder("10.0.0.2", "10.0.0.3");

        EndpointSpec published = new EndpointSpec(null, List.of(new PortConfig(null, "tcp", 80L, 8080L, "ingress")));
        store.update(tx -> {
            tx.create(service("p", null, published));
            tx.create(newTask("t1", "p", null));
        });
        allocator.reconcile();
        assertThat(svc("p").endpoint().virtualIPs())
                .extracting(Service.VirtualIP::addr)
                .containsExactly("10.0.0.4/24");
        assertThat(addresses(stored("t1"))).containsExactly("10.0.0.5/24");

        store.update(tx -> tx.delete(tx.nodes().get("n2")));
        store.update(tx -> tx.create(dev.skep.manager.scheduler.Fixtures.node("n3")));
        allocator.reconcile();
        Map<String, String> after =
                NodeLbAddresses.of(store.view(tx -> tx.networks().byName("ingress")));
        assertThat(after)
                .containsOnlyKeys("n1", "n3")
                .containsEntry("n1", lb.get("n1"))
                .containsEntry("n3", lb.get("n2"));
    }
}

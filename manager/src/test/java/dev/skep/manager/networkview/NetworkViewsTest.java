package dev.skep.manager.networkview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.api.dispatcher.NetworkView;
import dev.skep.api.model.Cluster;
import dev.skep.api.model.Driver;
import dev.skep.api.model.EndpointSpec;
import dev.skep.api.model.IpamConfig;
import dev.skep.api.model.IpamOptions;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkAttachment;
import dev.skep.api.model.NetworkAttachmentConfig;
import dev.skep.api.model.NetworkSpec;
import dev.skep.api.model.Node;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceMode;
import dev.skep.api.model.ServiceSpec;
import dev.skep.api.model.Task;
import dev.skep.api.model.TaskSpec;
import dev.skep.api.model.TaskState;
import dev.skep.api.model.TaskStatus;
import dev.skep.api.model.Version;
import dev.skep.api.net.NodeAddresses;
import dev.skep.api.time.ManualTimer;
import dev.skep.manager.allocator.NodeLbAddresses;
import dev.skep.store.MemoryStore;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class NetworkViewsTest {
    private final ManualTimer timer = new ManualTimer();
    private final MemoryStore store = new MemoryStore(timer.clock());
    private static final Network APPNET = network("appnet00000000000001", "appnet", false, "10.0.1.0/24", 4098);
    private static final Network INGRESS = network("ingress0000000000001", "ingress", true, "10.0.0.0/24", 4097);

    @BeforeEach
    void nodesAndNetworks() {
        store.update(tx -> {
            tx.create(node("n1", "192.0.2.1"));
            tx.create(node("n2", "192.0.2.2"));
            tx.create(node("n3", "192.0.2.3"));
            tx.create(APPNET);
            tx.create(INGRESS);
        });
    }

    private static Network network(String id, String name, boolean ingress, String subnet, int vni) {
        String gateway = subnet.replace(".0/24", ".1");
        return new Network(
                id,
                null,
                null,
                null,
                new NetworkSpec(
                        name, Map.of(), new Driver("overlay", null), null, null, null, ingress, null, null, "swarm"),
                new Driver("overlay", Map.of(Network.VXLAN_ID_OPTION, String.valueOf(vni))),
                new IpamOptions(null, List.of(new IpamConfig(subnet, null, gateway))));
    }

    private static Node node(String id, String addr) {
        return new Node(
                id,
                null,
                null,
                null,
                new Node.Spec(null, Map.of(), "worker", "active"),
                null,
                new Node.Status("ready", null, addr),
                null);
    }

    private static Service service(
            String id,
            String name,
            List<String> aliases,
            EndpointSpec endpoint,
            List<PortConfig> ports,
            List<Service.VirtualIP> vips) {
        TaskSpec template = new TaskSpec(
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                List.of(new NetworkAttachmentConfig("appnet", aliases, null)),
                null);
        ServiceSpec spec =
                new ServiceSpec(name, Map.of(), template, ServiceMode.ofReplicated(1), null, null, null, endpoint);
        return new Service(
                id, null, null, null, spec, null, new Service.Endpoint(endpoint, ports, vips), null, null, null);
    }

    private static Task task(String id, String serviceId, String node, TaskState state, String... attachments) {
        List<NetworkAttachment> atts = new java.util.ArrayList<>();
        for (int i = 0; i < attachments.length; i += 2) {
            Network n = attachments[i].equals("appnet") ? APPNET : INGRESS;
            atts.add(new NetworkAttachment(n, List.of(attachments[i + 1] + "/24")));
        }
        return new Task(
                id,
                null,
                null,
                null,
                serviceId + ".1." + id,
                Map.of(),
                null,
                Version.of(1),
                serviceId,
                1L,
                node,
                TaskStatus.of(Instant.parse("2026-01-01T00:00:00Z"), state, "test"),
                TaskState.RUNNING,
                atts,
                null);
    }

    private NetworkView view(String node) {
        return store.view(tx -> NetworkViews.forNode(tx, node));
    }

    @Test
    void aNodeSeesTheNetworksOfItsTasksWithEveryEndpointAndTheServicesOnThem() {
        store.update(tx -> {
            tx.create(service(
                    "web",
                    "web",
                    List.of("www"),
                    null,
                    null,
                    List.of(new Service.VirtualIP(APPNET.id(), "10.0.1.2/24"))));
            tx.create(task("w1", "web", "n1", TaskState.RUNNING, "appnet", "10.0.1.3"));
            tx.create(task("w2", "web", "n2", TaskState.RUNNING, "appnet", "10.0.1.4"));
            tx.create(task("w3", "web", "n2", TaskState.STARTING, "appnet", "10.0.1.5"));
            tx.create(task("old", "web", "n1", TaskState.SHUTDOWN, "appnet", "10.0.1.6"));
        });

        NetworkView v = view("n1");

        assertThat(v.underlayAddress()).isEqualTo("192.0.2.1");
        assertThat(v.networks()).singleElement().satisfies(n -> {
            assertThat(n.id()).isEqualTo(APPNET.id());
            assertThat(n.vni()).isEqualTo(4098);
            assertThat(n.subnet()).isEqualTo("10.0.1.0/24");
            assertThat(n.gateway()).isEqualTo("10.0.1.1");
            assertThat(n.endpoints())
                    .containsExactly(
                            new NetworkView.Endpoint("w1", "10.0.1.3", "192.0.2.1"),
                            new NetworkView.Endpoint("w2", "10.0.1.4", "192.0.2.2"),
                            new NetworkView.Endpoint("w3", "10.0.1.5", "192.0.2.2"));
        });
        assertThat(v.services()).singleElement().satisfies(s -> {
            assertThat(s.name()).isEqualTo("web");
            assertThat(s.aliases()).containsExactly("www");
            assertThat(s.vip()).isEqualTo("10.0.1.2");
            assertThat(s.backends()).as("only running tasks receive traffic").containsExactly("10.0.1.3", "10.0.1.4");
        });
        assertThat(v.publishedPorts()).isEmpty();
    }

    @Test
    void aDataPathAddressAndTheClustersDataPathPortShapeTheVxlan() {
        store.update(tx -> {
            Node n2 = tx.nodes().get("n2");
            tx.update(n2.withDescription(new Node.Description(
                    "two",
                    null,
                    null,
                    new Node.Engine("20.10", Map.of(NodeAddresses.DATA_PATH_ADDR_LABEL, "198.51.100.2"), List.of()),
                    null)));
            tx.create(new Cluster("c1", null, null, null, null, null, false, 4790L, List.of("10.0.0.0/8"), 24L, null));
            tx.create(service(
                    "web", "web", List.of(), null, null, List.of(new Service.VirtualIP(APPNET.id(), "10.0.1.2/24"))));
            tx.create(task("w1", "web", "n1", TaskState.RUNNING, "appnet", "10.0.1.3"));
            tx.create(task("w2", "web", "n2", TaskState.RUNNING, "appnet", "10.0.1.4"));
        });

        assertThat(view("n2").underlayAddress()).as("n2's VXLAN source").isEqualTo("198.51.100.2");
        NetworkView v1 = view("n1");
        assertThat(v1.underlayAddress()).isEqualTo("192.0.2.1");
        assertThat(v1.dataPathPort()).isEqualTo(4790);
        assertThat(v1.networks())
                .singleElement()
                .satisfies(n ->
                        assertThat(n.endpoints()).contains(new NetworkView.Endpoint("w2", "10.0.1.4", "198.51.100.2")));
    }

    @Test
    void aNodeWithoutTasksOnANetworkDoesNotTakePartInIt() {
        store.update(tx -> {
            tx.create(service(
                    "web", "web", List.of(), null, null, List.of(new Service.VirtualIP(APPNET.id(), "10.0.1.2/24"))));
            tx.create(task("w1", "web", "n1", TaskState.RUNNING, "appnet", "10.0.1.3"));
        });

        assertThat(view("n3").isEmpty()).isTrue();
        assertThat(view("n3").underlayAddress()).isEqualTo("192.0.2.3");
    }

    @Test
    void dnsrrServicesHaveNoVipButStillTheirBackends() {
        store.update(tx -> {
            tx.create(service("db", "db", List.of(), new EndpointSpec("dnsrr", List.of()), null, null));
            tx.create(task("d1", "db", "n1", TaskState.RUNNING, "appnet", "10.0.1.7"));
        });

        assertThat(view("n1").services()).singleElement().satisfies(s -> {
            assertThat(s.vip()).isNull();
            assertThat(s.backends()).containsExactly("10.0.1.7");
        });
    }

    @Test
    void anIngressPortPutsEveryNodeOnTheIngressNetworkWithTheMesh() {
        PortConfig port = new PortConfig(null, "tcp", 80L, 8080L, "ingress");
        store.update(tx -> {
            tx.create(service(
                    "web",
                    "web",
                    List.of(),
                    new EndpointSpec(null, List.of(port)),
                    List.of(port),
                    List.of(
                            new Service.VirtualIP(INGRESS.id(), "10.0.0.2/24"),
                            new Service.VirtualIP(APPNET.id(), "10.0.1.2/24"))));
            tx.create(task("w1", "web", "n1", TaskState.RUNNING, "ingress", "10.0.0.3", "appnet", "10.0.1.3"));
        });

        NetworkView far = view("n3");

        assertThat(far.networks()).extracting(NetworkView.Overlay::id).containsExactly(INGRESS.id());
        assertThat(far.networks().get(0).endpoints())
                .containsExactly(new NetworkView.Endpoint("w1", "10.0.0.3", "192.0.2.1"));
        assertThat(far.publishedPorts())
                .containsExactly(new NetworkView.Published(
                        "tcp",
                        8080,
                        80,
                        "ingress",
                        INGRESS.id(),
                        List.of(new NetworkView.Backend("10.0.0.3", "192.0.2.1"))));
        assertThat(far.services())
                .extracting(NetworkView.ServiceEntry::networkId)
                .containsExactly(INGRESS.id());
        assertThat(far.services().get(0).ports()).containsExactly(new NetworkView.TargetPort("tcp", 80));
        assertThat(view("n1").networks())
                .extracting(NetworkView.Overlay::id)
                .containsExactlyInAnyOrder(INGRESS.id(), APPNET.id());
    }

    @Test
    void eachNodeGetsItsOwnIngressLbAddressAndEveryOtherNodeItsEndpoint() {
        PortConfig port = new PortConfig(null, "tcp", 80L, 8080L, "ingress");
        Map<String, String> options =
                new java.util.LinkedHashMap<>(INGRESS.driverState().options());
        options.put(NodeLbAddresses.OPTION_PREFIX + "n1", "10.0.0.250");
        options.put(NodeLbAddresses.OPTION_PREFIX + "n3", "10.0.0.251");
        store.update(tx -> {
            tx.update(tx.networks()
                    .get(INGRESS.id())
                    .withAllocation(new Driver("overlay", options), INGRESS.ipamOptions()));
            tx.create(service(
                    "web",
                    "web",
                    List.of(),
                    new EndpointSpec(null, List.of(port)),
                    List.of(port),
                    List.of(new Service.VirtualIP(INGRESS.id(), "10.0.0.2/24"))));
            tx.create(task("w1", "web", "n1", TaskState.RUNNING, "ingress", "10.0.0.3"));
        });

        NetworkView.Overlay far = view("n3").networks().get(0);

        assertThat(far.lbAddress()).isEqualTo("10.0.0.251");
        assertThat(far.endpoints())
                .containsExactlyInAnyOrder(
                        new NetworkView.Endpoint("w1", "10.0.0.3", "192.0.2.1"),
                        new NetworkView.Endpoint("lb-n1", "10.0.0.250", "192.0.2.1"),
                        new NetworkView.Endpoint("lb-n3", "10.0.0.251", "192.0.2.3"));
        assertThat(view("n1").networks().get(0).lbAddress()).isEqualTo("10.0.0.250");
        assertThat(view("n2").networks().get(0).lbAddress())
                .as("a node without an address yet")
                .isNull();
    }

    @Test
    void equalStoreContentsGiveEqualViews() {
        store.update(tx -> {
            tx.create(service(
                    "web", "web", List.of(), null, null, List.of(new Service.VirtualIP(APPNET.id(), "10.0.1.2/24"))));
            tx.create(task("w2", "web", "n2", TaskState.RUNNING, "appnet", "10.0.1.4"));
            tx.create(task("w1", "web", "n1", TaskState.RUNNING, "appnet", "10.0.1.3"));
        });
        NetworkView before = view("n1");
        store.update(tx -> tx.update(tx.nodes().get("n3").withStatus(new Node.Status("down", null, "192.0.2.3"))));

        assertThat(view("n1")).isEqualTo(before);
    }
}

package dev.skep.network.kernel;

import static dev.skep.network.kernel.Sh.in;
import static dev.skep.network.kernel.Sh.tryIn;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skep.network.Endpoint;
import dev.skep.network.NodeNetworks;
import dev.skep.network.OverlayNetwork;
import dev.skep.network.Protocol;
import dev.skep.network.PublishedPort;
import dev.skep.network.PublishedPort.Backend;
import dev.skep.network.PublishedPort.PublishMode;
import dev.skep.network.ServiceEndpoint;
import dev.skep.network.exec.Command;
import dev.skep.network.exec.CommandResult;
import dev.skep.network.exec.CommandRunner;
import dev.skep.network.exec.HostCommandRunner;
import dev.skep.network.lb.NftLoadBalancer;
import dev.skep.network.overlay.OverlayPlumber;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The overlay, VIPs and the routing mesh on real kernel devices: two nodes (namespaces on a test bridge), three
 * containers (namespaces on the nodes' overlay bridges), the plumber and the nftables balancer run inside each node.
 */
@Tag("root") // needs root and network namespaces: left out of the fast target (docs/TESTING.md)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OverlayKernelTest {
    private static final String A = "skn77a";
    private static final String B = "skn77b";
    private static final String A_ADDR = "10.231.77.11";
    private static final String B_ADDR = "10.231.77.12";
    private static final String NET = "t77net0000abcdef";
    private static final String VIP = "10.0.77.100";
    private static TestHosts hosts;
    private static final Map<String, Recording> runners = new HashMap<>();

    /** Counts the commands that change something (not the JSON reads), to check idempotence. */
    static final class Recording implements CommandRunner {
        final CommandRunner real;
        final List<String> mutations = new ArrayList<>();

        Recording(CommandRunner real) {
            this.real = real;
        }

        @Override
        public CommandResult run(Command command) {
            if (!command.argv().contains("-j")) {
                mutations.add(String.join(" ", command.argv()));
            }
            return real.run(command);
        }
    }

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(Sh.canUseNetns(), "needs root and network namespaces");
        hosts = new TestHosts("skv77", A, B, "skc77a1", "skc77a2", "skc77b1");
        hosts.node(A, A_ADDR);
        hosts.node(B, B_ADDR);
        hosts.container("skc77a1", A, "skh77a1", "10.0.77.5", "10.0.77.1");
        hosts.container("skc77a2", A, "skh77a2", "10.0.77.6", "10.0.77.1");
        hosts.container("skc77b1", B, "skh77b1", "10.0.77.7", "10.0.77.1");
        runners.put(A, new Recording(HostCommandRunner.inNamespace(A)));
        runners.put(B, new Recording(HostCommandRunner.inNamespace(B)));
        applyAll(false);
        in(A, "ip", "link", "set", "skh77a1", "master", "skb-t77net0000", "up");
        in(A, "ip", "link", "set", "skh77a2", "master", "skb-t77net0000", "up");
        in(B, "ip", "link", "set", "skh77b1", "master", "skb-t77net0000", "up");
        hosts.server("skc77a2", 80, "a2");
        hosts.server("skc77b1", 80, "b1");
    }

    @AfterAll
    static void tearDown() {
        if (hosts != null) {
            hosts.close();
        }
    }

    private static NodeNetworks desired(String node, boolean empty) {
        if (empty) {
            return NodeNetworks.empty(node);
        }
        String lb = node.equals(A_ADDR) ? "10.0.77.2" : "10.0.77.3";
        OverlayNetwork net = new OverlayNetwork(
                NET,
                "backend",
                4177,
                "10.0.77.0/24",
                "10.0.77.1",
                lb,
                List.of(
                        Endpoint.of("a1", "10.0.77.5", A_ADDR),
                        Endpoint.of("a2", "10.0.77.6", A_ADDR),
                        Endpoint.of("b1", "10.0.77.7", B_ADDR),
                        Endpoint.of("lb-a", "10.0.77.2", A_ADDR),
                        Endpoint.of("lb-b", "10.0.77.3", B_ADDR)));
        ServiceEndpoint web = new ServiceEndpoint(
                "web",
                List.of(),
                VIP,
                NET,
                List.of("10.0.77.6", "10.0.77.7"),
                List.of(new ServiceEndpoint.Port(Protocol.TCP, 80)));
        PublishedPort mesh = new PublishedPort(
                Protocol.TCP,
                8080,
                80,
                PublishMode.INGRESS,
                NET,
                List.of(new Backend("10.0.77.6", A_ADDR), new Backend("10.0.77.7", B_ADDR)));
        return new NodeNetworks(node, List.of(net), List.of(web), List.of(mesh));
    }

    private static void applyAll(boolean empty) {
        for (String ns : List.of(A, B)) {
            String address = ns.equals(A) ? A_ADDR : B_ADDR;
            new OverlayPlumber(runners.get(ns)).apply(desired(address, empty));
            NftLoadBalancer lb = new NftLoadBalancer(runners.get(ns));
            if (empty) {
                lb.close();
            } else {
                lb.apply(desired(address, false));
            }
        }
    }

    @Test
    @Order(1)
    void containersOnDifferentNodesReachEachOtherOverVxlan() {
        assertThat(tryIn("skc77a1", "busybox", "ping", "-c", "1", "-W", "3", "10.0.77.7")
                        .ok())
                .isTrue();
        assertThat(tryIn("skc77b1", "busybox", "ping", "-c", "1", "-W", "3", "10.0.77.5")
                        .ok())
                .isTrue();
        assertThat(connect("skc77a1", "10.0.77.7", 80)).isEqualTo("b1");
    }

    @Test
    @Order(2)
    void aVipSpreadsConnectionsEvenlyOverLocalAndRemoteTasks() {
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            seen.merge(connect("skc77a1", VIP, 80), 1, Integer::sum);
        }
        assertThat(seen).containsOnlyKeys("a2", "b1");
        assertThat(seen.values()).containsOnly(10);
    }

    @Test
    @Order(3)
    void thePublishedPortAnswersOnEveryNodeAndReachesTasksOnAnyNode() {
        for (String nodeAddress : List.of(A_ADDR, B_ADDR)) {
            Map<String, Integer> seen = new HashMap<>();
            for (int i = 0; i < 10; i++) {
                seen.merge(connectFromRoot(nodeAddress, 8080), 1, Integer::sum);
            }
            assertThat(seen).as("via " + nodeAddress).containsOnlyKeys("a2", "b1");
            assertThat(seen.values()).containsOnly(5);
        }
    }

    @Test
    @Order(4)
    void reapplyingTheSameStateChangesNothing() {
        runners.values().forEach(r -> r.mutations.clear());
        for (String ns : List.of(A, B)) {
            new OverlayPlumber(runners.get(ns)).apply(desired(ns.equals(A) ? A_ADDR : B_ADDR, false));
        }
        assertThat(runners.get(A).mutations).isEmpty();
        assertThat(runners.get(B).mutations).isEmpty();
    }

    @Test
    @Order(5)
    void anEmptyStateLeavesNoDevicesAddressesOrRules() {
        applyAll(true);
        for (String ns : List.of(A, B)) {
            assertThat(in(ns, "ip", "-o", "link", "show"))
                    .doesNotContain("skb-")
                    .doesNotContain("vx-");
            assertThat(in(ns, "nft", "list", "tables")).doesNotContain("skep");
        }
        assertThat(tryIn("skc77a1", "busybox", "ping", "-c", "1", "-W", "1", "10.0.77.7")
                        .ok())
                .isFalse();
    }

    private static String connect(String ns, String ip, int port) {
        return in(ns, "busybox", "nc", "-w", "3", ip, String.valueOf(port)).strip();
    }

    private static String connectFromRoot(String ip, int port) {
        return Sh.check("busybox", "nc", "-w", "3", ip, String.valueOf(port)).strip();
    }
}

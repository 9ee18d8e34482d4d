package dev.skep.network.kernel;

import static dev.skep.network.kernel.Sh.check;
import static dev.skep.network.kernel.Sh.in;
import static dev.skep.network.kernel.Sh.quietly;
import static dev.skep.network.kernel.Sh.run;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.skep.network.Endpoint;
import dev.skep.network.NodeNetworks;
import dev.skep.network.OverlayNetwork;
import dev.skep.network.exec.HostCommandRunner;
import dev.skep.network.overlay.DockerAttachment;
import dev.skep.network.overlay.OverlayPlumber;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A real Docker container attached the {@link DockerAttachment} way reaches a peer on another node over the
 * overlay. This machine's root namespace (with this host's dockerd) is one node, its underlay address the test
 * bridge's; a namespace is the other node.
 */
@Tag("root") // needs root and network namespaces: left out of the fast target (docs/TESTING.md)
class DockerAttachmentKernelTest {
    private static final String HOST_ADDR = TestHosts.BRIDGE_ADDRESS;
    private static final String B = "skn78b";
    private static final String B_ADDR = "10.231.77.12";
    private static final String NET = "d78net0000abcdef";
    private static final String CONTAINER = "skep-network-test-78";
    private static TestHosts hosts;
    private static OverlayNetwork network;

    @BeforeAll
    static void setUp() throws Exception {
        assumeTrue(Sh.canUseNetns(), "needs root and network namespaces");
        assumeTrue(run("docker", "version").ok(), "needs dockerd");
        // the plumber owns every skb-/vx- device of a namespace: do not run where someone else has some
        assumeTrue(!check("ip", "-o", "link", "show").matches("(?s).*: (skb|vx)-.*"), "foreign overlay devices");
        if (!run("docker", "image", "inspect", "skep-busybox:latest").ok()) {
            check("../scripts/build-test-images.sh");
        }
        hosts = new TestHosts("skv78", B, "skc78b1");
        hosts.node(B, B_ADDR);
        hosts.container("skc78b1", B, "skh78b1", "10.0.78.7", "10.0.78.1");
        network = new OverlayNetwork(
                NET,
                "docker-test",
                4178,
                "10.0.78.0/24",
                "10.0.78.1",
                null,
                List.of(Endpoint.of("host-task", "10.0.78.20", HOST_ADDR), Endpoint.of("b1", "10.0.78.7", B_ADDR)));
        new OverlayPlumber(HostCommandRunner.host())
                .apply(new NodeNetworks(HOST_ADDR, List.of(network), List.of(), List.of()));
        new OverlayPlumber(HostCommandRunner.inNamespace(B))
                .apply(new NodeNetworks(B_ADDR, List.of(network), List.of(), List.of()));
        in(B, "ip", "link", "set", "skh78b1", "master", network.bridgeName(), "up");
        hosts.server("skc78b1", 80, "b1");
    }

    @AfterAll
    static void tearDown() {
        if (hosts == null) {
            return;
        }
        quietly("docker", "rm", "-f", CONTAINER);
        quietly("docker", "network", "rm", DockerAttachment.of(network).dockerNetworkName());
        new OverlayPlumber(HostCommandRunner.host()).apply(NodeNetworks.empty(HOST_ADDR));
        hosts.close();
    }

    @Test
    void aContainerOnTheDockerNetworkReachesAPeerOnAnotherNode() {
        DockerAttachment attachment = DockerAttachment.of(network);
        List<String> create = new ArrayList<>(List.of("docker", "network", "create"));
        create.addAll(attachment.networkCreateOptions());
        check(create.toArray(String[]::new));
        DockerAttachment.ContainerEndpoint endpoint = attachment.endpoint("10.0.78.20");

        List<String> runArgs = new ArrayList<>(List.of("docker", "run", "--rm", "--name", CONTAINER));
        runArgs.addAll(endpoint.createFlags());
        runArgs.addAll(List.of(
                "skep-busybox:latest",
                "sh",
                "-c",
                "ip link show eth0 && ping -c 1 -W 3 10.0.78.7 >/dev/null && nc -w 3 10.0.78.7 80"));
        String out = check(runArgs.toArray(String[]::new));

        assertThat(out).contains(endpoint.mac()).contains("mtu 1450").endsWith("b1\n");
        assertThat(check("ip", "-o", "link", "show", "master", network.bridgeName()))
                .contains(network.vxlanName());
    }
}

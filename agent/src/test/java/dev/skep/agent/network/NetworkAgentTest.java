package dev.skep.agent.network;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.skep.agent.exec.docker.NetworkSetupFailed;
import dev.skep.api.dispatcher.NetworkView;
import dev.skep.network.NodeNetworks;
import dev.skep.network.dns.DnsServer;
import dev.skep.network.exec.RecordingCommandRunner;
import dev.skep.network.lb.LoadBalancer;
import dev.skep.network.overlay.DockerAttachment;
import dev.skep.network.overlay.OverlayPlumber;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class NetworkAgentTest {
    private static final String NET = "appnet0000abcdef";
    private static final NetworkView.Overlay APPNET = new NetworkView.Overlay(
            NET,
            "appnet",
            4098,
            "10.0.1.0/24",
            "10.0.1.1",
            null,
            List.of(
                    new NetworkView.Endpoint("t1", "10.0.1.3", "192.0.2.1"),
                    new NetworkView.Endpoint("t2", "10.0.1.4", "192.0.2.2")));
    private static final NetworkView WITH_APPNET = new NetworkView(
            "192.0.2.1",
            List.of(APPNET),
            List.of(new NetworkView.ServiceEntry(
                    "web", List.of(), "10.0.1.2", NET, List.of("10.0.1.3", "10.0.1.4"), List.of())),
            List.of());
    private static final NetworkView EMPTY = new NetworkView("192.0.2.1", List.of(), List.of(), List.of());
    /** What the kernel reports once the plumber made the network's devices. */
    private static final String LINKS =
            "[{\"ifname\":\"skb-appnet0000\",\"flags\":[\"UP\"],\"address\":\"02:42:0a:00:01:01\","
                    + "\"linkinfo\":{\"info_kind\":\"bridge\"}},{\"ifname\":\"vx-appnet0000\",\"flags\":[\"UP\"],"
                    + "\"master\":\"skb-appnet0000\",\"linkinfo\":{\"info_kind\":\"vxlan\",\"info_data\":{\"id\":4098,"
                    + "\"local\":\"192.0.2.1\"}}}]";

    private final RecordingCommandRunner ip = new RecordingCommandRunner();
    private final RecordingBalancer lb = new RecordingBalancer();
    private final FakeDockerNetworks docker = new FakeDockerNetworks();
    private final NetworkAgent agent =
            new NetworkAgent(new OverlayPlumber(ip), lb, new DnsServer(List.of(), Duration.ofSeconds(1)), docker);

    @AfterEach
    void close() {
        agent.close();
    }

    @Test
    void aNetworkDockerdRefusesFailsTheTasksWaitingForItWithDockerdsReasonUntilARetryWorks() throws Exception {
        docker.refused.put("skep-appnet0000", "Pool overlaps with other one on this address space");
        agent.update(WITH_APPNET);

        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThatThrownBy(() -> agent.awaitReady(NET, Duration.ofSeconds(5)))
                        .isInstanceOf(NetworkSetupFailed.class)
                        .hasMessage("Pool overlaps with other one on this address space"));

        docker.refused.clear(); // the stale network is gone: the agent's next pass creates it
        await().atMost(Duration.ofSeconds(60))
                .ignoreExceptionsInstanceOf(NetworkSetupFailed.class)
                .untilAsserted(() -> assertThat(
                                agent.awaitReady(NET, Duration.ofSeconds(5)).dockerNetworkName())
                        .isEqualTo("skep-appnet0000"));
    }

    @Test
    void aNetworkInTheViewIsPlumbedAndGetsItsDockerNetworkBeforeContainersMayJoin() throws Exception {
        agent.update(WITH_APPNET);

        DockerAttachment attachment = agent.awaitReady(NET, Duration.ofSeconds(5));

        assertThat(attachment.dockerNetworkName()).isEqualTo("skep-appnet0000");
        assertThat(attachment.endpoint("10.0.1.3").dnsServer()).isEqualTo("10.0.1.1");
        assertThat(docker.names).containsExactly("skep-appnet0000");
        assertThat(ip.lines())
                .contains(
                        "ip link add skb-appnet0000 type bridge",
                        "bridge fdb append 02:42:0a:00:01:04 dev vx-appnet0000 dst 192.0.2.2");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(lb.applied)
                        .last()
                        .satisfies(n -> assertThat(n.services())
                                .singleElement()
                                .satisfies(s -> assertThat(s.backends()).containsExactly("10.0.1.3", "10.0.1.4"))));
    }

    @Test
    void aNetworkTheNodeDoesNotHaveIsNotReady() {
        agent.update(EMPTY);

        assertThatThrownBy(() -> agent.awaitReady(NET, Duration.ofMillis(300))).isInstanceOf(TimeoutException.class);
    }

    @Test
    void aNetworkThatLeavesKeepsItsBridgeUntilDockerLetsGoOfItsNetwork() throws Exception {
        agent.update(WITH_APPNET);
        agent.awaitReady(NET, Duration.ofSeconds(5));
        ip.reply("ip -j -d link show", LINKS);
        docker.busy.add("skep-appnet0000");
        ip.clear();

        agent.update(EMPTY);

        await().atMost(Duration.ofSeconds(5)).until(() -> docker.removeAttempts.get() >= 2);
        assertThat(agent.readyNetworks()).isEmpty();
        assertThat(ip.lines()).doesNotContain("ip link del skb-appnet0000");

        docker.busy.clear();

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() ->
                        assertThat(ip.lines()).contains("ip link del vx-appnet0000", "ip link del skb-appnet0000"));
        assertThat(docker.names).isEmpty();
    }

    @Test
    void onASharedHostTheOverlayIsAPlainDockerNetworkWhoseNamesDockerAnswers() throws Exception {
        NetworkAgent shared = new NetworkAgent(DataPlane.SHARED_HOST, null, lb, null, docker);
        try {
            shared.update(WITH_APPNET);

            DockerAttachment attachment = shared.awaitReady(NET, Duration.ofSeconds(5));
            DockerAttachment.ContainerEndpoint endpoint = attachment.endpoint("10.0.1.3", List.of("web", "tasks.web"));

            assertThat(attachment.options()).doesNotContainKey("com.docker.network.bridge.name");
            assertThat(endpoint.dnsServer())
                    .as("no Skep DNS server on a shared host")
                    .isNull();
            assertThat(endpoint.aliases()).containsExactly("web", "tasks.web");
            assertThat(endpoint.createFlags())
                    .containsSubsequence("--network-alias", "web")
                    .doesNotContain("--dns");
            await().atMost(Duration.ofSeconds(5))
                    .untilAsserted(() -> assertThat(lb.applied)
                            .last()
                            .satisfies(n -> assertThat(n.services())
                                    .as("no VIPs to listen on")
                                    .isEmpty()));
        } finally {
            shared.close();
        }
    }

    @Test
    void onASharedHostANetworkTheNodeNoLongerUsesStaysForTheOtherNodes() throws Exception {
        NetworkAgent shared = new NetworkAgent(DataPlane.SHARED_HOST, null, lb, null, docker);
        try {
            shared.update(WITH_APPNET);
            shared.awaitReady(NET, Duration.ofSeconds(5));

            shared.update(EMPTY);

            await().atMost(Duration.ofSeconds(5))
                    .until(() -> shared.readyNetworks().isEmpty());
            assertThat(docker.removeAttempts.get()).isZero();
            assertThat(docker.names).containsExactly("skep-appnet0000");
        } finally {
            shared.close();
        }
    }

    @Test
    void onTheKernelDataPlaneServiceNamesAreNotDockerAliases() throws Exception {
        agent.update(WITH_APPNET);

        DockerAttachment.ContainerEndpoint endpoint =
                agent.awaitReady(NET, Duration.ofSeconds(5)).endpoint("10.0.1.3", List.of("web"));

        assertThat(endpoint.aliases())
                .as("Docker's DNS would answer with local tasks instead of the VIP")
                .isEmpty();
        assertThat(endpoint.createFlags()).containsSubsequence("--dns", "10.0.1.1");
    }

    private static final class RecordingBalancer implements LoadBalancer {
        final List<NodeNetworks> applied = new CopyOnWriteArrayList<>();

        @Override
        public void apply(NodeNetworks desired) {
            applied.add(desired);
        }

        @Override
        public String kind() {
            return "recording";
        }

        @Override
        public void close() {}
    }

    private static final class FakeDockerNetworks implements DockerNetworks {
        final Set<String> names = ConcurrentHashMap.newKeySet();
        final Set<String> busy = ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger removeAttempts =
                new java.util.concurrent.atomic.AtomicInteger();

        /** dockerd's answer to creating a network it refuses, by name. */
        final java.util.Map<String, String> refused = new ConcurrentHashMap<>();

        @Override
        public void ensure(DockerAttachment attachment) {
            String refusal = refused.get(attachment.dockerNetworkName());
            if (refusal != null) throw new IllegalStateException(refusal);
            names.add(attachment.dockerNetworkName());
        }

        @Override
        public boolean remove(String name) {
            removeAttempts.incrementAndGet();
            if (busy.contains(name)) return false;
            names.remove(name);
            return true;
        }

        @Override
        public Set<String> existing() {
            return Set.copyOf(names);
        }
    }
}

package dev.skep.network.overlay;

import static dev.skep.network.Fixtures.NODE_A;
import static dev.skep.network.Fixtures.NODE_B;
import static dev.skep.network.Fixtures.network;
import static dev.skep.network.Fixtures.onNodeA;
import static org.assertj.core.api.Assertions.assertThat;

import dev.skep.network.Endpoint;
import dev.skep.network.NodeNetworks;
import dev.skep.network.OverlayNetwork;
import dev.skep.network.ServiceEndpoint;
import dev.skep.network.exec.RecordingCommandRunner;
import java.util.List;
import org.junit.jupiter.api.Test;

class OverlayPlumberTest {
    private final RecordingCommandRunner ip = new RecordingCommandRunner();
    private final OverlayPlumber plumber = new OverlayPlumber(ip);

    private final OverlayNetwork net = network(
            "10.0.9.2", Endpoint.of("local-task", "10.0.9.5", NODE_A), Endpoint.of("remote-task", "10.0.9.6", NODE_B));
    private final ServiceEndpoint web =
            new ServiceEndpoint("web", List.of(), "10.0.9.100", net.id(), List.of("10.0.9.5", "10.0.9.6"), List.of());

    @Test
    void createsBridgeVxlanAddressesAndEntriesForRemoteEndpointsOnly() {
        plumber.apply(onNodeA(net, List.of(web), List.of()));

        assertThat(mutations())
                .containsExactly(
                        "ip link add skb-n1a2b3c4d5 type bridge",
                        "ip link set skb-n1a2b3c4d5 address 02:42:0a:00:09:02",
                        "ip addr add 10.0.9.1/24 dev skb-n1a2b3c4d5",
                        "ip addr add 10.0.9.2/24 dev skb-n1a2b3c4d5",
                        "ip addr add 10.0.9.100/32 dev skb-n1a2b3c4d5",
                        "ip link add vx-n1a2b3c4d5 mtu 1450 type vxlan id 4097 dstport 4789 nolearning proxy local "
                                + NODE_A,
                        "ip link set vx-n1a2b3c4d5 master skb-n1a2b3c4d5",
                        "ip link set vx-n1a2b3c4d5 up",
                        "ip link set skb-n1a2b3c4d5 up",
                        "bridge fdb append 02:42:0a:00:09:06 dev vx-n1a2b3c4d5 dst " + NODE_B,
                        "ip neigh replace 10.0.9.6 lladdr 02:42:0a:00:09:06 dev vx-n1a2b3c4d5 nud permanent");
    }

    @Test
    void changesNothingWhenTheKernelAlreadyMatches() {
        kernelHas(4097, NODE_A, "10.0.9.1/24", "10.0.9.2/24", "10.0.9.100/32");
        ip.reply(
                "bridge -j fdb show dev vx-n1a2b3c4d5",
                "[{\"mac\":\"02:42:0a:00:09:06\",\"dst\":\"" + NODE_B + "\",\"flags\":[\"self\"]},"
                        + "{\"mac\":\"02:42:0a:00:09:02\",\"master\":\"skb-n1a2b3c4d5\",\"state\":\"permanent\"}]");
        ip.reply(
                "ip -j -4 neigh show dev vx-n1a2b3c4d5",
                "[{\"dst\":\"10.0.9.6\",\"lladdr\":\"02:42:0a:00:09:06\",\"state\":[\"PERMANENT\"]}]");

        plumber.apply(onNodeA(net, List.of(web), List.of()));

        assertThat(mutations()).isEmpty();
    }

    @Test
    void removesStaleEntriesAddressesAndMovedEndpoints() {
        kernelHas(4097, NODE_A, "10.0.9.1/24", "10.0.9.2/24", "10.0.9.100/32", "10.0.9.101/32");
        ip.reply(
                "bridge -j fdb show dev vx-n1a2b3c4d5",
                "[{\"mac\":\"02:42:0a:00:09:06\",\"dst\":\"10.231.0.13\",\"flags\":[\"self\"]},"
                        + "{\"mac\":\"02:42:0a:00:09:07\",\"dst\":\"" + NODE_B + "\",\"flags\":[\"self\"]}]");
        ip.reply(
                "ip -j -4 neigh show dev vx-n1a2b3c4d5",
                "[{\"dst\":\"10.0.9.7\",\"lladdr\":\"02:42:0a:00:09:07\",\"state\":[\"PERMANENT\"]},"
                        + "{\"dst\":\"10.0.9.6\",\"lladdr\":\"02:42:0a:00:09:06\",\"state\":[\"PERMANENT\"]}]");

        plumber.apply(onNodeA(net, List.of(web), List.of()));

        assertThat(mutations())
                .containsExactly(
                        "ip addr del 10.0.9.101/32 dev skb-n1a2b3c4d5",
                        "bridge fdb del 02:42:0a:00:09:06 dev vx-n1a2b3c4d5 dst 10.231.0.13",
                        "bridge fdb del 02:42:0a:00:09:07 dev vx-n1a2b3c4d5 dst " + NODE_B,
                        "bridge fdb append 02:42:0a:00:09:06 dev vx-n1a2b3c4d5 dst " + NODE_B,
                        "ip neigh del 10.0.9.7 dev vx-n1a2b3c4d5");
    }

    @Test
    void recreatesAVxlanWithTheWrongVniAndDeletesNetworksThatLeft() {
        kernelHas(5000, NODE_A, "10.0.9.1/24", "10.0.9.2/24", "10.0.9.100/32");
        String withOld = links(5000, NODE_A)
                .replaceFirst(
                        "]$",
                        ",{\"ifname\":\"skb-old0000000\",\"linkinfo\":{\"info_kind\":\"bridge\"}},"
                                + "{\"ifname\":\"vx-old0000000\",\"master\":\"skb-old0000000\","
                                + "\"linkinfo\":{\"info_kind\":\"vxlan\",\"info_data\":{\"id\":4098}}}]");
        ip.reply("ip -j -d link show", withOld);

        plumber.apply(onNodeA(net, List.of(web), List.of()));

        assertThat(mutations())
                .contains(
                        "ip link del vx-n1a2b3c4d5",
                        "ip link add vx-n1a2b3c4d5 mtu 1450 type vxlan id 4097 dstport 4789 nolearning proxy local "
                                + NODE_A);
        assertThat(mutations()).endsWith("ip link del vx-old0000000", "ip link del skb-old0000000");
    }

    @Test
    void anEmptyStateRemovesEverySkepDevice() {
        kernelHas(4097, NODE_A, "10.0.9.1/24");

        plumber.apply(NodeNetworks.empty(NODE_A));

        assertThat(mutations()).containsExactly("ip link del vx-n1a2b3c4d5", "ip link del skb-n1a2b3c4d5");
    }

    private void kernelHas(int vni, String local, String... addresses) {
        ip.reply("ip -j -d link show", links(vni, local));
        StringBuilder addr = new StringBuilder("[{\"ifname\":\"skb-n1a2b3c4d5\",\"addr_info\":[");
        for (int i = 0; i < addresses.length; i++) {
            String[] a = addresses[i].split("/");
            addr.append(i == 0 ? "" : ",")
                    .append("{\"family\":\"inet\",\"local\":\"")
                    .append(a[0])
                    .append("\",\"prefixlen\":")
                    .append(a[1])
                    .append('}');
        }
        ip.reply("ip -j -4 addr show dev skb-n1a2b3c4d5", addr.append("]}]").toString());
    }

    private static String links(int vni, String local) {
        return "[{\"ifname\":\"lo\"},"
                + "{\"ifname\":\"skb-n1a2b3c4d5\",\"flags\":[\"UP\"],\"address\":\"02:42:0a:00:09:02\","
                + "\"linkinfo\":{\"info_kind\":\"bridge\",\"info_data\":{\"id\":\"0x8000\"}}},"
                + "{\"ifname\":\"vx-n1a2b3c4d5\",\"flags\":[\"UP\"],\"master\":\"skb-n1a2b3c4d5\","
                + "\"linkinfo\":{\"info_kind\":\"vxlan\",\"info_data\":{\"id\":" + vni + ",\"local\":\"" + local
                + "\"}}}]";
    }

    private List<String> mutations() {
        return ip.lines().stream().filter(l -> !l.contains(" -j ")).toList();
    }
}

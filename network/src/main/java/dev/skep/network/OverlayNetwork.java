package dev.skep.network;

import java.util.List;
import java.util.Objects;

/**
 * One overlay network as this node sees it.
 *
 * @param id        the network's ID (the device names use its first {@link NetworkNames#SHORT_ID} characters)
 * @param name      the network's name (for logs and the Docker network name)
 * @param vni       the VXLAN network identifier from the allocator (4097 and up)
 * @param subnet    the IPv4 subnet in CIDR form, e.g. {@code 10.0.1.0/24}
 * @param gateway   the gateway address (the same on every node; it is where containers reach this node's DNS)
 * @param lbAddress this node's own address on the network (Swarm's per-node "lb-" endpoint), or null; the bridge
 *                  carries it and the MAC derived from it. (The routing mesh no longer SNATs to it: it forwards to
 *                  other nodes over the underlay.) It must also appear as an {@link Endpoint} (with this node's
 *                  address) in the other nodes' view of the network.
 * @param endpoints every endpoint on the network cluster-wide (local and remote)
 */
public record OverlayNetwork(
        String id, String name, int vni, String subnet, String gateway, String lbAddress, List<Endpoint> endpoints) {
    public OverlayNetwork {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(subnet, "subnet");
        Objects.requireNonNull(gateway, "gateway");
        endpoints = List.copyOf(endpoints);
    }

    public int prefixLength() {
        return Integer.parseInt(subnet.substring(subnet.indexOf('/') + 1));
    }

    public String bridgeName() {
        return NetworkNames.bridge(id);
    }

    public String vxlanName() {
        return NetworkNames.vxlan(id);
    }
}

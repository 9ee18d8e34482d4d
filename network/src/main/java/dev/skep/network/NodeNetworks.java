package dev.skep.network;

import dev.skep.api.defaults.ClusterDefaults;
import java.util.List;
import java.util.Objects;

/**
 * Everything one node must realise of the cluster's networks: the desired state handed to
 * {@link dev.skep.network.overlay.OverlayPlumber}, {@link dev.skep.network.dns.DnsServer} and
 * {@link dev.skep.network.lb.LoadBalancer}. The lead builds it from the store / assignment stream; every apply
 * is a full picture (whatever is absent is removed from the node).
 *
 * @param underlayAddress this node's own address (the VXLAN source, the "node address" of local endpoints)
 * @param networks        the overlay networks that have at least one endpoint (task, or this node's LB address) here
 * @param services        service endpoints (VIP or dnsrr) on those networks, for DNS and VIP load balancing
 * @param publishedPorts  ports published by services (ingress = routing mesh on every node; host = local tasks only)
 * @param dataPathPort    the UDP port VXLAN uses between nodes (Swarm's data path port)
 */
public record NodeNetworks(
        String underlayAddress,
        List<OverlayNetwork> networks,
        List<ServiceEndpoint> services,
        List<PublishedPort> publishedPorts,
        int dataPathPort) {
    /** Swarm's default data path (VXLAN) port. */
    public static final int DEFAULT_DATA_PATH_PORT = (int) ClusterDefaults.DATA_PATH_PORT;

    public NodeNetworks {
        Objects.requireNonNull(underlayAddress, "underlayAddress");
        if (dataPathPort <= 0 || dataPathPort > 65_535) throw new IllegalArgumentException("bad port " + dataPathPort);
        networks = List.copyOf(networks);
        services = List.copyOf(services);
        publishedPorts = List.copyOf(publishedPorts);
    }

    /** The same on the default data path port. */
    public NodeNetworks(
            String underlayAddress,
            List<OverlayNetwork> networks,
            List<ServiceEndpoint> services,
            List<PublishedPort> publishedPorts) {
        this(underlayAddress, networks, services, publishedPorts, DEFAULT_DATA_PATH_PORT);
    }

    /** A node with no networks at all: applying it removes everything Skep made. */
    public static NodeNetworks empty(String underlayAddress) {
        return new NodeNetworks(underlayAddress, List.of(), List.of(), List.of());
    }

    public OverlayNetwork network(String networkId) {
        return networks.stream()
                .filter(n -> n.id().equals(networkId))
                .findFirst()
                .orElse(null);
    }
}

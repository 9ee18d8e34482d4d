package dev.skep.api.dispatcher;

import java.util.List;

/**
 * What one node must realise of the cluster's overlay networks, computed by the leader from the store and sent
 * with the assignments whenever it changes: the networks the node takes part in with every endpoint on them
 * cluster-wide (so the node can program its VXLAN forwarding without gossip), the services reachable on those
 * networks with their VIPs and running backends, and the ports published through the routing mesh. Each view is
 * the full picture: whatever it leaves out is removed from the node.
 *
 * @param underlayAddress this node's address as the cluster knows it (the VXLAN source; local endpoints carry it)
 * @param networks        overlay networks with at least one task (or this node's LB address) here
 * @param services        services on those networks
 * @param publishedPorts  ports published by services (ingress: every node; host: nodes that run a task)
 * @param dataPathPort    the cluster's VXLAN UDP port ({@code swarm init --data-path-port}); null means 4789
 */
public record NetworkView(
        String underlayAddress,
        List<Overlay> networks,
        List<ServiceEntry> services,
        List<Published> publishedPorts,
        Integer dataPathPort) {
    public NetworkView {
        networks = networks == null ? List.of() : List.copyOf(networks);
        services = services == null ? List.of() : List.copyOf(services);
        publishedPorts = publishedPorts == null ? List.of() : List.copyOf(publishedPorts);
    }

    /** A view on the default VXLAN port. */
    public NetworkView(
            String underlayAddress,
            List<Overlay> networks,
            List<ServiceEntry> services,
            List<Published> publishedPorts) {
        this(underlayAddress, networks, services, publishedPorts, null);
    }

    /** True when the node needs no overlay at all. */
    public boolean isEmpty() {
        return networks.isEmpty() && services.isEmpty() && publishedPorts.isEmpty();
    }

    /**
     * One overlay network as this node sees it.
     *
     * @param lbAddress this node's own address on the network (Swarm's per-node load-balancer endpoint), or null
     */
    public record Overlay(
            String id,
            String name,
            int vni,
            String subnet,
            String gateway,
            String lbAddress,
            List<Endpoint> endpoints) {
        public Overlay {
            endpoints = endpoints == null ? List.of() : List.copyOf(endpoints);
        }
    }

    /** An address on a network and the underlay address of the node it lives on ({@code lb-<node>} for LB ones). */
    public record Endpoint(String taskId, String ip, String nodeAddress) {}

    /**
     * A service on one network: its names, VIP (null for dnsrr), the IPs of its running tasks and its target ports.
     */
    public record ServiceEntry(
            String name,
            List<String> aliases,
            String vip,
            String networkId,
            List<String> backends,
            List<TargetPort> ports) {
        public ServiceEntry {
            aliases = aliases == null ? List.of() : List.copyOf(aliases);
            backends = backends == null ? List.of() : List.copyOf(backends);
            ports = ports == null ? List.of() : List.copyOf(ports);
        }
    }

    /** A port a service listens on inside its tasks; protocol is tcp or udp. */
    public record TargetPort(String protocol, int port) {}

    /** A published port (mode ingress or host) and the tasks behind it on {@code networkId}. */
    public record Published(
            String protocol, int publishedPort, int targetPort, String mode, String networkId, List<Backend> backends) {
        public Published {
            backends = backends == null ? List.of() : List.copyOf(backends);
        }
    }

    /** A task behind a published port and the node it runs on. */
    public record Backend(String ip, String nodeAddress) {}
}

package dev.skep.network;

import java.util.List;
import java.util.Objects;

/**
 * A service as seen on one network: its names, its VIP (null in dnsrr mode) and the IPs of its tasks that may
 * receive traffic (running, and healthy when the service has a healthcheck).
 *
 * @param serviceName the service's name (for a stack service, {@code <stack>_<service>})
 * @param aliases     extra names on this network (network aliases, and the short name {@code <service>} for stack
 *                    services)
 * @param vip         the virtual IP on this network, or null for {@code --endpoint-mode dnsrr}
 * @param networkId   the network these addresses belong to
 * @param backends    task IPs on this network
 * @param ports       the service's target ports; the kernel balancer forwards every port of a VIP (as Swarm does),
 *                    the userspace proxy can only listen on these
 */
public record ServiceEndpoint(
        String serviceName,
        List<String> aliases,
        String vip,
        String networkId,
        List<String> backends,
        List<Port> ports) {
    public ServiceEndpoint {
        Objects.requireNonNull(serviceName, "serviceName");
        Objects.requireNonNull(networkId, "networkId");
        aliases = List.copyOf(aliases);
        backends = List.copyOf(backends);
        ports = List.copyOf(ports);
    }

    public boolean dnsrr() {
        return vip == null;
    }

    /** A target port of a service. */
    public record Port(Protocol protocol, int port) {}
}

package dev.skep.manager.allocator;

import dev.skep.api.model.Network;
import dev.skep.api.model.PortConfig;
import dev.skep.api.model.Service;
import dev.skep.api.model.ServiceSpec;
import dev.skep.store.ReadTx;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A service's {@code Endpoint}: one virtual IP on each network it joins (none in dnsrr mode) and its
 * published ports, with ingress ports left at 0 given one from 30000–32767. Addresses and ports the service
 * already holds are kept.
 */
final class EndpointAllocation {
    private EndpointAllocation() {}

    /** The service with its endpoint allocated, or null when nothing changes. */
    static Service allocate(ReadTx tx, Allocations book, Service s) {
        ServiceSpec spec = s.spec();
        Service.Endpoint current = s.endpoint();
        List<Network> networks = NetworkLookup.ofService(tx, spec);
        for (Network n : networks) {
            if (book.space(n.id()) == null)
                throw new AllocationException("network " + n.name() + " is not allocated yet");
        }
        List<PortConfig> ports = ports(book, s);
        List<Service.VirtualIP> vips = ServiceNetworks.isDnsrr(spec) ? List.of() : vips(book, current, networks);
        Service.Endpoint next =
                new Service.Endpoint(spec.endpointSpec(), ports.isEmpty() ? null : ports, vips.isEmpty() ? null : vips);
        if (Objects.equals(next, current)) return null;
        releaseDropped(book, current, vips);
        book.releaseServicePorts(s.id());
        for (PortConfig p : ports) {
            if (ServiceNetworks.isIngressPort(p)) book.takeIngressPort(p.protocol(), p.publishedPort(), s.id());
        }
        return s.withEndpoint(next);
    }

    /**
     * Whether the endpoint may differ from what the spec asks for: cheap checks, so that the many service
     * updates that touch no network (update status, scaling) do not make the allocator read everything.
     */
    static boolean needsWork(ReadTx tx, Service s) {
        Service.Endpoint e = s.endpoint();
        ServiceSpec spec = s.spec();
        if (e == null || !Objects.equals(e.spec(), spec.endpointSpec())) return true;
        List<String> wanted;
        try {
            wanted = ServiceNetworks.isDnsrr(spec)
                    ? List.of()
                    : NetworkLookup.ofService(tx, spec).stream()
                            .map(Network::id)
                            .toList();
        } catch (AllocationException ex) {
            return true;
        }
        List<String> have = e.virtualIPs() == null
                ? List.of()
                : e.virtualIPs().stream().map(Service.VirtualIP::networkID).toList();
        if (!wanted.equals(have)) return true;
        int specPorts = spec.endpointSpec() == null || spec.endpointSpec().ports() == null
                ? 0
                : spec.endpointSpec().ports().size();
        int havePorts = e.ports() == null ? 0 : e.ports().size();
        return specPorts != havePorts;
    }

    private static List<Service.VirtualIP> vips(Allocations book, Service.Endpoint current, List<Network> networks) {
        Map<String, String> held = new HashMap<>();
        if (current != null && current.virtualIPs() != null) {
            for (Service.VirtualIP v : current.virtualIPs()) held.put(v.networkID(), v.addr());
        }
        List<Service.VirtualIP> out = new ArrayList<>();
        for (Network n : networks) {
            AddressSpace space = book.space(n.id());
            String addr = held.get(n.id());
            if (addr == null || !space.subnet().contains(Subnet.parseAddress(addr.split("/")[0]))) {
                long ip = space.allocate();
                if (ip < 0) throw new AllocationException("no addresses left on network " + n.name());
                addr = space.subnet().cidrOf(ip);
            }
            out.add(new Service.VirtualIP(n.id(), addr));
        }
        return out;
    }

    /** A VIP on a network the service left goes back to the pool at once. */
    private static void releaseDropped(Allocations book, Service.Endpoint current, List<Service.VirtualIP> kept) {
        if (current == null || current.virtualIPs() == null) return;
        for (Service.VirtualIP v : current.virtualIPs()) {
            if (kept.contains(v)) continue;
            AddressSpace space = book.space(v.networkID());
            if (space != null && v.addr() != null)
                space.release(Subnet.parseAddress(v.addr().split("/")[0]));
        }
    }

    /**
     * The spec's ports with defaults filled in. An ingress port left at 0 keeps the port it was given
     * before (matched by protocol and target port), else takes the lowest free one.
     */
    private static List<PortConfig> ports(Allocations book, Service s) {
        var endpointSpec = s.spec().endpointSpec();
        if (endpointSpec == null || endpointSpec.ports() == null) return List.of();
        List<PortConfig> previous = s.endpoint() == null || s.endpoint().ports() == null
                ? List.of()
                : s.endpoint().ports();
        List<PortConfig> out = new ArrayList<>();
        for (PortConfig p : endpointSpec.ports()) {
            String protocol = ServiceNetworks.protocol(p);
            String mode = ServiceNetworks.isIngressPort(p) ? ServiceNetworks.INGRESS : ServiceNetworks.HOST;
            long published = p.publishedPort() == null ? 0 : p.publishedPort();
            if (mode.equals(ServiceNetworks.INGRESS)) {
                published = published == 0 ? dynamicPort(book, s.id(), previous, p, protocol) : published;
                String owner = book.ingressPortOwner(protocol, published);
                if (owner != null && !owner.equals(s.id())) {
                    throw new AllocationException(
                            "port " + published + "/" + protocol + " is already in use by service " + owner);
                }
                book.takeIngressPort(protocol, published, s.id());
            }
            out.add(new PortConfig(p.name(), protocol, p.targetPort(), published, mode));
        }
        return out;
    }

    private static long dynamicPort(
            Allocations book, String serviceId, List<PortConfig> previous, PortConfig p, String protocol) {
        for (PortConfig old : previous) {
            if (ServiceNetworks.isIngressPort(old)
                    && protocol.equals(ServiceNetworks.protocol(old))
                    && Objects.equals(old.targetPort(), p.targetPort())
                    && old.publishedPort() != null
                    && old.publishedPort() >= Allocations.FIRST_INGRESS_PORT
                    && old.publishedPort() <= Allocations.LAST_INGRESS_PORT) {
                String owner = book.ingressPortOwner(protocol, old.publishedPort());
                if (owner == null || owner.equals(serviceId)) return old.publishedPort();
            }
        }
        long port = book.nextIngressPort(protocol, serviceId);
        if (port < 0)
            throw new AllocationException(
                    "no ingress ports left in " + Allocations.FIRST_INGRESS_PORT + "-" + Allocations.LAST_INGRESS_PORT);
        return port;
    }
}

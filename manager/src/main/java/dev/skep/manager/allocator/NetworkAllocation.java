package dev.skep.manager.allocator;

import dev.skep.api.model.Driver;
import dev.skep.api.model.IpamConfig;
import dev.skep.api.model.IpamOptions;
import dev.skep.api.model.Network;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gives a network its subnet (the one asked for, else the next {@code /SubnetSize} of the default pool),
 * its gateway (the first address unless given) and a VXLAN ID from 4097 up.
 */
final class NetworkAllocation {
    private NetworkAllocation() {}

    /** The network with its allocation, or null when it already has one. */
    static Network allocate(Allocations book, Network n) {
        if (n.isAllocated()) return null;
        IpamConfig asked = askedConfig(n);
        Subnet subnet =
                asked.subnet() == null || asked.subnet().isEmpty() ? book.carve() : Subnet.parse(asked.subnet());
        if (subnet == null) throw new AllocationException("no subnet left in the default address pool");
        Subnet clash = book.overlapping(subnet, n.id());
        if (clash != null) {
            throw new AllocationException("subnet " + subnet + " of network " + n.name() + " overlaps " + clash);
        }
        String gateway = asked.gateway() == null || asked.gateway().isEmpty()
                ? Subnet.format(subnet.firstHost())
                : asked.gateway();
        String range = asked.range() == null || asked.range().isEmpty() ? null : asked.range();
        int vni = n.vni() != null ? n.vni() : book.nextVni();
        Network allocated = n.withAllocation(
                driverState(n, vni),
                new IpamOptions(ipamDriver(n), List.of(new IpamConfig(subnet.toString(), range, gateway))));
        book.allocated(allocated);
        return allocated;
    }

    private static IpamConfig askedConfig(Network n) {
        var ipam = n.spec() == null ? null : n.spec().ipamOptions();
        if (ipam == null || ipam.configs() == null || ipam.configs().isEmpty()) return new IpamConfig(null, null, null);
        return ipam.configs().get(0);
    }

    /** The overlay driver with the user's options and the VXLAN ID, as Swarm reports it. */
    private static Driver driverState(Network n, int vni) {
        Map<String, String> options = new LinkedHashMap<>();
        Driver asked = n.spec() == null ? null : n.spec().driverConfiguration();
        if (asked != null && asked.options() != null) options.putAll(asked.options());
        options.put(Network.VXLAN_ID_OPTION, Integer.toString(vni));
        return new Driver(Network.OVERLAY, options);
    }

    private static Driver ipamDriver(Network n) {
        var ipam = n.spec() == null ? null : n.spec().ipamOptions();
        Driver d = ipam == null ? null : ipam.driver();
        return new Driver(Network.DEFAULT_IPAM, d == null ? null : d.options());
    }
}

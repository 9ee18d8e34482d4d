package dev.skep.manager.allocator;

import dev.skep.api.model.Driver;
import dev.skep.api.model.Network;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Each node's own address on the ingress network (Swarm's per-node "ingress-sbox"/"lb-" endpoint). A node that
 * forwards a published port to a task on another node SNATs the connection to this address, so the task's reply
 * crosses the overlay back to the forwarding node instead of leaving from its own node. Only the ingress network
 * needs one: VIP traffic keeps the client container's overlay address, whose replies are bridged back anyway.
 * <p>
 * The addresses are kept with the network they belong to, in its {@code DriverState} options as
 * {@value #OPTION_PREFIX}{@code <node ID>} → address, so they are replicated with it, rebuilt from the store like
 * every other allocation, and released when the node leaves (or the network goes).
 */
public final class NodeLbAddresses {
    public static final String OPTION_PREFIX = "dev.skep.lb-address.";

    private NodeLbAddresses() {}

    /** Node ID → LB address (no prefix length) on the network. */
    public static Map<String, String> of(Network n) {
        Map<String, String> out = new TreeMap<>();
        Map<String, String> options =
                n.driverState() == null ? null : n.driverState().options();
        if (options == null) return out;
        options.forEach((k, v) -> {
            if (k.startsWith(OPTION_PREFIX) && v != null && !v.isEmpty())
                out.put(k.substring(OPTION_PREFIX.length()), v);
        });
        return out;
    }

    /**
     * The network with an LB address for each of {@code nodeIds} and none for other nodes, or null when nothing
     * changes. New addresses are taken from {@code space}.
     *
     * @throws AllocationException when the subnet is full
     */
    static Network assign(Network n, Collection<String> nodeIds, AddressSpace space) {
        Map<String, String> have = of(n);
        // a set: with thousands of nodes, a list's contains per node made every join quadratic
        Set<String> nodes = new HashSet<>(nodeIds);
        if (have.keySet().equals(nodes)) return null;
        Map<String, String> options = new LinkedHashMap<>(n.driverState().options());
        have.forEach((node, ip) -> {
            if (!nodes.contains(node)) {
                options.remove(OPTION_PREFIX + node);
                space.release(Subnet.parseAddress(ip));
            }
        });
        for (String node : nodeIds) {
            if (have.containsKey(node)) continue;
            long ip = space.allocate();
            if (ip < 0) throw new AllocationException("no address left for node " + node + " on " + n.name());
            options.put(OPTION_PREFIX + node, Subnet.format(ip));
        }
        return n.withAllocation(new Driver(n.driverState().name(), options), n.ipamOptions());
    }
}

package dev.skep.manager.allocator;

import dev.skep.api.model.Driver;
import dev.skep.api.model.Ids;
import dev.skep.api.model.Network;
import dev.skep.api.model.NetworkSpec;
import java.util.Map;

/**
 * The routing-mesh network every swarm starts with: named {@code ingress}, overlay, with no explicit
 * subnet, so the allocator gives it the first subnet of the default pool (10.0.0.0/24 by default), as Swarm.
 */
public final class IngressNetwork {
    public static final String NAME = "ingress";

    private IngressNetwork() {}

    /** A new, unallocated ingress network to store. */
    public static Network create() {
        NetworkSpec spec = new NetworkSpec(
                NAME, Map.of(), new Driver(Network.OVERLAY, null), null, null, null, true, null, null, "swarm");
        return new Network(Ids.newId(), null, null, null, spec, null, null);
    }
}

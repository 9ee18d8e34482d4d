package dev.skep.api.net;

import dev.skep.api.model.Node;

/**
 * Where the cluster reaches a node, read from its {@link Node} record: the address its sessions come from
 * ({@code Status.Addr}), unless the node was given a data path address ({@code --data-path-addr}), which it reports
 * as the engine label {@value #DATA_PATH_ADDR_LABEL} (visible in {@code docker node inspect}).
 */
public final class NodeAddresses {
    /** The engine label carrying a node's {@code --data-path-addr}. */
    public static final String DATA_PATH_ADDR_LABEL = "skep.data-path-addr";

    private NodeAddresses() {}

    /** The node's host as the cluster knows it (Status.Addr, host part only), or null when unknown. */
    public static String host(Node n) {
        String addr = n.status() == null ? null : n.status().addr();
        if (addr == null || addr.isBlank()) return null;
        try {
            return Address.parse(addr).host();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** The address overlay (VXLAN) traffic to this node goes to: its data path address, else its host. */
    public static String dataPath(Node n) {
        Node.Engine engine = n.description() == null ? null : n.description().engine();
        String label = engine == null || engine.labels() == null
                ? null
                : engine.labels().get(DATA_PATH_ADDR_LABEL);
        return label != null && !label.isBlank() ? label : host(n);
    }
}

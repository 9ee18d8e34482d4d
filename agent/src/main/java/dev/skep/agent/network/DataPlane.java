package dev.skep.agent.network;

import java.util.Locale;

/** How a node realises the cluster's overlay networks. */
public enum DataPlane {
    /**
     * The node owns a network stack (a host or a network namespace, as root): its own bridges and VXLAN devices,
     * Skep's DNS server on each gateway, VIPs and the routing mesh in nftables (or the userspace proxy).
     */
    KERNEL,
    /**
     * Several nodes are processes on one host and share its dockerd, without root (so no devices, no port 53, no
     * nftables): each overlay is one Docker bridge network that all the nodes' tasks join, dockerd's embedded DNS
     * answers service names with the tasks' addresses (as {@code --endpoint-mode dnsrr} would: there is no VIP),
     * and published ports are the userspace proxy's, listening on the host (with SO_REUSEPORT, on every node).
     */
    SHARED_HOST;

    /** Parses the {@code --data-plane} value: {@code kernel} or {@code shared-host}. */
    public static DataPlane parse(String value) {
        for (DataPlane p : values()) {
            if (p.flag().equals(value.toLowerCase(Locale.ROOT))) return p;
        }
        throw new IllegalArgumentException("--data-plane must be kernel or shared-host, not " + value);
    }

    /** The value as the command line spells it. */
    public String flag() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}

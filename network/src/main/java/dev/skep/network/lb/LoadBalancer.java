package dev.skep.network.lb;

import dev.skep.network.NodeNetworks;

/**
 * Makes service VIPs and published ports on this node forward to their tasks. {@link #apply} takes the full desired
 * state, is idempotent and removes whatever is no longer desired; {@link #close} removes everything.
 */
public interface LoadBalancer extends AutoCloseable {
    void apply(NodeNetworks desired);

    /** Which implementation is in effect ("nftables" or "userspace"). */
    String kind();

    @Override
    void close();
}
